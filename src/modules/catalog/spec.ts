/**
 * Service catalog specification: types, loader and validator.
 *
 * Pure functions only (file reads aside): no database, no HTTP. The loader reads a
 * catalog directory (workflows.yaml, categories.yaml, fields.yaml and one YAML file
 * per OPD), validates everything against catalog/service-spec.schema.json plus the
 * semantic rules below, resolves workflow templates and shared fields, and returns
 * the catalog together with every error found (errors are collected, never thrown).
 *
 * Format reference: docs/service-spec.md
 */
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse as parseYaml } from "yaml";

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

export const ROLES = [
  "kominfo_admin",
  "opd_admin",
  "opd_operator",
  "lurah",
  "camat",
  "command_operator",
  "call_taker",
  "dispatcher",
  "auditor",
  "citizen",
] as const;
export type Role = (typeof ROLES)[number];

export const FIELD_TYPES = ["text", "textarea", "number", "date", "choice", "multichoice", "nik", "phone", "email", "address", "file", "checkbox"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const SERVICE_KINDS = ["application", "complaint", "incident", "booking"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const CHANNELS = ["online", "offline", "hybrid", "command"] as const;
export type Channel = (typeof CHANNELS)[number];

export const SERVED_BY = ["owner", "kelurahan", "kecamatan"] as const;
export type ServedBy = (typeof SERVED_BY)[number];

/** LAPOR! SP4N classification of a complaint category. */
export const COMPLAINT_CLASSIFICATIONS = ["aspirasi", "pengaduan", "permintaan_informasi"] as const;
export type ComplaintClassification = (typeof COMPLAINT_CLASSIFICATIONS)[number];

/** Time limits of a complaint category (working days, except reopenDays: calendar days after closing). */
export const COMPLAINT_LIMIT_DEFAULTS = { verifyDays: 3, followUpDays: 5, autoCloseDays: 10, reopenDays: 14 } as const;
export type ComplaintLimits = { verifyDays: number; followUpDays: number; autoCloseDays: number; reopenDays: number };

export const UNIT_CODES = [
  "DISKOMINFO",
  "DISDUKCAPIL",
  "DPMPTSP",
  "DISDAG",
  "DISHUB",
  "DINKES",
  "DLH",
  "PUPR",
  "DISDIK",
  "SATPOLPP",
  "DAMKAR",
  "BPBD",
  "BPKAD",
  "BAPENDA",
  "BAPPEDA",
  "DINSOS",
  "DISNAKER",
  "DISPERKIM",
  "DKUKM",
  "DISBUDPAR",
  "DPPPA",
  "DISPORA",
  "KESBANGPOL",
  "BKPSDM",
  "DKPP",
  "DISARPUS",
  "RSUD",
  "KELURAHAN",
  "KECAMATAN",
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

/** File names in a catalog directory that are not OPD files. */
export const SHARED_FILES = ["workflows.yaml", "categories.yaml", "fields.yaml"] as const;

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
  routing: { unit?: string; local?: "kelurahan" | "kecamatan" };
  /** Open reports of the same category within this distance are offered as duplicates before sending. */
  duplicateRadiusMeters: number;
  anonymousAllowed: boolean;
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

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

const SCHEMA_URL = new URL("../../../catalog/service-spec.schema.json", import.meta.url);

interface Validators {
  file: ValidateFunction;
  workflows: ValidateFunction;
  categories: ValidateFunction;
  fields: ValidateFunction;
  field: ValidateFunction;
}

let validators: Validators | undefined;

function getValidators(): Validators {
  if (validators) return validators;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as { $id: string };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(schema);
  const get = (fragment: string): ValidateFunction => {
    const v = ajv.getSchema(schema.$id + fragment);
    if (!v) throw new Error(`service-spec.schema.json: cannot compile ${fragment || "root"}`);
    return v;
  };
  validators = {
    file: get(""),
    workflows: get("#/definitions/workflowsFile"),
    categories: get("#/definitions/categoriesFile"),
    fields: get("#/definitions/fieldsFile"),
    field: get("#/definitions/field"),
  };
  return validators;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function join(base: string, seg: string | number): string {
  if (typeof seg === "number") return `${base}[${seg}]`;
  return base ? `${base}.${seg}` : seg;
}

/** '/services/0/form/fields/2/type' -> 'services[0].form.fields[2].type' */
function pointerToPath(pointer: string): string {
  if (!pointer) return "";
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out = /^\d+$/.test(seg) ? join(out, Number(seg)) : join(out, seg);
  }
  return out;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(", ");
}

const PATTERN_HINTS: Record<string, string> = {
  "^[a-z0-9]+(-[a-z0-9]+)*$": "must be kebab-case (lowercase letters and digits separated by single hyphens)",
  "^[a-z][a-z0-9_]*$": "must be snake_case (lowercase letter first, then lowercase letters, digits or _)",
  "^[A-Z]{2,5}$": "must be 2-5 uppercase letters (A-Z)",
  "^https://": "must be an https:// URL",
  "^[a-z]+/[a-z0-9.+-]+$": "must be a MIME type such as application/pdf",
};

function valueAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function describe(v: unknown): string {
  if (typeof v === "string") return `"${v}"`;
  if (v === undefined) return "nothing";
  return JSON.stringify(v);
}

/** Human label for the service an instance path belongs to, e.g. 'service "akta-kelahiran": '. */
function serviceContext(root: unknown, pointer: string): string {
  const m = /^\/services\/(\d+)/.exec(pointer);
  if (!m || !isObj(root)) return "";
  const svc = arr(root.services)[Number(m[1])];
  const key = isObj(svc) ? str(svc.key) : undefined;
  return key ? `service "${key}": ` : "";
}

function ajvErrors(errors: ErrorObject[] | null | undefined, root: unknown, file: string): CatalogError[] {
  const out: CatalogError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === "if") continue; // the failing "then"/"else" branch reports the real error
    let p = pointerToPath(e.instancePath);
    let message: string;
    const value = valueAt(root, e.instancePath);
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "enum": {
        const allowed = (params.allowedValues as unknown[]) ?? [];
        const last = p.split(/[.[]/).pop() ?? "";
        const what = /roles\[\d+\]$/.test(p)
          ? "unknown role"
          : /fields\[\d+\]\.type$/.test(p)
            ? "unknown field type"
            : `invalid ${last.replace(/\]$/, "") || "value"}`;
        message = `${what} ${describe(value)}; allowed: ${quoteList(allowed)}`;
        break;
      }
      case "additionalProperties":
        p = join(p, String(params.additionalProperty));
        message = `unknown property "${String(params.additionalProperty)}"`;
        break;
      case "required": {
        const missing = String(params.missingProperty);
        p = join(p, missing);
        message =
          missing === "counter" ? "counter (service desk address) is required when channel is offline or hybrid" : `missing required property "${missing}"`;
        break;
      }
      case "pattern":
        message = `${PATTERN_HINTS[String(params.pattern)] ?? `must match ${String(params.pattern)}`} (got ${describe(value)})`;
        break;
      case "type":
        message = `must be ${Array.isArray(params.type) ? params.type.join(" or ") : String(params.type)} (got ${describe(value)})`;
        break;
      case "minItems":
        message = `must have at least ${String(params.limit)} item(s)`;
        break;
      default:
        message = `${e.message ?? "is invalid"}${value !== undefined && typeof value !== "object" ? ` (got ${describe(value)})` : ""}`;
    }
    message = serviceContext(root, e.instancePath) + message;
    const id = `${p}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ file, path: p, message });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Workflow graph checks
// ---------------------------------------------------------------------------

interface PathMessage {
  path: string;
  message: string;
}

function checkWorkflow(wf: unknown): PathMessage[] {
  const errs: PathMessage[] = [];
  const add = (p: string, message: string): void => {
    errs.push({ path: p, message });
  };
  if (!isObj(wf)) {
    add("", "workflow must be an object with start, states and actions");
    return errs;
  }
  const states = arr(wf.states);
  const actions = arr(wf.actions);
  const stateKeys = new Set<string>();
  const terminal = new Set<string>();
  states.forEach((s, i) => {
    if (!isObj(s) || !str(s.key)) return;
    const key = s.key as string;
    if (stateKeys.has(key)) add(`states[${i}].key`, `duplicate state "${key}"`);
    stateKeys.add(key);
    if (s.terminal === true) terminal.add(key);
    else if (s.outcome !== undefined) add(`states[${i}].outcome`, `state "${key}" has an outcome but is not terminal`);
  });
  if (states.length === 0) add("states", "workflow has no states");
  else if (terminal.size === 0) add("states", "workflow has no terminal state (mark at least one state with terminal: true)");

  const start = str(wf.start);
  if (!start) add("start", "workflow has no start state");
  else if (!stateKeys.has(start)) add("start", `start state "${start}" is not one of the states (${quoteList([...stateKeys])})`);

  const out = new Map<string, Set<string>>();
  const actionKeys = new Set<string>();
  actions.forEach((a, i) => {
    if (!isObj(a)) return;
    const key = str(a.key) ?? `#${i}`;
    if (actionKeys.has(key)) add(`actions[${i}].key`, `duplicate action "${key}"`);
    actionKeys.add(key);
    const to = str(a.to);
    if (to !== undefined && !stateKeys.has(to)) add(`actions[${i}].to`, `action "${key}" goes to unknown state "${to}"`);
    arr(a.from).forEach((f, j) => {
      if (typeof f !== "string") return;
      if (!stateKeys.has(f)) {
        add(`actions[${i}].from[${j}]`, `action "${key}" starts from unknown state "${f}"`);
        return;
      }
      if (terminal.has(f)) {
        add(`actions[${i}].from[${j}]`, `action "${key}" leaves terminal state "${f}"; terminal states cannot have outgoing actions`);
      }
      if (to !== undefined && stateKeys.has(to)) {
        let set = out.get(f);
        if (!set) {
          set = new Set();
          out.set(f, set);
        }
        set.add(to);
      }
    });
    arr(a.roles).forEach((r, j) => {
      if (typeof r === "string" && !(ROLES as readonly string[]).includes(r)) {
        add(`actions[${i}].roles[${j}]`, `unknown role "${r}" in action "${key}"; allowed: ${quoteList(ROLES)}`);
      }
    });
  });

  // Reachability from start.
  if (start && stateKeys.has(start)) {
    const reached = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const cur = queue.shift() as string;
      for (const next of out.get(cur) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    states.forEach((s, i) => {
      if (isObj(s) && typeof s.key === "string" && !reached.has(s.key)) {
        add(`states[${i}]`, `state "${s.key}" is unreachable from start state "${start}"`);
      }
    });
  }

  // Dead ends and states that can never finish.
  const canFinish = new Set<string>(terminal);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [from, tos] of out) {
      if (canFinish.has(from)) continue;
      for (const t of tos) {
        if (canFinish.has(t)) {
          canFinish.add(from);
          changed = true;
          break;
        }
      }
    }
  }
  states.forEach((s, i) => {
    if (!isObj(s) || typeof s.key !== "string" || terminal.has(s.key)) return;
    const tos = [...(out.get(s.key) ?? [])].filter((t) => t !== s.key);
    if (tos.length === 0) {
      add(`states[${i}]`, `state "${s.key}" is not terminal but has no outgoing action to another state (dead end)`);
    } else if (terminal.size > 0 && !canFinish.has(s.key)) {
      add(`states[${i}]`, `state "${s.key}" can never reach a terminal state`);
    }
  });
  return errs;
}

