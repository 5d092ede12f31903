import fs from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Logger } from "pino";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { ConfigError, loadConfig } from "../src/platform/config.ts";
import { type Db, openDb } from "../src/platform/db.ts";
import type { Message, ChannelAdapter, Adapters } from "../src/platform/notify.ts";
import { createPlatform, type Platform } from "../src/server.ts";
import { DEMO_PASSWORD } from "../src/modules/tenants/demo.ts";
import { withDatabase } from "./global-setup.ts";
import type { ContractReply, Method, Reply } from "./answers.ts";
import { type SampleField, sampleAnswer } from "./sample-answers.ts";

export { DEMO_PASSWORD };
export const PALEMBANG = "16.71";
export const MALANG = "35.73";

/** A fresh copy of the seeded store for this test file: PGlite from the dump, or a PostgreSQL template clone. */
export async function openTestDb(): Promise<Db> {
  const store = inject("store");
  if (store.kind === "pglite") {
    const buf = fs.readFileSync(store.dumpFile);
    return openDb({ loadDump: new Blob([buf]) });
  }
  const name = `balai_t${store.template.split("_").pop()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: store.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${store.template}`);
  await admin.end();
  return openDb({ databaseUrl: withDatabase(store.adminUrl, name), poolSize: 20 });
}

/** Records messages like the development adapter, so tests can read codes sent to users. */
export class MemoryAdapter implements ChannelAdapter {
  readonly name = "memory";
  sent: Message[] = [];
  async send(m: Message) {
    this.sent.push(m);
    return "recorded" as const;
  }
}

export interface TestPlatform extends Platform {
  adapters: Adapters;
}

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: "test", BALAI_DEMO: "0", BALAI_RATE_LIMIT: "100000", BALAI_AUTH_RATE_LIMIT: "100000", BALAI_MAP_TILE_URL: "", ...env });
}

/** Opens a platform for the file (beforeAll) and closes it (afterAll). */
export function setupPlatform(env: Record<string, string> = {}, opts: { log?: Logger } = {}) {
  const holder = {} as { p: TestPlatform };
  beforeAll(async () => {
    const db = await openTestDb();
    const memory = new MemoryAdapter();
    const adapters = { email: memory, sms: memory, whatsapp: memory };
    const p = await createPlatform(testConfig(env), db, { adapters, background: false, log: opts.log });
    holder.p = Object.assign(p, { adapters });
  });
  afterAll(async () => {
    await holder.p?.close();
  });
  return {
    get app() {
      return holder.p.app;
    },
    get db() {
      return holder.p.db;
    },
  };
}

type App = Platform["app"];

