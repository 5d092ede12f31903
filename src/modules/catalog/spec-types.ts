/** Service catalog types: the spec as written and as resolved. */
import type { Channel, ComplaintClassification, ComplaintLimits, FieldType, Role, ServedBy, ServiceKind, UnitCode } from "./spec-constants.ts";

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export interface Localized {
  id: string;
  en: string;
}

export interface FieldOption {
  value: string;
  label: Localized;
}

export interface FormField {
  name: string;
  type: FieldType;
  label: Localized;
  help?: Localized;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  options?: FieldOption[];
  accept?: string[];
  maxSizeMb?: number;
  multiple?: boolean;
}

/** Reference to a shared field in fields.yaml, with optional overrides. */
export interface FieldUse {
  use: string;
  name?: string;
  label?: Localized;
  help?: Localized;
  required?: boolean;
}

export interface WorkflowState {
  key: string;
  label: Localized;
  slaDays?: number;
  terminal?: boolean;
  outcome?: "success" | "failure" | "withdrawn";
  citizenEditable?: boolean;
  payment?: boolean;
  /** Complaints: this step's slaDays come from the service's `complaint.limits` entry of this name. */
  limit?: "verifyDays" | "followUpDays";
  /** The case waits for the citizen here (e.g. to confirm a reply): the time is not the service's to keep. */
  awaitsCitizen?: boolean;
}

export interface WorkflowAction {
  key: string;
  label: Localized;
  from: string[];
  to: string;
  roles: Role[];
  requireComment?: boolean;
  requireDocument?: boolean;
  forward?: boolean;
}

export interface Workflow {
  description?: Localized;
  start: string;
  states: WorkflowState[];
  actions: WorkflowAction[];
}

export interface Requirement extends Localized {
  field?: string;
  optional?: boolean;
}

export interface Fee {
  amount: number;
  basis?: Localized;
  variable?: boolean;
}

/** The `complaint:` block of a service of kind complaint (e-Lapor categories). */
export interface ComplaintSpec {
  classification: ComplaintClassification;
  /** The responsible OPD (any org unit code of the tenant), and/or `local`: the kelurahan/kecamatan of the location. */
  routing: { unit?: string; local?: "kelurahan" | "kecamatan"; byField?: { field: string; codePrefix: string } };
  /** `tppk`: a report involving minors, seen only by the reporter and the anti-violence team (docs/schools.md). */
  protection?: "tppk";
  /** Open reports of the same category within this distance are offered as duplicates before sending. */
  duplicateRadiusMeters: number;
  anonymousAllowed: boolean;
  /** Closing the loop: an after-photo is required/optional to resolve, and the reporter confirms the fix; none: neither (default optional). */
  afterPhoto?: "required" | "optional" | "none";
  limits?: Partial<ComplaintLimits>;
}

/**
 * The output document of a service (docs/documents.md): generated when the case reaches the state the
 * signer's action starts from, signed from the signer's queue (which performs that action).
 * Text may use {field} (a form field), {city}, {unit}, {unit.parent}, {signer.title}, {case.number}, {today}.
 */
export interface DocumentTemplate {
  title: string;
  /** e.g. "470/{seq}/KEL-{unit}/{year}"; also {month} (Roman numeral) and {unitCode}. */
  numbering: string;
  signer: { role: "lurah" | "camat" | "opd_admin" | "kominfo_admin"; action: string };
  /** Kop surat address line. */
  address?: string;
  body: Array<string | { rows: Array<{ label: string; value: string }> }>;
}

export interface ServiceSpec {
  key: string;
  prefix: string;
  kind: ServiceKind;
  name: Localized;
  summary: Localized;
  category: string;
  lifeEvents?: string[];
  keywords?: string[];
  audience?: "citizen" | "business" | "both";
  channel: Channel;
  counter?: Localized;
  servedBy: ServedBy;
  fee: Fee;
  slaDays: number;
  legalBasis: string[];
  requirements: Requirement[];
  steps: Localized[];
  form: { fields: Array<FormField | FieldUse> };
  workflow: string | Workflow;
  output?: { document?: Localized; signedElectronically?: boolean; template?: DocumentTemplate };
  externalUrl?: string;
  complaint?: ComplaintSpec;
  /** Working days per workflow step for this service (replaces the template's slaDays of those states). */
  stepDays?: Record<string, number>;
  /** published (default) or retired: a retired service takes no applications and its page says why. */
  status?: "published" | "retired";
  retired?: RetiredNotice;
  /** The national system that holds the service, and what Balai does for it (docs/catalog.md). */
  nationalSystem?: NationalSystemRef;
}

export interface RetiredNotice {
  since: string;
  reason: Localized;
  /** The service (key) or place that replaces it, if any. */
  replacedBy?: string;
}

export const NATIONAL_SYSTEMS = ["SIAK", "SIMBG", "OSS-RBA", "SIAPkerja", "SKCK-Polri", "SP4N-LAPOR", "DTSEN"] as const;
export type NationalSystem = (typeof NATIONAL_SYSTEMS)[number];

/**
 * guide: Balai explains the requirements and links to the national system or counter (no application here);
 * intake: Balai collects and checks the documents, then hands the case over (the decision is the national system's);
 * mirror: Balai shows the national status by its reference number.
 */
export interface NationalSystemRef {
  system: NationalSystem;
  role: "guide" | "intake" | "mirror";
  url: string;
}

/** One OPD catalog file (catalog/<unit>.yaml), or a collection file (catalog/<collection>.yaml). */
export interface CatalogFile {
  unit: UnitCode;
  /** A themed file beside the unit's own file (e.g. `lapor`): named <collection>.yaml, may share its unit. */
  collection?: string;
  name?: Localized;
  services: ServiceSpec[];
}

/** A service after template and shared-field resolution. */
export interface ResolvedService extends Omit<ServiceSpec, "form" | "workflow"> {
  unit: UnitCode;
  file: string;
  form: { fields: FormField[] };
  workflow: Workflow;
  /** Template name from workflows.yaml, or null for an inline workflow. */
  workflowRef: string | null;
}

export interface Taxon {
  key: string;
  name: Localized;
  description?: Localized;
  icon?: string;
}

export interface CatalogUnit {
  unit: UnitCode;
  name?: Localized;
  file: string;
  serviceKeys: string[];
}

export interface CatalogError {
  file: string;
  /** Dotted path inside the file, e.g. services[3].form.fields[2].type ('' = whole file). */
  path: string;
  message: string;
}

export interface LoadedCatalog {
  dir: string;
  units: CatalogUnit[];
  /** Resolved services, in file order. Do not use the catalog when errors is non-empty. */
  services: ResolvedService[];
  workflows: Record<string, Workflow>;
  categories: Taxon[];
  lifeEvents: Taxon[];
  sharedFields: Record<string, FormField>;
  errors: CatalogError[];
}

/** Cross-reference context for validateCatalogFile; checks are skipped for what is absent. */
export interface CatalogContext {
  workflows?: Record<string, Workflow>;
  categories?: Iterable<string>;
  lifeEvents?: Iterable<string>;
  sharedFields?: Record<string, FormField>;
}

/** Already-parsed catalog sources (what loadCatalogDir reads from disk). */
export interface CatalogSources {
  dir?: string;
  workflows: unknown;
  categories: unknown;
  fields?: unknown;
  files: Array<{ fileName: string; data: unknown }>;
}
