/**
 * The API contract, built in-process: every module's routes registered on an app whose store is never opened
 * (registration reads no data), then the OpenAPI document that `/api/docs/json` serves. `renderTypes` turns it into
 * `web/api-types.ts` (`npm run api:types`); the contract test fails when the committed file drifts.
 * A small JSON-Schema → TypeScript printer rather than openapi-typescript: that one drives the `typescript` JS API,
 * which TypeScript 7 (the project's compiler) no longer ships.
 */
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/platform/config.ts";
import { buildApp, type Deps } from "../../src/platform/http.ts";
import { createLogger } from "../../src/platform/log.ts";
import { MODULES } from "../../src/server.ts";

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }> } & Record<string, unknown>>
  >;
  components?: { schemas?: Record<string, Schema> };
}
type Schema = Record<string, unknown>;

export const API_TYPES_FILE = fileURLToPath(new URL("../../web/api-types.ts", import.meta.url));
export const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export async function buildOpenApi(): Promise<OpenApiDoc> {
  const unopened = new Proxy({} as Deps["db"], {
    get: (_t, key) => (key === "kind" ? "pglite" : () => Promise.reject(new Error("the contract build opens no store"))),
  });
  const deps = {
    // The developer outbox on, so that its route is part of the contract too.
    config: loadConfig({ NODE_ENV: "test", BALAI_DEMO: "0", BALAI_DEV_OUTBOX: "1", BALAI_MAP_TILE_URL: "" }),
    db: unopened,
    tenants: {} as Deps["tenants"],
    adapters: {} as Deps["adapters"],
    log: createLogger("silent"),
    files: {} as Deps["files"],
    live: {} as Deps["live"],
  } satisfies Deps;
  const app = await buildApp(deps, MODULES, { webDist: "/nonexistent" });
  await app.ready();
  const doc = app.swagger() as unknown as OpenApiDoc;
  await app.close();
  return doc;
}

/** Operations, and those that declare a success response (a 2xx/3xx entry). */
export function countResponses(doc: OpenApiDoc) {
  const missing: string[] = [];
  let total = 0;
  for (const [p, ops] of Object.entries(doc.paths))
    for (const m of METHODS) {
      const op = ops[m];
      if (!op) continue;
      total++;
      // @fastify/swagger writes a bare `200` (no content) for a route that declares none.
      const declared = Object.entries(op.responses ?? {}).some(([s, r]) => /^[23]/.test(s) && (s !== "200" || r.content));
      if (!declared) missing.push(`${m.toUpperCase()} ${p}`);
    }
  return { total, declared: total - missing.length, missing };
}

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

/** JSON Schema (as @fastify/swagger writes it) → TypeScript type text; titled schemas go to `named`. */
function typeOf(s: Schema | undefined, named: Map<string, string>, top = false): string {
  if (!s || typeof s !== "object") return "unknown";
  const title = s.title as string | undefined;
  const nullable = s.nullable === true ? " | null" : "";
  if (title && !top) {
    if (!named.has(title)) {
      named.set(title, "");
      named.set(title, typeOf({ ...s, nullable: false }, named, true));
    }
    return `schemas[${JSON.stringify(title)}]${nullable}`;
  }
  if ("const" in s) return JSON.stringify(s.const) + nullable;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ") + nullable;
  const many = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (many) return `(${[...new Set(many.map((x) => typeOf(x, named)))].join(" | ")})${nullable}`;
  if (Array.isArray(s.allOf)) return `(${(s.allOf as Schema[]).map((x) => typeOf(x, named)).join(" & ")})${nullable}`;
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (!types.length) return s.properties ? objectOf(s, named) + nullable : "unknown";
  return (
    types
      .map((t) => {
        switch (t) {
          case "string":
            return s.format === "binary" ? "Blob" : "string";
          case "integer":
          case "number":
            return "number";
          case "boolean":
            return "boolean";
          case "null":
            return "null";
          case "array":
            return `${wrap(typeOf(s.items as Schema, named))}[]`;
          case "object":
            return objectOf(s, named);
          default:
            return "unknown";
        }
      })
      .join(" | ") + nullable
  );
}

const wrap = (t: string) => (/^[\w$."[\]]+$/.test(t) || t.startsWith("(") || t.startsWith("{") ? t : `(${t})`);

function objectOf(s: Schema, named: Map<string, string>): string {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const parts = Object.entries(props).map(([k, v]) => `${key(k)}${required.has(k) ? "" : "?"}: ${typeOf(v, named)}`);
  const extra = s.additionalProperties;
  if (extra && typeof extra === "object" && Object.keys(extra).length) parts.push(`[key: string]: ${typeOf(extra as Schema, named)}`);
  else if (extra === true || (extra && typeof extra === "object")) parts.push("[key: string]: unknown");
  return parts.length ? `{ ${parts.join("; ")} }` : "Record<string, never>";
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

/** One operation as a type literal: `params`, `query`, `body` and `responses` by status. */
function operationOf(op: Operation, named: Map<string, string>): string {
  const parts: string[] = [];
  for (const where of ["path", "query"] as const) {
    const ps = (op.parameters ?? []).filter((p) => p.in === where);
    if (ps.length)
      parts.push(
        `${where === "path" ? "params" : "query"}: { ${ps.map((p) => `${key(p.name)}${p.required ? "" : "?"}: ${typeOf(p.schema, named)}`).join("; ")} }`,
      );
  }
  const body = op.requestBody?.content;
  if (body) parts.push(`body: ${[...new Set(Object.values(body).map((c) => typeOf(c.schema, named)))].join(" | ")}`);
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) => {
    const content = Object.values(r.content ?? {});
    return `${JSON.stringify(status)}: ${content.length ? [...new Set(content.map((c) => typeOf(c.schema, named)))].join(" | ") : "never"}`;
  });
  parts.push(`responses: { ${responses.join("; ")} }`);
  return `{ ${parts.join("; ")} }`;
}

type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

/**
 * The contract as TypeScript: `paths[url][method]` with `params`, `query`, `body` and `responses[status]`.
 * One line per path (its operations side by side), so that the file reads as a table of the API.
 */
export function renderTypes(doc: OpenApiDoc): string {
  const named = new Map<string, string>();
  const lines: string[] = [];
  for (const [url, ops] of Object.entries(doc.paths)) {
    const methods = METHODS.filter((m) => ops[m]).map((m) => `${m}: ${operationOf(ops[m] as Operation, named)}`);
    lines.push(`  ${JSON.stringify(url)}: { ${methods.join("; ")} };`);
  }
  const schemas = [...named.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([n, t]) => `  ${key(n)}: ${t};`);
  return [
    "// Generated by `npm run api:types` from the OpenAPI document (/api/docs/json). Do not edit: change the route schemas.",
    "",
    "/** Schemas named by their `title`. */",
    "export interface schemas {",
    ...schemas,
    "}",
    "",
    "/** Every operation: `params`, `query`, `body` and `responses` by status. */",
    "export interface paths {",
    ...lines,
    "}",
    "",
  ].join("\n");
}
