/** The server's shapes the staff screens read (service spec in the editor, a case in the case view), in one place. */
import type { schemas } from "../../api.ts";
import type { Localized, Sla } from "./shared.tsx";

// ---------- Service editor: GET /api/admin/catalog/services/:key/editor ----------

export interface FieldSpec {
  name: string;
  type: string;
  label: Localized;
  required?: boolean;
  options?: { value: string; label: Localized }[];
  [k: string]: unknown;
}
export interface StateSpec {
  key: string;
  label: Localized;
  slaDays?: number;
  terminal?: boolean;
  outcome?: string;
  citizenEditable?: boolean;
  payment?: boolean;
  awaitsCitizen?: boolean;
  limit?: string;
  [k: string]: unknown;
}
export interface ActionSpec {
  key: string;
  label: Localized;
  from: string[];
  to: string;
  roles: string[];
  requireComment?: boolean;
  requireDocument?: boolean;
  forward?: boolean;
  [k: string]: unknown;
}
export interface Requirement {
  id: string;
  en: string;
  field?: string;
  optional?: boolean;
}
export interface ServiceSpec {
  key: string;
  kind?: string;
  counter?: Localized;
  legalBasis?: string[];
  /** The workflow template's name in the catalog (null: a workflow of the service's own). */
  workflowRef?: string | null;
  name: Localized;
  summary: Localized;
  channel: string;
  fee: { amount: number; [k: string]: unknown };
  slaDays: number;
  requirements: Requirement[];
  form: { fields: FieldSpec[] };
  workflow: { start: string; states: StateSpec[]; actions: ActionSpec[] };
  [k: string]: unknown;
}
export interface ServiceVersion {
  version: number;
  status: string;
  published_at: string | null;
}
export interface EditorData {
  spec: ServiceSpec;
  version: number;
  status: "draft" | "published";
  versions: ServiceVersion[];
}
/** Applies a change to a copy of the spec being edited. */
export type EditSpec = (fn: (s: ServiceSpec) => void) => void;

// ---------- Case view: GET /api/cases/:id (the contract's CaseView) ----------

export type CaseField = schemas["FormField"];
/** An action the viewer may take; the contract leaves the flags beyond requireComment open. */
export type CaseAction = schemas["CaseAction"] & { requireDocument?: boolean; forward?: boolean };
export type CaseEvent = schemas["CaseEvent"];
export type CaseFile = schemas["CaseFile"];
/** The staff view adds what the contract's CaseView leaves open ([key: string]: unknown) for staff only. */
export type StaffCase = schemas["CaseView"] & {
  actions: CaseAction[];
  applicantName: string;
  kelurahan: string | null;
  stateDueAt: string | null;
  sla: Sla | "none";
  escalated: boolean;
};