/**
 * Checks a workflow graph. Returns human-readable problems ('' = none), each prefixed
 * with where it is, e.g. 'states[3]: state "x" is unreachable from start state "submitted"'.
 */
export function validateWorkflow(wf: unknown): string[] {
  return checkWorkflow(wf).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
}

// ---------------------------------------------------------------------------
// Field checks
// ---------------------------------------------------------------------------

function checkField(f: Obj, p: string, ctx: string): CatalogError[] {
  const errs: CatalogError[] = [];
  const add = (sub: string, message: string): void => {
    errs.push({ file: "", path: sub ? join(p, sub) : p, message: ctx + message });
  };
  const name = str(f.name) ?? "?";
  const type = str(f.type);
  const isChoice = type === "choice" || type === "multichoice";
  if (isChoice && arr(f.options).length === 0) {
    add("options", `${type} field "${name}" needs at least one option (options: [{ value, label: { id, en } }])`);
  }
  if (!isChoice && f.options !== undefined) add("options", `field "${name}" has options but type is "${type}" (only choice/multichoice take options)`);
  if (type !== "file" && (f.accept !== undefined || f.maxSizeMb !== undefined || f.multiple !== undefined)) {
    add("", `field "${name}": accept/maxSizeMb/multiple only apply to file fields (type is "${type}")`);
  }
  if (type === "file" && f.accept === undefined) add("accept", `file field "${name}" must list accepted MIME types (accept)`);
  if (typeof f.min === "number" && typeof f.max === "number" && f.min > f.max) add("min", `field "${name}": min (${f.min}) is greater than max (${f.max})`);
  if (typeof f.minLength === "number" && typeof f.maxLength === "number" && f.minLength > f.maxLength) {
    add("minLength", `field "${name}": minLength is greater than maxLength`);
  }
  if ((f.min !== undefined || f.max !== undefined) && type !== "number") add("", `field "${name}": min/max only apply to number fields`);
  const values = new Set<string>();
  arr(f.options).forEach((o, i) => {
    if (!isObj(o) || typeof o.value !== "string") return;
    if (values.has(o.value)) add(`options[${i}].value`, `field "${name}": duplicate option value "${o.value}"`);
    values.add(o.value);
  });
  return errs;
}

