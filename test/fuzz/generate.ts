import fc from "fast-check";

/** The subset of OpenAPI 3.0 schema objects that @fastify/swagger emits for TypeBox schemas. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
}

/** Strings that reached PostgreSQL or broke parsers: NUL, lone surrogates, impossible dates, overlong text, number-likes. */
export const HOSTILE_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00y",
  "\udfff\ud800",
  "x".repeat(5000),
  "",
  " ",
  "'; DROP TABLE cases;--",
  "../../etc/passwd",
  "%00",
  "2026-13-45",
  "9999-99-99",
  "0000-00-00",
  "2026-02-30",
  "-0001-01-01",
  "2026-01-01T25:61:00Z",
  "Infinity",
  "-Infinity",
  "NaN",
  "1e20",
  "9007199254740992",
  "-1",
  "1.5",
  "0x10",
  "null",
  "true",
  "<script>alert(1)</script>",
  "😀 ١٢٣",
  "16.71.01.1001",
];

/** Numbers beyond every column, negative, fractional, or at the edges of int4 and safe integers. */
export const HOSTILE_NUMBERS = [2 ** 53, -(2 ** 53), 2 ** 31, -(2 ** 31) - 1, 1e20, -1e20, 1e308, -1, 0, 1.5, -0.5, 2 ** 31 - 1];

/** Values of the wrong JSON type. */
export const HOSTILE_OTHER: unknown[] = [true, false, null, [], {}, [1, 2], { a: "\u0000" }, ["\ud800"]];

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_OTHER) },
);

const day = (d: Date) => d.toISOString().slice(0, 10);
const dates = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true });

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  if (s.type) return s.type;
  if (s.properties) return "object";
  return undefined;
}

function validString(s: Schema): fc.Arbitrary<string> {
  switch (s.format) {
    case "uuid":
      return fc.uuid();
    case "date":
      return dates.map(day);
    case "date-time":
      return dates.map((d) => d.toISOString());
    case "email":
      return fc.emailAddress();
    case "uri":
      return fc.webUrl();
  }
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 200));
    } catch {
      // a pattern JavaScript cannot compile: fall through to plain text
    }
  }
  const max = Math.min(s.maxLength ?? 40, 40);
  const min = Math.min(s.minLength ?? 0, max);
  return fc.string({ minLength: min, maxLength: max });
}

function bound(n: number | boolean | undefined, fallback: number): number {
  return typeof n === "number" && Number.isFinite(n) ? n : fallback;
}

/** Values that satisfy the schema, as far as a generator can tell. */
export function valid(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union?.length) return fc.oneof(...union.map((u) => valid(u, depth + 1)));
  if (s.allOf?.length) return valid(Object.assign({}, ...s.allOf), depth + 1);
  const base = validOfType(s, depth);
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function validOfType(s: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (typeOf(s)) {
    case "string":
      return validString(s);
    case "integer": {
      const min = Math.ceil(bound(s.minimum, -1000));
      return fc.integer({ min, max: Math.floor(Math.max(min, bound(s.maximum, min + 100_000))) });
    }
    case "number": {
      const min = bound(s.minimum, -1e6);
      return fc.double({ min, max: Math.max(min, bound(s.maximum, 1e6)), noNaN: true, noDefaultInfinity: true });
    }
    case "boolean":
      return fc.boolean();
    case "array": {
      if (Array.isArray(s.items)) return fc.tuple(...s.items.map((i) => valid(i, depth + 1)));
      const item = s.items ? valid(s.items, depth + 1) : fc.string();
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
    }
    case "object": {
      if (depth > 4) return fc.constant({});
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      if (!keys.length) return fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 });
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) model[k] = valid(props[k], depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
  }
  return fc.oneof(fc.string(), fc.integer(), fc.boolean());
}

/** Mostly valid values, with hostile leaves mixed in, and objects missing required or carrying extra fields. */
export function fuzzed(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  const leaf = fc.oneof({ weight: 3, arbitrary: valid(s, depth) }, { weight: 2, arbitrary: hostileLeaf });
  if (typeOf(s) === "array" && s.items && !Array.isArray(s.items) && depth < 4) {
    const inner = fc.array(fuzzed(s.items, depth + 1), { maxLength: 4 });
    return fc.oneof(
      { weight: 2, arbitrary: leaf },
      { weight: 2, arbitrary: inner },
      { weight: 1, arbitrary: fc.array(fc.constant(0), { minLength: 1001, maxLength: 1001 }) },
    );
  }
  if (typeOf(s) !== "object" || !s.properties || depth > 4) return leaf;
  const props = s.properties;
  const keys = Object.keys(props);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keys) model[k] = fuzzed(props[k], depth + 1);
  const obj = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
  const mutated = fc.tuple(obj, fc.nat(), fc.constantFrom("drop", "extra", "none"), fc.constantFrom(...HOSTILE_STRINGS)).map(([o, n, how, extra]) => {
    const out = { ...(o as Record<string, unknown>) };
    if (how === "drop" && keys.length) delete out[keys[n % keys.length]];
    if (how === "extra") out[`extra${extra.slice(0, 8)}`] = extra;
    return out;
  });
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: hostileLeaf });
}

/** Percent-encodes any string, lone surrogates included (as their WTF-8 bytes), which encodeURIComponent refuses. */
export function encodeLoose(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(value[i]);
  }
  return out;
}

/** How a generated value travels in a URL: scalars as text, arrays as repeated keys, objects as JSON. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
