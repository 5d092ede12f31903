/**
 * The API fuzzer (`npm run fuzz`): every operation of the OpenAPI document gets a fixed number of generated requests,
 * valid-looking and hostile (NUL, lone surrogates, huge/negative/fractional/Infinity numbers, impossible dates,
 * overlong text, wrong types, missing and extra fields, odd path parameters, multipart fields), sent over a real port
 * anonymously, as a citizen and as the Kominfo admin. No response may be a server error, and every 4xx outside Open311
 * must be problem+json, and none may be the database's own rejection (`/problems/invalid-input`). Seeded and reproducible: FUZZ_SEED, FUZZ_RUNS (examples per operation), FUZZ_OP (a path part).
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPlatform, type Platform } from "../../src/server.ts";
import { DEMO_PASSWORD, MemoryAdapter, openTestDb, PALEMBANG, testConfig } from "../helpers.ts";
import { asText, encodeLoose, fuzzed, type Schema } from "./generate.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
const ONLY = process.env.FUZZ_OP;

/**
 * Operations left out, because they end the session the fuzzer is using (logout) or never end (the live event stream).
 * Deleting or disabling oneself cannot happen: generated ids are random.
 */
const SKIP = new Set(["POST /api/auth/logout", "GET /api/live"]);

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Identity {
  name: string;
  cookie?: string;
  csrf?: string;
}
interface Sent {
  method: string;
  url: string;
  as: string;
  contentType?: string;
  body?: string;
}
interface Failure extends Sent {
  status: number;
  problem: string;
  response: string;
}

let platform: Platform;
let base: string;
const identities: Identity[] = [{ name: "anonymous" }];

async function logIn(identifier: string): Promise<Identity> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-balai-tenant": PALEMBANG },
    body: JSON.stringify({ identifier, password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => /balai_sid=./.test(c));
  if (res.status !== 200 || !cookie) throw new Error(`login ${identifier}: ${res.status} ${JSON.stringify(body)}`);
  return { name: identifier, cookie, csrf: body.csrfToken };
}

beforeAll(async () => {
  const db = await openTestDb();
  const memory = new MemoryAdapter();
  platform = await createPlatform(testConfig(), db, { adapters: { email: memory, sms: memory, whatsapp: memory }, background: false });
  const address = await platform.app.listen({ port: 0, host: "127.0.0.1" });
  base = address;
  identities.push(await logIn("warga@example.com"), await logIn("admin@palembang.go.id"));
});

afterAll(async () => {
  await platform?.close();
});

/** A stable 31-bit number per operation, so each operation's examples do not depend on the others. */
function opSeed(key: string): number {
  let h = SEED | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 1;
}

function multipart(fields: Record<string, unknown>): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${randomBytes(6).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${asText(value)}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.png"\r\nContent-Type: image/png\r\n\r\n`));
  parts.push(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The generator of one operation's requests: path, query and body from its schemas, and how the body travels. */
function requests(path: string, op: Operation) {
  const params = op.parameters ?? [];
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const pathModel: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of pathNames) pathModel[name] = fuzzed(params.find((p) => p.in === "path" && p.name === name)?.schema ?? { type: "string", format: "uuid" });
  const query = params.filter((p) => p.in === "query");
  const queryModel: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of query) queryModel[p.name] = fuzzed(p.schema ?? { type: "string" });
  const content = op.requestBody?.content ?? {};
  const bodySchema = (content["application/json"] ?? Object.values(content)[0])?.schema ?? { type: "object", properties: { description: { type: "string" } } };
  return fc.record({
    path: fc.record(pathModel),
    query: fc.record(queryModel, { requiredKeys: query.filter((p) => p.required).map((p) => p.name) }),
    extraQuery: fc.option(fc.constantFrom("limit=Infinity", "before=1e20", "from=2026-13-45", "to=9999-99-99", "year=Infinity", "x=%00", "q=%ED%A0%80"), {
      freq: 4,
    }),
    body: fuzzed(bodySchema),
    encoding: fc.constantFrom("json", "json", "json", "json", "json", "multipart", "form", "broken"),
  });
}