function resolveFields(
  rawFields: unknown[],
  shared: Record<string, FormField> | undefined,
  basePath: string,
  ctx: string,
): { fields: FormField[]; errors: CatalogError[] } {
  const fields: FormField[] = [];
  const errors: CatalogError[] = [];
  const names = new Map<string, number>();
  rawFields.forEach((raw, i) => {
    if (!isObj(raw)) return;
    const p = join(basePath, i);
    let field: Obj = raw;
    if (typeof raw.use === "string") {
      if (!shared) {
        field = { ...raw, name: raw.name ?? raw.use };
      } else {
        const base = shared[raw.use];
        if (!base) {
          errors.push({ file: "", path: join(p, "use"), message: `${ctx}unknown shared field "${raw.use}" (not defined in fields.yaml)` });
          return;
        }
        const { use: _use, ...overrides } = raw;
        field = { ...base, ...overrides, name: str(raw.name) ?? base.name };
      }
    } else {
      errors.push(...checkField(raw, p, ctx));
    }
    const name = str(field.name);
    if (name) {
      if (names.has(name)) {
        errors.push({ file: "", path: join(p, "name"), message: `${ctx}duplicate field name "${name}" (also fields[${names.get(name)}])` });
      } else names.set(name, i);
    }
    fields.push(field as unknown as FormField);
  });
  return { fields, errors };
}

