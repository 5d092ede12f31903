// Balai benchmark: `npm run bench` (node bench/run.ts). See bench/README.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBenchDatabase } from "./lib/database.ts";
import { load, type Measurement } from "./lib/measure.ts";
import { freePort, memory, type Server, startNode, stop, waitReady } from "./lib/processes.ts";
import { scenarios } from "./scenarios/index.ts";
import type { BenchContext, RequestOptions } from "./scenarios/types.ts";

const BENCH_DIR = import.meta.dirname;
const ROOT = path.resolve(BENCH_DIR, "..");
const RESULTS = path.join(BENCH_DIR, "results", "latest.json");

const DEMO_LOGIN = "admin@palembang.go.id";
const DEMO_PASSWORD = "Balai-Demo-2026";
const SESSION_COOKIE = "balai_sid";

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

const seconds = positiveInt("BENCH_SECONDS", 10);
const warmupSeconds = positiveInt("BENCH_WARMUP_SECONDS", 2);
const connections = positiveInt("BENCH_CONNECTIONS", 16);
const adminDatabaseUrl = process.env.DATABASE_URL || undefined;
const store: BenchContext["store"] = adminDatabaseUrl ? "postgres" : "pglite";

interface ScenarioResult extends Measurement {
  name: string;
  target: "balai" | "baseline";
  method: string;
  path: string;
  preflightStatus: number;
  ratioToBaseline: number | null;
  rssBeforeMiB: number | null;
  rssAfterMiB: number | null;
}

