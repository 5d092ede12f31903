/** Catalog validation plumbing: the JSON Schema validators and readable error messages. */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

import type { CatalogError } from "./spec-types.ts";

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

export function getValidators(): Validators {
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

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function join(base: string, seg: string | number): string {
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

export function quoteList(values: readonly unknown[]): string {
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

export function ajvErrors(errors: ErrorObject[] | null | undefined, root: unknown, file: string): CatalogError[] {
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