export interface Client {
  tenant: string;
  cookie?: string;
  csrf?: string;
  /** Answers the body typed from the API contract for this method and URL (`unknown` where the contract is silent). */
  request<const M extends Method, const U extends string>(method: M, url: U, body?: unknown, headers?: Record<string, string>): Promise<ContractReply<M, U>>;
  /** For what the contract does not describe: the test names the body it expects. */
  request<T>(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
}

/** An answer as the contract types it: the helpers read what the server sent, they do not validate it (the contract test does). */
function reply(status: number, parsed: unknown, headers: Record<string, unknown>): Reply<never, never> {
  return { status, body: parsed as never, problem: parsed as never, headers };
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export function client(app: App, tenant = PALEMBANG): Client {
  const c: Client = {
    tenant,
    async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await app.inject({
        method,
        url,
        payload: body === undefined ? undefined : (body as object),
        headers: {
          "x-balai-tenant": c.tenant,
          ...(c.cookie ? { cookie: c.cookie } : {}),
          ...(c.csrf && method !== "GET" ? { "x-csrf-token": c.csrf } : {}),
          ...headers,
        },
      });
      const setCookie = res.headers["set-cookie"];
      for (const sc of ([] as string[]).concat(setCookie ?? [])) {
        const [pair] = sc.split(";");
        if (/Expires=Thu, 01 Jan 1970/.test(sc) || pair.endsWith("=")) c.cookie = undefined;
        else if (pair.startsWith("__Host-balai_sid=") || pair.startsWith("balai_sid=")) c.cookie = pair;
      }
      let parsed: unknown = res.body;
      if (/json/.test(String(res.headers["content-type"] ?? ""))) parsed = res.json();
      if (parsed && typeof parsed === "object" && "csrfToken" in parsed && typeof (parsed as { csrfToken: unknown }).csrfToken === "string") {
        c.csrf = (parsed as { csrfToken: string }).csrfToken;
      }
      return reply(res.statusCode, parsed, res.headers);
    },
  };
  return c;
}

/** Signs a new citizen up through the API (code read from the outbox) and returns their signed-in client. */
export async function signUpCitizen(p: { app: App; db: Db }, email: string, password = "Sungai-Musi-Indah-77"): Promise<Client> {
  const c = client(p.app);
  await c.request("POST", "/api/auth/signup", { name: `Warga ${email.split("@")[0]}`, email, password });
  const row = await p.db.one<{ body: string }>("SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1", [email]);
  if (!row) throw new Error(`no sign-up code sent to ${email}`);
  const code = /\b(\d{6})\b/.exec(row.body)![1];
  const confirmed = await c.request("POST", "/api/auth/signup/confirm", { identifier: email, code });
  if (confirmed.status !== 200) throw new Error(`confirm ${email}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return c;
}

export async function loginAs(app: App, identifier: string, password = DEMO_PASSWORD, tenant = PALEMBANG): Promise<Client> {
  const c = client(app, tenant);
  const res = await c.request("POST", "/api/auth/login", { identifier, password });
  if (res.status !== 200) throw new Error(`login ${identifier} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

/** The newest 6-digit code sent to a recipient. */
export async function lastCodeFor(db: Db, recipient: string): Promise<string> {
  const row = await db.one<{ body: string }>("SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1", [recipient]);
  const m = row && /\b(\d{6})\b/.exec(row.body);
  if (!m) throw new Error(`no code sent to ${recipient}`);
  return m[1];
}

/** A multipart/form-data body with one file part, as a browser would send it. */
export function multipartFile(filename: string, contentType: string, bytes: Buffer) {
  const boundary = `----balai${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

export const TINY_PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

/** Uploads a file to a case through the public API and returns its id. */
export async function uploadTo(
  app: App,
  c: Client,
  caseId: string,
  field: string,
  bytes = TINY_PDF,
  filename = "ktp.pdf",
  contentType = "application/pdf",
  path = "files",
) {
  const mp = multipartFile(filename, contentType, bytes);
  return path === "files"
    ? postMultipart(app, c, `/api/cases/${caseId}/files?field=${field}`, mp)
    : postMultipart(app, c, `/api/cases/${caseId}/documents`, mp);
}

/** POSTs a multipart/form-data body as the client (its tenant, cookie and CSRF token); answers status and JSON body. */
export async function postMultipart<const U extends string>(
  app: App,
  c: Client,
  url: U,
  mp: { payload: Buffer; headers: Record<string, string> },
): Promise<ContractReply<"POST", U>> {
  const res = await app.inject({
    method: "POST",
    url,
    payload: mp.payload,
    headers: { ...mp.headers, "x-balai-tenant": c.tenant, ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { "x-csrf-token": c.csrf } : {}) },
  });
  return reply(res.statusCode, res.json(), res.headers);
}

/** A valid NIK: Kecamatan Ilir Barat I (16.71.04), a woman born 5 March 1990, serial 0001. */
export { DEMO_ADDRESS, VALID_NIK } from "./sample-answers.ts";

/** Fills every field of a service form with valid answers, uploading files where needed. */
export async function fillForm(app: App, c: Client, caseId: string, fields: SampleField[]) {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type !== "file") {
      data[f.name] = sampleAnswer(f);
      continue;
    }
    const pdfOk = !f.accept || f.accept.includes("application/pdf");
    const up = pdfOk ? await uploadTo(app, c, caseId, f.name) : await uploadTo(app, c, caseId, f.name, TINY_PNG, "foto.png", "image/png");
    if (up.status !== 201) throw new Error(`upload ${f.name}: ${JSON.stringify(up.body)}`);
    data[f.name] = up.body.id;
  }
  return data;
}

/** Starts, fills and submits an application as the given citizen; returns the submit response body. */
export async function applyFor(app: App, citizen: Client, service: string) {
  const detail = await citizen.request("GET", `/api/catalog/services/${service}`);
  if (detail.status !== 200) throw new Error(`service ${service}: ${detail.status}`);
  const draft = await citizen.request("POST", "/api/cases", { service });
  if (draft.status !== 201) throw new Error(`draft ${service}: ${JSON.stringify(draft.body)}`);
  const data = await fillForm(app, citizen, draft.body.id, detail.body.form.fields);
  const saved = await citizen.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: draft.body.version, data });
  if (saved.status !== 200) throw new Error(`answers ${service}: ${JSON.stringify(saved.body)}`);
  const submitted = await citizen.request("POST", `/api/cases/${draft.body.id}/submit`, { version: saved.body.version });
  if (submitted.status !== 200) throw new Error(`submit ${service}: ${JSON.stringify(submitted.body)}`);
  return submitted.body as { id: string; number: string; trackingToken: string; version: number };
}

/** Creates a staff member with one role in the unit of that code (through the admin API) and logs them in. */
export async function createStaff(p: { app: App; db: Db }, email: string, unitCode: string, role: string, password = "Sungai-Musi-Indah-77") {
  const admin = await loginAs(p.app, "admin@palembang.go.id");
  const unit = await p.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [PALEMBANG, unitCode]);
  const res = await admin.request("POST", "/api/admin/staff", { name: `Petugas ${role}`, email, password, unitId: unit!.id, role });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return loginAs(p.app, email, password);
}

/** Performs a workflow action on a case at its current version. */
export async function actOn(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const view = await c.request("GET", `/api/cases/${id}`);
  return c.request("POST", `/api/cases/${id}/actions/${action}`, { version: view.body.version, ...body });
}

/** What `loadConfig` refuses in an environment: its message ("" when it accepts the environment). */
export function configProblems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}