// ---------------------------------------------------------------- cleanup (runs once, even on error / Ctrl-C)
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers…`);
    void cleanup().then(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- helpers
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

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(header: string[], rows: string[][], rightAlignFrom = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= rightAlignFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i >= rightAlignFrom ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main
async function main(): Promise<number> {
  const startedAt = new Date();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-bench-"));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));

  let databaseUrl: string | undefined;
  let databaseName: string | undefined;
  if (adminDatabaseUrl) {
    const db = await createBenchDatabase(adminDatabaseUrl);
    cleanups.push(() => db.drop());
    databaseUrl = db.url;
    databaseName = db.name;
  }

  const [balaiPort, baselinePort] = [await freePort(), await freePort()];
  const baseEnv = { ...process.env };
  delete baseEnv.DATABASE_URL;
  delete baseEnv.NODE_OPTIONS;

  const baselineServer: Server = startNode(
    "baseline",
    [path.join(BENCH_DIR, "baseline-server.ts")],
    { ...baseEnv, PORT: String(baselinePort) },
    baselinePort,
    ROOT,
  );
  cleanups.push(() => stop(baselineServer));
  const balaiEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    PORT: String(balaiPort),
    HOST: "127.0.0.1",
    BALAI_DATA_DIR: dataDir,
    BALAI_COOKIE_SECURE: "0",
    BALAI_RATE_LIMIT: "100000000",
    BALAI_AUTH_RATE_LIMIT: "100000",
    LOG_LEVEL: "warn",
  };
  if (databaseUrl) balaiEnv.DATABASE_URL = databaseUrl;
  const balaiServer: Server = startNode("balai", [path.join(ROOT, "bin", "balai.js"), "start"], balaiEnv, balaiPort, ROOT);
  cleanups.push(() => stop(balaiServer));

  console.log(`Balai bench — store: ${store === "postgres" ? `PostgreSQL (database ${databaseName})` : `PGlite (${dataDir})`}`);
  console.log(
    `${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s per scenario; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
  );
  const t0 = Date.now();
  await Promise.all([waitReady(baselineServer, "/"), waitReady(balaiServer, "/health")]);
  console.log(`servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (balai pid ${balaiServer.child.pid}, baseline pid ${baselineServer.child.pid})\n`);

  const sessions = new Map<string, Promise<{ cookie: string; csrfToken: string }>>();
  const ctx: BenchContext = {
    balaiUrl: balaiServer.url,
    baselineUrl: baselineServer.url,
    store,
    session(identifier = DEMO_LOGIN, password = DEMO_PASSWORD) {
      let s = sessions.get(identifier);
      if (!s) {
        s = login(balaiServer.url, identifier, password);
        sessions.set(identifier, s);
      }
      return s;
    },
    async login(identifier, password) {
      return (await ctx.session(identifier, password)).cookie;
    },
  };

  const memStart = { balai: memory(balaiServer.child.pid), baseline: memory(baselineServer.child.pid) };
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const scenario of scenarios) {
    const target = scenario.target ?? "balai";
    const server = target === "baseline" ? baselineServer : balaiServer;
    process.stdout.write(`• ${scenario.name} … `);
    try {
      const req = await scenario.setup(ctx);
      const status = await preflight(server.url, req);
      if (status < 200 || status > 299) process.stdout.write(`(warning: preflight answered HTTP ${status}) `);
      await load(server.url, req, connections, warmupSeconds);
      const before = memory(server.child.pid);
      const m = await load(server.url, req, connections, seconds);
      const after = memory(server.child.pid);
      results.push({
        name: scenario.name,
        target,
        method: req.method ?? "GET",
        path: req.path,
        preflightStatus: status,
        ...m,
        ratioToBaseline: null,
        rssBeforeMiB: before.rssMiB,
        rssAfterMiB: after.rssMiB,
      });
      console.log(`${fmt(m.requestsPerSec)} req/s`);
    } catch (err) {
      const msg = `${scenario.name}: ${(err as Error).message}`;
      failures.push(msg);
      console.log(`FAILED\n  ${msg}`);
    }
    if (server.child.exitCode !== null) throw new Error(`${server.name} died during "${scenario.name}":\n${server.tail()}`);
  }
  const memEnd = { balai: memory(balaiServer.child.pid), baseline: memory(baselineServer.child.pid) };

  const baselineIndex = scenarios.findIndex((s) => s.baseline);
  const base = results.find((r) => r.name === scenarios[baselineIndex]?.name);
  for (const r of results) r.ratioToBaseline = base && base.requestsPerSec > 0 ? r.requestsPerSec / base.requestsPerSec : null;

  console.log("");
  console.log(
    table(
      ["Scenario", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx", "vs baseline", "RSS before→after (MiB)"],
      results.map((r) => [
        r.name,
        fmt(r.requestsPerSec),
        fmt(r.p50Ms, 2),
        fmt(r.p99Ms, 2),
        fmt(r.errors),
        fmt(r.non2xx),
        r.ratioToBaseline === null ? "–" : `${(r.ratioToBaseline * 100).toFixed(1)} %`,
        `${fmt(r.rssBeforeMiB, 1)} → ${fmt(r.rssAfterMiB, 1)}`,
      ]),
    ),
  );
  console.log("");
  console.log(
    table(
      ["Process", "RSS before load (MiB)", "RSS after load (MiB)", "peak RSS (MiB)"],
      (["balai", "baseline"] as const).map((k) => [
        k === "balai" ? `Balai server (${store})` : "baseline Fastify",
        fmt(memStart[k].rssMiB, 1),
        fmt(memEnd[k].rssMiB, 1),
        fmt(memEnd[k].peakMiB, 1),
      ]),
    ),
  );

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    store,
    database: databaseName ?? null,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: { count: os.cpus().length, model: os.cpus()[0]?.model ?? null },
    connections,
    durationSec: seconds,
    warmupSec: warmupSeconds,
    scenarios: results,
    memory: {
      balai: { rssBeforeLoadMiB: memStart.balai.rssMiB, rssAfterLoadMiB: memEnd.balai.rssMiB, peakRssMiB: memEnd.balai.peakMiB },
      baseline: { rssBeforeLoadMiB: memStart.baseline.rssMiB, rssAfterLoadMiB: memEnd.baseline.rssMiB, peakRssMiB: memEnd.baseline.peakMiB },
    },
    failures,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
  if (failures.length) {
    console.error(`\n${failures.length} scenario(s) failed:\n- ${failures.join("\n- ")}`);
    return 1;
  }
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`\nbench failed: ${(err as Error).stack ?? err}`);
} finally {
  await cleanup();
}
process.exit(code);
