// Balai benchmark: `npm run bench` (node bench/run.ts). See bench/README.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../src/platform/db.ts";
import { createBenchDatabase } from "./lib/database.ts";
import { type GenerateResult, generateData } from "./lib/generate.ts";
import { type GenerateReportsResult, generateReports } from "./lib/generate-reports.ts";
import { load, type Measurement } from "./lib/measure.ts";
import { freePort, memory, type Server, startNode, stop, waitReady } from "./lib/processes.ts";
import { scenarios } from "./scenarios/index.ts";
import { BENCH_RATE_LIMIT } from "./scenarios/lapor.ts";
import { LIVE_P99_TARGET_MS } from "./scenarios/live.ts";
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

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (got "${raw}")`);
  return n;
}

const seconds = positiveInt("BENCH_SECONDS", 10);
const warmupSeconds = positiveInt("BENCH_WARMUP_SECONDS", 2);
const connections = positiveInt("BENCH_CONNECTIONS", 16);
const benchCases = nonNegativeInt("BENCH_CASES", 1_000_000);
const benchServices = nonNegativeInt("BENCH_SERVICES", 528);
const benchReports = nonNegativeInt("BENCH_REPORTS", 1_000_000);
const INBOX_P99_TARGET_MS = 50;
const SUBMISSION_RATIO_TARGET = 0.5;
const NEARBY_P95_TARGET_MS = 10;
/** BENCH_ONLY=lapor,inbox: run only the scenarios whose name contains one of these (case-insensitive); unset = all. */
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((x) => x.trim().toLowerCase())
  .filter(Boolean);
const selected = only.length ? scenarios.filter((s) => only.some((o) => s.name.toLowerCase().includes(o))) : scenarios;
const adminDatabaseUrl = process.env.DATABASE_URL || undefined;
const store: BenchContext["store"] = adminDatabaseUrl ? "postgres" : "pglite";

interface ScenarioResult extends Measurement {
  name: string;
  target: "balai" | "baseline";
  method: string;
  path: string;
  preflightStatus: number | null;
  role: string | null;
  note: string | null;
  marks?: Record<string, { p50Ms: number; p95Ms: number; p99Ms: number; count: number }>;
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
    // BENCH_KEEP_DB=1 leaves the generated database in place (e.g. for EXPLAIN ANALYZE afterwards).
    if (process.env.BENCH_KEEP_DB === "1") cleanups.push(async () => console.log(`kept database ${db.name} (drop it with: DROP DATABASE "${db.name}")`));
    else cleanups.push(() => db.drop());
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
    BALAI_RATE_LIMIT: String(BENCH_RATE_LIMIT),
    BALAI_AUTH_RATE_LIMIT: "100000",
    LOG_LEVEL: "warn",
  };
  if (databaseUrl) balaiEnv.DATABASE_URL = databaseUrl;
  let balaiServer: Server = startNode("balai", [path.join(ROOT, "bin", "balai.js"), "start"], balaiEnv, balaiPort, ROOT);
  cleanups.push(() => stop(balaiServer));

  console.log(`Balai bench — store: ${store === "postgres" ? `PostgreSQL (database ${databaseName})` : `PGlite (${dataDir})`}`);
  console.log(
    `${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s per scenario; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
  );
  const t0 = Date.now();
  await Promise.all([waitReady(baselineServer, "/"), waitReady(balaiServer, "/health")]);
  console.log(`servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (balai pid ${balaiServer.child.pid}, baseline pid ${baselineServer.child.pid})`);

  // ---- data volume: stop the server (PGlite is single-process; same sequence on PostgreSQL so no
  // server-side cache sees a half-generated store), generate in SQL, ANALYZE, start it again.
  let generation: GenerateResult | null = null;
  let reportGeneration: GenerateReportsResult | null = null;
  if (benchCases > 0 || benchServices > 0 || benchReports > 0) {
    await stop(balaiServer);
    console.log(
      `generating ${fmt(benchServices)} services / +${fmt(benchCases)} cases / +${fmt(benchReports)} e-Lapor reports into the ${store === "postgres" ? "PostgreSQL" : "PGlite"} store…`,
    );
    const db = await openDb(databaseUrl ? { databaseUrl, poolSize: 2 } : { dataDir });
    try {
      if (benchCases > 0 || benchServices > 0) {
        generation = await generateData(db, { services: benchServices, cases: benchCases, log: (m) => console.log(`  ${m}`) });
        const g = generation;
        console.log(
          `generated in ${g.totalSeconds.toFixed(1)} s (services ${g.serviceSeconds.toFixed(1)} s, cases ${g.caseSeconds.toFixed(1)} s = ${fmt(g.casesGenerated / Math.max(g.caseSeconds, 0.001))} rows/s, ANALYZE ${g.analyzeSeconds.toFixed(1)} s): ${fmt(g.servicesAfter)} services, ${fmt(g.casesAfter)} cases`,
        );
      }
      if (benchReports > 0) {
        reportGeneration = await generateReports(db, { reports: benchReports, log: (m) => console.log(`  ${m}`) });
        const r = reportGeneration;
        console.log(
          `generated reports in ${r.totalSeconds.toFixed(1)} s (setup ${r.setupSeconds.toFixed(1)} s, rows ${r.reportSeconds.toFixed(1)} s = ${fmt(r.reportsGenerated / Math.max(r.reportSeconds, 0.001))} reports/s, ANALYZE ${r.analyzeSeconds.toFixed(1)} s): ${fmt(r.reportsAfter)} reports, ${fmt(r.openAfter)} open, ${fmt(r.cells)} cells`,
        );
      }
    } finally {
      await db.close();
    }
    const t1 = Date.now();
    balaiServer = startNode("balai", [path.join(ROOT, "bin", "balai.js"), "start"], balaiEnv, balaiPort, ROOT);
    await waitReady(balaiServer, "/health");
    console.log(`balai restarted on the generated store in ${((Date.now() - t1) / 1000).toFixed(1)} s (pid ${balaiServer.child.pid})`);
  }
  console.log("");

  const sessions = new Map<string, Promise<{ cookie: string; csrfToken: string }>>();
  const ctx: BenchContext = {
    balaiUrl: balaiServer.url,
    baselineUrl: baselineServer.url,
    store,
    databaseUrl,
    shared: new Map(),
    rssMiB: (target) => memory((target === "baseline" ? baselineServer : balaiServer).child.pid).rssMiB,
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
    async withStore(fn) {
      if (databaseUrl) {
        const db = await openDb({ databaseUrl, poolSize: connections });
        try {
          return await fn(db, true);
        } finally {
          await db.close();
        }
      }
      await stop(balaiServer);
      try {
        const db = await openDb({ dataDir });
        try {
          return await fn(db, false);
        } finally {
          await db.close();
        }
      } finally {
        balaiServer = startNode("balai", [path.join(ROOT, "bin", "balai.js"), "start"], balaiEnv, balaiPort, ROOT);
        await waitReady(balaiServer, "/health");
      }
    },
  };

  const memStart = { balai: memory(balaiServer.child.pid), baseline: memory(baselineServer.child.pid) };
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const scenario of selected) {
    const target = scenario.target ?? "balai";
    // withStore may restart the Balai server (PGlite): look it up again after the scenario
    const serverNow = () => (target === "baseline" ? baselineServer : balaiServer);
    const server = serverNow();
    process.stdout.write(`• ${scenario.name} … `);
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
  const memEnd = { balai: memory(balaiServer.child.pid), baseline: memory(baselineServer.child.pid) };

  const baselineIndex = scenarios.findIndex((s) => s.baseline);
  const base = results.find((r) => r.name === scenarios[baselineIndex]?.name);
  for (const r of results) r.ratioToBaseline = base && base.requestsPerSec > 0 ? r.requestsPerSec / base.requestsPerSec : null;

  console.log("");
  console.log(
    table(
      ["Scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx", "vs baseline", "RSS before→after (MiB)"],
      results.map((r) => [
        r.name,
        fmt(r.requestsPerSec),
        fmt(r.p50Ms, 2),
        fmt(r.p95Ms, 2),
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

  // ---- targets (volume issue: submission ≥ 50 % of the bare two-insert rate; inbox p99 < 50 ms; e-Lapor issue: nearby p95 < 10 ms)
  const bare = results.find((r) => r.role === "bare-insert");
  const targetRows: string[][] = [];
  const targets: Array<{ name: string; figure: string; target: string; value: number | null; met: boolean | null }> = [];
  for (const r of results) {
    if (r.role === "submission" || r.role === "submission-http") {
      const ratio = bare && bare.requestsPerSec > 0 ? r.requestsPerSec / bare.requestsPerSec : null;
      // The target compares like with like (no HTTP on either side); HTTP rows are shown for information.
      const http = r.role === "submission-http";
      const met = ratio === null || http ? null : ratio >= SUBMISSION_RATIO_TARGET;
      targets.push({ name: r.name, figure: "submissions/s ÷ bare 2-insert tx/s", target: http ? "info (HTTP)" : "≥ 50 %", value: ratio, met });
      targetRows.push([
        r.name,
        `${fmt(r.requestsPerSec)} /s ÷ ${fmt(bare?.requestsPerSec)} /s`,
        ratio === null ? "–" : `${(ratio * 100).toFixed(1)} %`,
        http ? "info (HTTP)" : "≥ 50 %",
        http ? "–" : met === null ? "–" : met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "inbox") {
      const answered = Number.isFinite(r.p99Ms);
      const met = answered && r.p99Ms < INBOX_P99_TARGET_MS;
      targets.push({ name: r.name, figure: "p99 ms", target: "< 50 ms", value: answered ? r.p99Ms : null, met });
      targetRows.push([
        r.name,
        answered ? `p99 ${fmt(r.p99Ms, 2)} ms` : `no response within 10 s (${fmt(r.errors)} timeouts)`,
        answered ? `${((r.p99Ms / INBOX_P99_TARGET_MS) * 100).toFixed(0)} % of 50 ms` : "–",
        "< 50 ms",
        met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "live") {
      const base = results.find((b) => b.role === "live-baseline");
      const answered = Number.isFinite(r.p99Ms) && r.requests > 0;
      const met = answered && r.p99Ms < LIVE_P99_TARGET_MS;
      targets.push({ name: r.name, figure: "event-to-subscriber p99 ms", target: "< 250 ms", value: answered ? r.p99Ms : null, met });
      targetRows.push([
        r.name,
        answered
          ? `p50 ${fmt(r.p50Ms, 1)} / p99 ${fmt(r.p99Ms, 1)} ms; bare SSE p99 ${fmt(base?.p99Ms, 1)} ms`
          : `no event delivered (${fmt(r.errors)} errors)`,
        answered ? `${((r.p99Ms / LIVE_P99_TARGET_MS) * 100).toFixed(0)} % of 250 ms` : "–",
        "< 250 ms",
        met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "nearby") {
      const answered = Number.isFinite(r.p95Ms) && r.requests > 0 && r.non2xx === 0;
      const met = answered && r.p95Ms < NEARBY_P95_TARGET_MS;
      targets.push({ name: r.name, figure: "p95 ms", target: "< 10 ms", value: Number.isFinite(r.p95Ms) ? r.p95Ms : null, met });
      targetRows.push([
        r.name,
        Number.isFinite(r.p95Ms) ? `p95 ${fmt(r.p95Ms, 2)} ms${r.non2xx ? ` (${fmt(r.non2xx)} non-2xx!)` : ""}` : `no answer (${fmt(r.errors)} errors)`,
        Number.isFinite(r.p95Ms) ? `${((r.p95Ms / NEARBY_P95_TARGET_MS) * 100).toFixed(0)} % of 10 ms` : "–",
        "< 10 ms",
        met ? "met" : "MISSED",
      ]);
    }
  }
  if (targetRows.length) {
    const casesNow = generation?.casesAfter;
    const volume = [
      casesNow === undefined ? null : `${fmt(casesNow)} cases, ${fmt(generation?.servicesAfter)} services`,
      reportGeneration ? `${fmt(reportGeneration.reportsAfter)} e-Lapor reports (${fmt(reportGeneration.openAfter)} open)` : null,
    ].filter(Boolean);
    console.log(`\nTargets (${store}, ${volume.length ? volume.join(", ") : "no generated data"}):`);
    console.log(table(["Scenario", "figure", "ratio", "target", "result"], targetRows));
  }
  const notes = results.filter((r) => r.note);
  if (notes.length) {
    console.log("");
    for (const r of notes) console.log(`- ${r.name}: ${r.note}`);
  }

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
    volume: { cases: benchCases, services: benchServices, reports: benchReports, generation, reportGeneration },
    scenarios: results,
    targets,
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
