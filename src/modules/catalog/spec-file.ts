/** One OPD catalog file: field checks, shared-field resolution, complaint limits. */
import path from "node:path";

import { COMPLAINT_LIMIT_DEFAULTS, type ComplaintLimits, type Role, type UnitCode } from "./spec-constants.ts";
import { type Obj, ajvErrors, arr, getValidators, isObj, join, quoteList, str } from "./spec-errors.ts";
import type { CatalogContext, CatalogError, FormField, ResolvedService, ServiceSpec, Workflow } from "./spec-types.ts";
import { applyStepDays, checkServiceRules } from "./spec-rules.ts";
import { checkWorkflow } from "./spec-workflow.ts";

// ---------------------------------------------------------------------------
// Field checks
// ---------------------------------------------------------------------------

export function checkField(f: Obj, p: string, ctx: string): CatalogError[] {
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

export function checkCatalogFile(obj: unknown, fileName: string, ctx: CatalogContext = {}): FileResult {
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

    if (workflow) workflow = applyStepDays(workflow, s.stepDays);
    for (const e of checkServiceRules(s, workflow)) add(join(sp, e.path), c + e.message);

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
