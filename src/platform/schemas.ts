/**
 * Input hygiene at the HTTP boundary, applied to every route once (src/platform/http.ts), not route by route:
 * - text: no NUL (PostgreSQL text cannot hold it) and no unpaired UTF-16 surrogate (jsonb and UTF-8 cannot);
 *   `findBadText` walks a parsed body, query or params, whether or not the route declares a schema;
 * - integers: every request `integer` without bounds gets int4's, so `version=2^53` and `before=1e20` are 400s;
 *   unbounded `number`s get ±1e12 (numeric(14,2) columns); `x-finite` rejects `Infinity` (e.g. `limit=Infinity`);
 * - dates: the `date` and `date-time` formats accept real calendar dates in 1900–2200 only.
 * Shared TypeBox helpers for routes: `DateOnly`, `DateTime`, `Limit`, `Offset`, `Version`.
 */
import { Type } from "typebox";
import { validationFailed } from "./errors.ts";

export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;
/** Bound for request numbers that declare none: within numeric(14,2), far beyond any coordinate or reading. */
export const NUMBER_BOUND = 999_999_999_999;
/** Query and path strings that declare no maxLength get this one (keeps values within btree index rows). */
export const PARAM_MAX_LENGTH = 500;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** A real calendar day `YYYY-MM-DD` in 1900–2200. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** RFC 3339 date-time whose date is a real calendar day in 1900–2200 and whose time exists. */
export function isDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)$/.exec(s);
  return !!m && isCalendarDate(m[1]) && !Number.isNaN(Date.parse(s.replace(" ", "T")));
}

export const DateOnly = (opts: { description?: string } = {}) => Type.String({ format: "date", maxLength: 10, ...opts });
export const DateTime = (opts: { description?: string } = {}) => Type.String({ format: "date-time", maxLength: 40, ...opts });
export const Limit = (max: number, dflt?: number) => Type.Integer({ minimum: 1, maximum: max, ...(dflt === undefined ? {} : { default: dflt }) });
export const Offset = (max = 100_000) => Type.Integer({ minimum: 0, maximum: max, default: 0 });
/** Optimistic-lock version of a row (an int4 column). */
export const Version = () => Type.Integer({ minimum: 1, maximum: INT4_MAX });

/**
 * `x-finite`: Ajv coerces the query text `Infinity` to a number and then skips `maximum` for non-finite numbers;
 * this keyword (put on every request number by `withBounds`) fails them as too large / too small.
 */
function finite(_schema: unknown, data: unknown): boolean {
  if (typeof data !== "number" || Number.isFinite(data)) return true;
  finite.errors = [{ keyword: data > 0 ? "maximum" : "minimum", message: "must be finite", params: {} }];
  return false;
}
finite.errors = [] as unknown[];

interface AjvLike {
  addFormat(name: string, format: (s: string) => boolean): unknown;
  addKeyword(def: { keyword: string; schemaType: string; errors: boolean; validate: typeof finite }): unknown;
}

/** Ajv plugin (fastify's `ajv.plugins`, after ajv-formats): calendar-true `date` and `date-time`, and `x-finite`. */
export function ajvHygiene(ajv: AjvLike) {
  ajv.addFormat("date", isCalendarDate);
  ajv.addFormat("date-time", isDateTime);
  ajv.addKeyword({ keyword: "x-finite", schemaType: "boolean", errors: true, validate: finite });
  return ajv;
}

type Node = Record<string, unknown>;

/**
 * A copy of a request schema with default bounds: int4 for integers, ±1e12 for numbers, PARAM_MAX_LENGTH for
 * strings of the query and path. Explicit bounds stay as declared.
 */
export function withBounds<T>(schema: T, part: "body" | "querystring" | "params" | "headers"): T {
  const walk = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(walk);
    if (!s || typeof s !== "object") return s;
    const src = s as Node;
    const out: Node = {};
    for (const k of Object.keys(src)) {
      const v = src[k];
      out[k] = ["properties", "patternProperties", "$defs", "definitions"].includes(k) ? mapValues(v, walk) : walk(v);
    }
    const types = ([] as unknown[]).concat(out.type ?? []);
    if (types.includes("integer")) {
      out.minimum ??= INT4_MIN;
      out.maximum ??= INT4_MAX;
      out["x-finite"] = true;
    } else if (types.includes("number")) {
      out.minimum ??= -NUMBER_BOUND;
      out.maximum ??= NUMBER_BOUND;
      out["x-finite"] = true;
    }
    if (types.includes("string") && part !== "body" && out.maxLength === undefined && out.enum === undefined && out.const === undefined) {
      out.maxLength = PARAM_MAX_LENGTH;
    }
    return out;
  };
  return walk(schema) as T;
}

function mapValues(v: unknown, f: (x: unknown) => unknown): unknown {
  if (!v || typeof v !== "object") return v;
  const out: Node = {};
  for (const k of Object.keys(v as Node)) out[k] = f((v as Node)[k]);
  return out;
}

/** True when a string can be stored: no NUL, no unpaired surrogate. */
export const isStorableText = (s: string) => !s.includes("\u0000") && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/**
 * The path (`a.b.0`) of the first string, or object key, that cannot be stored, or undefined.
 * Iterative, so deeply nested JSON cannot overflow the stack.
 */
export function findBadText(value: unknown, root = ""): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (!isStorableText(v)) return path || root;
    } else if (Buffer.isBuffer(v)) {
      // raw bodies (binary feeds) are not text
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (!isStorableText(k)) return p;
        stack.push([x, p]);
      }
    }
  }
  return undefined;
}

/**
 * For values a route reads itself, outside the parsed body (multipart fields and file names): 400 with an
 * `invalid-characters` field error when one cannot be stored.
 */
export function assertStorable(fields: Record<string, unknown>): void {
  const field = findBadText(fields);
  if (field !== undefined) throw validationFailed([{ field, code: "invalid-characters" }]);
}