async function send(s: Sent, id: Identity): Promise<{ status: number; type: string; text: string }> {
  const headers: Record<string, string> = { "x-balai-tenant": PALEMBANG, "accept-language": "id" };
  if (id.cookie) headers.cookie = id.cookie;
  if (id.csrf && s.method !== "GET") headers["x-csrf-token"] = id.csrf;
  if (s.contentType) headers["content-type"] = s.contentType;
  const res = await fetch(base + s.url, { method: s.method, headers, body: s.body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text };
}

it("no operation answers any generated request with a server error; 4xx are problem+json", async () => {
  const doc = (await (await fetch(`${base}/api/docs/json`)).json()) as { paths: Record<string, Record<string, Operation>> };
  const failures: Failure[] = [];
  let sent = 0;
  let operations = 0;
  const skipped: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`;
      if (!["get", "post", "put", "patch", "delete"].includes(method) || path.startsWith("/api/docs")) continue;
      if (ONLY && !key.includes(ONLY)) continue;
      if (SKIP.has(key)) {
        skipped.push(key);
        continue;
      }
      operations++;
      const examples = fc.sample(requests(path, op), { seed: opSeed(key), numRuns: RUNS });
      for (const [i, ex] of examples.entries()) {
        let url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeLoose(asText(ex.path[name])) || "%20");
        const qs = Object.entries(ex.query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeLoose(asText(x))}`));
        if (ex.extraQuery) qs.push(ex.extraQuery);
        if (qs.length) url += `?${qs.join("&")}`;
        const s: Sent = { method: method.toUpperCase(), url, as: identities[i % identities.length].name };
        if (s.method !== "GET" && s.method !== "DELETE") {
          if (ex.encoding === "multipart") {
            const mp = multipart(
              ex.body && typeof ex.body === "object" && !Array.isArray(ex.body) ? (ex.body as Record<string, unknown>) : { description: ex.body },
            );
            s.contentType = mp.contentType;
            s.body = mp.body.toString("latin1");
          } else if (ex.encoding === "form") {
            s.contentType = "application/x-www-form-urlencoded";
            const o = ex.body && typeof ex.body === "object" ? (ex.body as Record<string, unknown>) : { value: ex.body };
            s.body = Object.entries(o)
              .map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(asText(v))}`)
              .join("&");
          } else if (ex.encoding === "broken") {
            s.contentType = "application/json";
            s.body = `{"a": "\\u0000", "b": ${JSON.stringify(ex.body)}`;
          } else {
            s.contentType = "application/json";
            s.body = JSON.stringify(ex.body) ?? "null";
          }
        }
        const wire = s.body !== undefined && s.contentType?.startsWith("multipart") ? { ...s, body: Buffer.from(s.body, "latin1") as unknown as string } : s;
        let res: { status: number; type: string; text: string };
        try {
          res = await send(wire, identities[i % identities.length]);
        } catch (err) {
          res = { status: 599, type: "", text: String(err) };
        }
        sent++;
        const open311 = path.startsWith("/open311");
        let problem = "";
        if (res.status >= 500) problem = "server error";
        else if (res.status >= 400 && !open311 && !res.type.startsWith("application/problem+json")) problem = `4xx as ${res.type || "no content type"}`;
        // The database's last-line 400 (http.ts): the input got past validation, which should have stopped it.
        else if (res.text.includes('"/problems/invalid-input"')) problem = "reached PostgreSQL";
        if (problem) failures.push({ ...s, status: res.status, problem, response: res.text.slice(0, 300) });
      }
    }
  }
  const summary = `fuzz: seed ${SEED}, ${RUNS} examples per operation, ${operations} operations, ${sent} requests, ${failures.length} failures; skipped: ${skipped.join(", ")}`;
  console.log(summary);
  const serverErrors = failures.filter((f) => f.problem === "server error");
  const byOp = new Map<string, number>();
  for (const f of serverErrors) byOp.set(`${f.method} ${f.url.split("?")[0]}`, (byOp.get(`${f.method} ${f.url.split("?")[0]}`) ?? 0) + 1);
  if (serverErrors.length)
    console.log(`server errors: ${serverErrors.length} on ${new Set(serverErrors.map((f) => f.method + f.url.split("?")[0])).size} URLs`);
  for (const f of failures.slice(0, 60)) {
    console.log(`FAIL ${f.problem} ${f.status} ${f.method} ${f.url} as ${f.as}\n  body: ${JSON.stringify(f.body?.slice(0, 300))}\n  response: ${f.response}`);
  }
  expect(failures.map((f) => `${f.status} ${f.method} ${f.url}`)).toEqual([]);
});
