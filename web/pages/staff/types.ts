/** The server's shapes the staff screens read (service spec in the editor, a case in the case view), in one place. */
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

// ---------- Case view: GET /api/cases/:id ----------

export interface CaseField {
  name: string;
  type: string;
  label: Localized;
  options?: { value: string; label: Localized }[];
}
export interface CaseAction {
  key: string;
  label: Localized;
  to: string;
  requireComment: boolean;
  requireDocument: boolean;
  forward: boolean;
}
export interface CaseEvent {
  at: string;
  kind: string;
  action: string | null;
  from: string | null;
  to: string | null;
  toLabel: Localized | null;
  actorName: string | null;
  actorRole: string | null;
  comment: string | null;
}
export interface CaseFile {
  id: string;
  field: string | null;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string;
}
export interface StaffCase {
  id: string;
  number: string;
  service: { key: string; version: number; name: Localized | string; prefix: string; kind: string };
  form: { fields: CaseField[] };
  state: string;
  stateLabel: Localized;
  isOpen: boolean;
  version: number;
  data: Record<string, unknown>;
  applicantName: string;
  unit: { code: string; name: string } | null;
  kelurahan: string | null;
  submittedAt: string | null;
  slaDueAt: string | null;
  stateDueAt: string | null;
  sla: Sla | "none";
  escalated: boolean;
  actions: CaseAction[];
  events: CaseEvent[];
  files: CaseFile[];
}