// ---------------------------------------------------------------------------
// One OPD file
// ---------------------------------------------------------------------------

/** A complaint category's limits replace the slaDays of workflow states marked with `limit`. */
function applyComplaintLimits(wf: Workflow, limits: unknown): Workflow {
  const l = { ...COMPLAINT_LIMIT_DEFAULTS, ...(isObj(limits) ? limits : {}) } as ComplaintLimits;
  if (!wf.states?.some((st) => st.limit)) return wf;
  return { ...wf, states: wf.states.map((st) => (st.limit && typeof l[st.limit] === "number" ? { ...st, slaDays: l[st.limit] } : st)) };
}

function hasPaymentState(wf: unknown): boolean {
  return isObj(wf) && arr(wf.states).some((s) => isObj(s) && s.payment === true);
}

interface FileResult {
  errors: CatalogError[];
  services: ResolvedService[];
}

function checkCatalogFile(obj: unknown, fileName: string, ctx: CatalogContext = {}): FileResult {
  const file = path.basename(fileName);
  const v = getValidators();
  const schemaErrors = v.file(obj) ? [] : ajvErrors(v.file.errors, obj, file);
  const schemaPaths = new Set(schemaErrors.map((e) => e.path));
  const semantic: CatalogError[] = [];
  const services: ResolvedService[] = [];
  const add = (p: string, message: string): void => {
    semantic.push({ file, path: p, message });
  };
  if (!isObj(obj)) {
    return { errors: schemaErrors.length ? schemaErrors : [{ file, path: "", message: "file must be a mapping with unit and services" }], services };
  }
  const unit = str(obj.unit);
  const collection = str(obj.collection);
  if (collection) {
    if (/\.ya?ml$/.test(file) && file.replace(/\.ya?ml$/, "") !== collection) {
      add("collection", `collection "${collection}" must live in a file named ${collection}.yaml (this file is ${file})`);
    }
  } else if (unit && /\.ya?ml$/.test(file) && file.replace(/\.ya?ml$/, "") !== unit.toLowerCase()) {
    add("unit", `unit "${unit}" must live in a file named ${unit.toLowerCase()}.yaml (this file is ${file})`);
  }
  const categories = ctx.categories ? new Set(ctx.categories) : undefined;
  const lifeEvents = ctx.lifeEvents ? new Set(ctx.lifeEvents) : undefined;
  const keys = new Map<string, number>();
  const prefixes = new Map<string, number>();

  arr(obj.services).forEach((s, i) => {
    if (!isObj(s)) return;
    const sp = `services[${i}]`;
    const key = str(s.key);
    const c = key ? `service "${key}": ` : "";
    if (key) {
      if (keys.has(key)) add(join(sp, "key"), `duplicate service key "${key}" (also services[${keys.get(key)}])`);
      else keys.set(key, i);
    }
    const prefix = str(s.prefix);
    if (prefix) {
      if (prefixes.has(prefix)) add(join(sp, "prefix"), `${c}duplicate prefix "${prefix}" (also services[${prefixes.get(prefix)}])`);
      else prefixes.set(prefix, i);
    }
    if (unit === "KELURAHAN" && s.servedBy !== "kelurahan") add(join(sp, "servedBy"), `${c}services in the KELURAHAN file must have servedBy: kelurahan`);
    if (unit === "KECAMATAN" && s.servedBy !== "kecamatan") add(join(sp, "servedBy"), `${c}services in the KECAMATAN file must have servedBy: kecamatan`);
    if (categories && typeof s.category === "string" && !categories.has(s.category)) {
      add(join(sp, "category"), `${c}unknown category "${s.category}" (not in categories.yaml)`);
    }
    if (lifeEvents) {
      arr(s.lifeEvents).forEach((le, j) => {
        if (typeof le === "string" && !lifeEvents.has(le)) add(`${sp}.lifeEvents[${j}]`, `${c}unknown life event "${le}" (not in categories.yaml)`);
      });
    }

    // Form fields.
    const form = isObj(s.form) ? s.form : {};
    const { fields, errors: fieldErrors } = resolveFields(arr(form.fields), ctx.sharedFields, `${sp}.form.fields`, c);
    for (const e of fieldErrors) semantic.push({ ...e, file });
    const fieldNames = new Set(fields.map((f) => f.name));
    arr(s.requirements).forEach((r, j) => {
      if (isObj(r) && typeof r.field === "string" && !fieldNames.has(r.field)) {
        add(`${sp}.requirements[${j}].field`, `${c}requirement refers to field "${r.field}" which is not in the form`);
      }
    });

    // Workflow.
    let workflow: Workflow | undefined;
    let workflowRef: string | null = null;
    if (typeof s.workflow === "string") {
      workflowRef = s.workflow;
      if (ctx.workflows) {
        workflow = ctx.workflows[s.workflow];
        if (!workflow) {
          add(join(sp, "workflow"), `${c}unknown workflow template "${s.workflow}"; available: ${quoteList(Object.keys(ctx.workflows))}`);
        }
      }
    } else if (isObj(s.workflow)) {
      workflow = s.workflow as unknown as Workflow;
      for (const e of checkWorkflow(s.workflow)) add(join(join(sp, "workflow"), e.path), c + e.message);
    }
    const fee = isObj(s.fee) ? s.fee : {};
    if (workflow && hasPaymentState(workflow) && fee.amount === 0 && fee.variable !== true) {
      add(join(sp, "fee"), `${c}workflow has a payment state but the fee is 0 (use a workflow without payment, or set the fee)`);
    }
    if (isObj(s.complaint)) {
      if (s.kind !== "complaint") add(join(sp, "complaint"), `${c}a complaint block is only allowed on services of kind complaint`);
      const routing = isObj(s.complaint.routing) ? s.complaint.routing : {};
      if (routing.unit === undefined && routing.local === undefined) {
        add(join(sp, "complaint.routing"), `${c}routing needs a unit (the responsible OPD) or local: kelurahan/kecamatan`);
      }
      if (workflow) workflow = applyComplaintLimits(workflow, s.complaint.limits);
    }

    const template = isObj(s.output) && isObj(s.output.template) ? s.output.template : undefined;
    const signer = template && isObj(template.signer) ? template.signer : undefined;
    if (template && workflow && signer) {
      const act = workflow.actions?.find((a) => a.key === signer.action);
      if (!act) add(join(sp, "output.template.signer.action"), `${c}the signing action "${String(signer.action)}" is not in the workflow`);
      else if (!act.roles.includes(signer.role as Role)) {
        add(join(sp, "output.template.signer.role"), `${c}role "${String(signer.role)}" may not perform the signing action "${act.key}"`);
      }
    }

    if (workflow && key && unit) {
      const { form: _f, workflow: _w, ...rest } = s;
      services.push({
        ...(rest as unknown as Omit<ServiceSpec, "form" | "workflow">),
        unit: unit as UnitCode,
        file,
        form: { fields },
        workflow,
        workflowRef,
      });
    }
  });

  const errors = [...schemaErrors, ...semantic.filter((e) => !schemaPaths.has(e.path))];
  return { errors, services };
}

