import fs from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { loadConfig } from "../src/platform/config.ts";
import { type Db, openDb } from "../src/platform/db.ts";
import type { Message, ChannelAdapter, Adapters } from "../src/platform/notify.ts";
import { createPlatform, type Platform } from "../src/server.ts";
import { DEMO_PASSWORD } from "../src/modules/tenants/demo.ts";
import { withDatabase } from "./global-setup.ts";

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
  return loadConfig({ NODE_ENV: "test", BALAI_DEMO: "0", BALAI_RATE_LIMIT: "100000", BALAI_AUTH_RATE_LIMIT: "100000", ...env });
}

/** Opens a platform for the file (beforeAll) and closes it (afterAll). */
export function setupPlatform(env: Record<string, string> = {}) {
  const holder = {} as { p: TestPlatform };
  beforeAll(async () => {
    const db = await openTestDb();
    const memory = new MemoryAdapter();
    const adapters = { email: memory, sms: memory, whatsapp: memory };
    const p = await createPlatform(testConfig(env), db, { adapters, background: false });
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
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export function client(app: App, tenant = PALEMBANG): Client {
  const c: Client = {
    tenant,
    async request(method, url, body, headers = {}) {
      const res = await app.inject({
        method: method as "GET",
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
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
  };
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
