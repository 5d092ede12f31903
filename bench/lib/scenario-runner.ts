/** Scenario plumbing: the context scenarios get (sessions, the store), and running each scenario under load. */
import path from "node:path";
import { openDb } from "../../src/platform/db.ts";
import { load } from "./measure.ts";
import { memory, type Server, startNode, stop, waitReady } from "./processes.ts";
import { fmt, type ScenarioResult } from "./report.ts";
import type { BenchContext, DriveOptions, RequestOptions, Scenario } from "../scenarios/types.ts";

const DEMO_LOGIN = "admin@palembang.go.id";
const DEMO_PASSWORD = "Balai-Demo-2026";
const SESSION_COOKIE = "balai_sid";

/** The two servers under test; `balai` is replaced when the server restarts (PGlite: single process). */
export interface Servers {
  balai: Server;
  baseline: Server;
}

/** How to (re)start the Balai server. */
export interface BalaiLauncher {
  env: NodeJS.ProcessEnv;
  port: number;
  root: string;
}

export function startBalai(l: BalaiLauncher): Server {
  return startNode("balai", [path.join(l.root, "bin", "balai.js"), "start"], l.env, l.port, l.root);
}

async function login(baseUrl: string, identifier: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier, password }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`login as ${identifier} failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { mfaRequired?: boolean; csrfToken?: string };
  if (body.mfaRequired) throw new Error(`login as ${identifier} needs TOTP; the bench cannot use that account`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`login as ${identifier} set no ${SESSION_COOKIE} cookie (is BALAI_COOKIE_SECURE=0?)`);
  return { cookie, csrfToken: body.csrfToken ?? "" };
}

async function preflight(baseUrl: string, req: RequestOptions): Promise<number> {
  const res = await fetch(baseUrl + req.path, { method: req.method ?? "GET", headers: req.headers, body: req.body });
  await res.arrayBuffer();
  return res.status;
}

/** The context scenarios get: URLs, cached logins and the store (on PGlite the Balai server stops meanwhile). */
export function createContext(
  servers: Servers,
  opts: {
    store: BenchContext["store"];
    databaseUrl: string | undefined;
    dataDir: string;
    connections: number;
    launcher: BalaiLauncher;
    onCleanup: (fn: () => Promise<void>) => void;
  },
): BenchContext {
  const { store, databaseUrl, dataDir, connections, launcher } = opts;
  const sessions = new Map<string, Promise<{ cookie: string; csrfToken: string }>>();
  const ctx: BenchContext = {
    balaiUrl: servers.balai.url,
    baselineUrl: servers.baseline.url,
    store,
    databaseUrl,
    shared: new Map(),
    onCleanup: opts.onCleanup,
    startBalai(port) {
      if (!databaseUrl) throw new Error("more Balai processes need PostgreSQL (PGlite is one process)");
      const own = path.join(dataDir, `process-${port}`);
      const env = {
        ...launcher.env,
        PORT: String(port),
        BALAI_DATA_DIR: own,
        BALAI_FILES_DIR: launcher.env.BALAI_FILES_DIR ?? path.join(dataDir, "files"),
        BALAI_TRUST_PROXY: "loopback",
      };
      return startNode(`balai:${port}`, [path.join(launcher.root, "bin", "balai.js"), "start"], env, port, launcher.root);
    },
    rssMiB: (target) => memory((target === "baseline" ? servers.baseline : servers.balai).child.pid).rssMiB,
    session(identifier = DEMO_LOGIN, password = DEMO_PASSWORD) {
      let s = sessions.get(identifier);
      if (!s) {
        s = login(servers.balai.url, identifier, password);
        sessions.set(identifier, s);
      }
      return s;
    },
    async login(identifier, password) {
      return (await ctx.session(identifier, password)).cookie;
    },
    async withStore(fn) {
      if (databaseUrl) {
        const db = await openDb({ databaseUrl, poolSize: connections });
        try {
          return await fn(db, true);
        } finally {
          await db.close();
        }
      }
      await stop(servers.balai);
      try {
        const db = await openDb({ dataDir });
        try {
          return await fn(db, false);
        } finally {
          await db.close();
        }
      } finally {
        servers.balai = startBalai(launcher);
        await waitReady(servers.balai, "/health");
      }
    },
  };
  return ctx;
}

/** Runs the scenarios in order (warm-up, then the measured run); a failing scenario is reported, not fatal. */
export async function runScenarios(selected: Scenario[], ctx: BenchContext, servers: Servers, opts: DriveOptions) {
  const { seconds, warmupSeconds, connections } = opts;
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const scenario of selected) {
    const target = scenario.target ?? "balai";
    // withStore may restart the Balai server (PGlite): look it up again after the scenario
    const serverNow = () => (target === "baseline" ? servers.baseline : servers.balai);
    const server = serverNow();
    process.stdout.write(`• ${scenario.name} … `);
    const skipped = scenario.skip?.(ctx);
    if (skipped) {
      console.log(`skipped: ${skipped}`);
      continue;
    }
    try {
      if (scenario.drive) {
        const before = memory(server.child.pid);
        const { errorMessages, note, ...m } = await scenario.drive(ctx, { seconds, warmupSeconds, connections });
        const after = memory(serverNow().child.pid);
        results.push({
          name: scenario.name,
          target,
          method: "-",
          path: "-",
          preflightStatus: null,
          role: scenario.role ?? null,
          note: note ?? null,
          ...m,
          ratioToBaseline: null,
          rssBeforeMiB: before.rssMiB,
          rssAfterMiB: after.rssMiB,
        });
        console.log(`${fmt(m.requestsPerSec)} /s${note ? ` (${note})` : ""}${m.errors ? ` — ${m.errors} errors, e.g. ${errorMessages?.[0]}` : ""}`);
      } else {
        if (!scenario.setup) throw new Error("scenario has neither setup nor drive");
        const req = await scenario.setup(ctx);
        const reqs = Array.isArray(req) ? req : [req];
        let status = 200;
        for (const r of reqs) {
          const st = await preflight(server.url, r);
          if (st < 200 || st > 299) status = st;
        }
        if (status < 200 || status > 299) process.stdout.write(`(warning: preflight answered HTTP ${status}) `);
        const conns = scenario.connections ?? connections;
        await load(server.url, req, conns, warmupSeconds);
        const before = memory(server.child.pid);
        const m = await load(server.url, req, conns, seconds);
        const after = memory(server.child.pid);
        results.push({
          name: scenario.name,
          target,
          method: reqs[0].method ?? "GET",
          path: reqs.map((r) => r.path).join(" | "),
          preflightStatus: status,
          role: scenario.role ?? null,
          note: null,
          ...m,
          ratioToBaseline: null,
          rssBeforeMiB: before.rssMiB,
          rssAfterMiB: after.rssMiB,
        });
        console.log(`${fmt(m.requestsPerSec)} req/s`);
      }
    } catch (err) {
      const msg = `${scenario.name}: ${(err as Error).message}`;
      failures.push(msg);
      console.log(`FAILED\n  ${msg}`);
    }
    if (serverNow().child.exitCode !== null) throw new Error(`${server.name} died during "${scenario.name}":\n${serverNow().tail()}`);
  }
  return { results, failures };
}