/**
 * Validates one parsed OPD catalog file against the schema and the semantic rules.
 * Cross-references (categories, life events, workflow templates, shared fields) are
 * checked only for what ctx provides. Duplicates across files are checked by loadCatalogDir.
 */
export function validateCatalogFile(obj: unknown, fileName: string, ctx: CatalogContext = {}): CatalogError[] {
  return checkCatalogFile(obj, fileName, ctx).errors;
}

// ---------------------------------------------------------------------------
// Whole catalog
// ---------------------------------------------------------------------------

/** Validates and resolves an already-parsed catalog. loadCatalogDir = read files + this. */
export function buildCatalog(src: CatalogSources): LoadedCatalog {
  const v = getValidators();
  const errors: CatalogError[] = [];

  // workflows.yaml
  const workflows: Record<string, Workflow> = {};
  if (!v.workflows(src.workflows)) errors.push(...ajvErrors(v.workflows.errors, src.workflows, "workflows.yaml"));
  if (isObj(src.workflows) && isObj(src.workflows.workflows)) {
    for (const [name, wf] of Object.entries(src.workflows.workflows)) {
      for (const e of checkWorkflow(wf)) {
        const p = join(`workflows.${name}`, e.path);
        if (!errors.some((x) => x.file === "workflows.yaml" && x.path === p)) {
          errors.push({ file: "workflows.yaml", path: p, message: `workflow "${name}": ${e.message}` });
        }
      }
      if (isObj(wf)) workflows[name] = wf as unknown as Workflow;
    }
  }

  // categories.yaml
  const categories: Taxon[] = [];
  const lifeEvents: Taxon[] = [];
  if (!v.categories(src.categories)) errors.push(...ajvErrors(v.categories.errors, src.categories, "categories.yaml"));
  if (isObj(src.categories)) {
    for (const [list, target] of [
      ["categories", categories],
      ["lifeEvents", lifeEvents],
    ] as const) {
      const seen = new Set<string>();
      arr(src.categories[list]).forEach((t, i) => {
        if (!isObj(t) || typeof t.key !== "string") return;
        if (seen.has(t.key)) errors.push({ file: "categories.yaml", path: `${list}[${i}].key`, message: `duplicate key "${t.key}"` });
        seen.add(t.key);
        target.push(t as unknown as Taxon);
      });
    }
  }

  // fields.yaml (optional)
  const sharedFields: Record<string, FormField> = {};
  if (src.fields !== undefined) {
    if (!v.fields(src.fields)) errors.push(...ajvErrors(v.fields.errors, src.fields, "fields.yaml"));
    if (isObj(src.fields) && isObj(src.fields.fields)) {
      for (const [name, def] of Object.entries(src.fields.fields)) {
        if (!isObj(def)) continue;
        const field = { name, ...def };
        const p = `fields.${name}`;
        if (!v.field(field)) {
          errors.push(...ajvErrors(v.field.errors, field, "fields.yaml").map((e) => ({ ...e, path: join(p, e.path) })));
        }
        errors.push(...checkField(field, p, "").map((e) => ({ ...e, file: "fields.yaml" })));
        sharedFields[name] = field as unknown as FormField;
      }
    }
  }

  // OPD files
  const ctx: CatalogContext = {
    workflows,
    categories: categories.map((c) => c.key),
    lifeEvents: lifeEvents.map((l) => l.key),
    sharedFields,
  };
  const units: CatalogUnit[] = [];
  const services: ResolvedService[] = [];
  const unitFiles = new Map<string, string>();
  const keyAt = new Map<string, string>();
  const prefixAt = new Map<string, string>();
  for (const { fileName, data } of src.files) {
    const file = path.basename(fileName);
    const res = checkCatalogFile(data, file, ctx);
    errors.push(...res.errors);
    if (!isObj(data)) continue;
    const unit = str(data.unit);
    if (unit && !str(data.collection)) {
      if (unitFiles.has(unit)) errors.push({ file, path: "unit", message: `unit "${unit}" is already defined in ${unitFiles.get(unit)}` });
      else unitFiles.set(unit, file);
    }
    arr(data.services).forEach((s, i) => {
      if (!isObj(s)) return;
      const here = `${file} services[${i}]`;
      if (typeof s.key === "string") {
        const other = keyAt.get(s.key);
        if (other && !other.startsWith(`${file} `)) {
          errors.push({ file, path: `services[${i}].key`, message: `duplicate service key "${s.key}" (also in ${other})` });
        } else if (!other) keyAt.set(s.key, here);
      }
      if (typeof s.prefix === "string") {
        const other = prefixAt.get(s.prefix);
        if (other && !other.startsWith(`${file} `)) {
          errors.push({ file, path: `services[${i}].prefix`, message: `duplicate prefix "${s.prefix}" (also used in ${other})` });
        } else if (!other) prefixAt.set(s.prefix, here);
      }
    });
    if (unit) {
      units.push({
        unit: unit as UnitCode,
        ...(isObj(data.name) ? { name: data.name as unknown as Localized } : {}),
        file,
        serviceKeys: res.services.map((s) => s.key),
      });
    }
    services.push(...res.services);
  }
  if (src.files.length === 0) errors.push({ file: "", path: "", message: "catalog has no OPD files" });

  return { dir: src.dir ?? "", units, services, workflows, categories, lifeEvents, sharedFields, errors };
}

