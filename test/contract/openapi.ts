/**
 * The API contract, built in-process: every module's routes registered on an app whose store is never opened
 * (registration reads no data), then the OpenAPI document that `/api/docs/json` serves. `renderTypeFiles` turns it into
 * `web/api-types.ts` and `web/api-types/<area>.ts` (`npm run api:types`); the contract test fails when the committed
 * files drift (one changed, missing or left over).
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

/** The web app's folder: the generated files' names are relative to it (`api-types.ts`, `api-types/<area>.ts`). */
export const WEB_DIR = fileURLToPath(new URL("../../web/", import.meta.url));
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

const HEADER = "// Generated by `npm run api:types` from the OpenAPI document (/api/docs/json). Do not edit: change the route schemas.";
/** The file of the schemas that the paths of several areas use. */
const SHARED = "shared";
/** The house limit: no source file of 400 lines or more. */
export const MAX_LINES = 400;

/** A path's area: the first segment after `/api` (`/api/admin/units` → `admin`), else the first one (`/open311/v2/…` → `open311`). */
export function areaOf(url: string): string {
  const segments = url.split("/").filter(Boolean);
  const area = (segments[0] === "api" ? segments[1] : segments[0]) ?? "root";
  return (
    area
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "root"
  );
}

const pascal = (area: string) => area.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
const refsIn = (text: string) => [...text.matchAll(/schemas\["([^"]+)"\]/g)].map((m) => m[1] as string);

/**
 * The contract as TypeScript, one file per area (`web/api-types/<area>.ts`, keys relative to `web/`) and the index
 * `api-types.ts` that joins them into `schemas` (by `title`) and `paths` (`paths[url][method]` with `params`, `query`,
 * `body` and `responses[status]`). One line per path (its operations side by side), so that a file reads as a table of
 * its API; a titled schema sits in the one area whose paths reach it, or in `shared.ts` when several do.
 */
export function renderTypeFiles(doc: OpenApiDoc): Map<string, string> {
  const named = new Map<string, string>();
  const areas = new Map<string, string[]>();
  for (const [url, ops] of Object.entries(doc.paths)) {
    const methods = METHODS.filter((m) => ops[m]).map((m) => `${m}: ${operationOf(ops[m] as Operation, named)}`);
    const area = areaOf(url);
    if (area === SHARED) throw new Error(`the area of ${url} is named like the shared schemas' file: change areaOf()`);
    areas.set(area, [...(areas.get(area) ?? []), `  ${JSON.stringify(url)}: { ${methods.join("; ")} };`]);
  }
  // Which areas reach each schema, directly or through other schemas.
  const reachedBy = new Map<string, Set<string>>();
  for (const [area, lines] of areas) {
    const todo = refsIn(lines.join("\n"));
    while (todo.length) {
      const title = todo.pop() as string;
      const by = reachedBy.get(title) ?? new Set<string>();
      if (by.has(area)) continue;
      reachedBy.set(title, by.add(area));
      todo.push(...refsIn(named.get(title) ?? ""));
    }
  }
  const schemasOf = (file: string) =>
    [...named.entries()]
      .filter(([title]) => {
        const by = [...(reachedBy.get(title) ?? [])];
        return by.length === 1 ? by[0] === file : file === SHARED;
      })
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([n, t]) => `  ${key(n)}: ${t};`);

  const files = new Map<string, string>();
  const schemaInterfaces: string[] = [];
  const pathInterfaces: string[] = [];
  const imports: string[] = [];
  const shared = schemasOf(SHARED);
  if (shared.length) {
    files.set(`api-types/${SHARED}.ts`, areaFile([`/** Schemas that the paths of several areas use. */`, "export interface SharedSchemas {", ...shared, "}"]));
    schemaInterfaces.push("SharedSchemas");
    imports.push(`import type { SharedSchemas } from "./api-types/${SHARED}.ts";`);
  }
  for (const area of [...areas.keys()].sort()) {
    const name = pascal(area);
    const own = schemasOf(area);
    const body: string[] = [];
    if (own.length) {
      body.push(`/** Schemas that only the ${area} paths use. */`, `export interface ${name}Schemas {`, ...own, "}", "");
      schemaInterfaces.push(`${name}Schemas`);
    }
    body.push(
      `/** The ${area} operations: \`params\`, \`query\`, \`body\` and \`responses\` by status. */`,
      `export interface ${name}Paths {`,
      ...(areas.get(area) ?? []),
      "}",
    );
    pathInterfaces.push(`${name}Paths`);
    files.set(`api-types/${area}.ts`, areaFile(body));
    imports.push(`import type { ${name}Paths${own.length ? `, ${name}Schemas` : ""} } from "./api-types/${area}.ts";`);
  }
  files.set(
    "api-types.ts",
    [
      HEADER,
      "// The contract is written in one file per area of the API (web/api-types/<area>.ts); this file joins them.",
      "",
      ...imports,
      "",
      "/** Schemas named by their `title`. */",
      `export interface schemas extends ${schemaInterfaces.join(", ")} {}`,
      "",
      "/** Every operation: `params`, `query`, `body` and `responses` by status. */",
      `export interface paths extends ${pathInterfaces.join(", ")} {}`,
      "",
    ].join("\n"),
  );
  for (const [file, text] of files) {
    const lines = text.split("\n").length - 1;
    if (lines >= MAX_LINES) throw new Error(`web/${file} would be ${lines} lines (the limit is ${MAX_LINES}): split its area in areaOf()`);
  }
  return files;
}

/** An area's file: the header, the import of `schemas` when it names one, then its interfaces. */
function areaFile(body: string[]): string {
  const text = body.join("\n");
  const head = text.includes("schemas[") ? [HEADER, 'import type { schemas } from "../api-types.ts";', ""] : [HEADER, ""];
  return [...head, text, ""].join("\n");
}