async function readYaml(dir: string, file: string, errors: CatalogError[], optional = false): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file), "utf8");
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    errors.push({ file, path: "", message: `cannot read file: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    errors.push({ file, path: "", message: `YAML syntax error: ${(err as Error).message}` });
    return undefined;
  }
}

/**
 * Loads a catalog directory: workflows.yaml, categories.yaml, optional fields.yaml and
 * every other *.yaml / *.yml file as an OPD file. Never throws for content problems;
 * inspect `errors`.
 */
export async function loadCatalogDir(dir: string): Promise<LoadedCatalog> {
  const readErrors: CatalogError[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    readErrors.push({ file: dir, path: "", message: `cannot read catalog directory: ${(err as Error).message}` });
  }
  const workflows = await readYaml(dir, "workflows.yaml", readErrors);
  const categories = await readYaml(dir, "categories.yaml", readErrors);
  const fields = await readYaml(dir, "fields.yaml", readErrors, true);
  const files: Array<{ fileName: string; data: unknown }> = [];
  for (const name of names) {
    if ((SHARED_FILES as readonly string[]).includes(name)) continue;
    const before = readErrors.length;
    const data = await readYaml(dir, name, readErrors);
    if (readErrors.length === before) files.push({ fileName: name, data });
  }
  const catalog = buildCatalog({ dir, workflows: workflows ?? {}, categories: categories ?? {}, fields, files });
  if (readErrors.length > 0) {
    // Suppress schema noise for shared files that failed to read/parse.
    const failed = new Set(readErrors.map((e) => e.file));
    catalog.errors = [...readErrors, ...catalog.errors.filter((e) => !failed.has(e.file))];
  }
  return catalog;
}

/** One line per error: 'disdukcapil.yaml services[2].form.fields[1].type: unknown field type ...' */
export function formatCatalogErrors(errors: CatalogError[]): string {
  return errors.map((e) => `${e.file}${e.path ? ` ${e.path}` : ""}: ${e.message}`).join("\n");
}
