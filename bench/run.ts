// Balai benchmark: `npm run bench` (node bench/run.ts). See bench/README.md. This file: settings, servers, data
// generation and the run; scenario plumbing in lib/scenario-runner.ts, the report in lib/report.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../src/platform/db.ts";
import { createBenchDatabase } from "./lib/database.ts";
import { type GenerateResult, generateData } from "./lib/generate.ts";
import { type GenerateReportsResult, generateReports } from "./lib/generate-reports.ts";
import { freePort, memory, startNode, stop, waitReady } from "./lib/processes.ts";
import { fmt, printResults, printTargets, writeReport } from "./lib/report.ts";
import { createContext, runScenarios, type Servers, startBalai } from "./lib/scenario-runner.ts";
import { scenarios } from "./scenarios/index.ts";
import { BENCH_RATE_LIMIT } from "./scenarios/lapor.ts";
import type { BenchContext } from "./scenarios/types.ts";

const BENCH_DIR = import.meta.dirname;
const ROOT = path.resolve(BENCH_DIR, "..");
const RESULTS = path.join(BENCH_DIR, "results", "latest.json");

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
/** BENCH_ONLY=lapor,inbox: run only the scenarios whose name contains one of these (case-insensitive); unset = all. */
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((x) => x.trim().toLowerCase())
  .filter(Boolean);
const selected = only.length ? scenarios.filter((s) => only.some((o) => s.name.toLowerCase().includes(o))) : scenarios;
const adminDatabaseUrl = process.env.DATABASE_URL || undefined;
const store: BenchContext["store"] = adminDatabaseUrl ? "postgres" : "pglite";

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
  const launcher = { env: balaiEnv, port: balaiPort, root: ROOT };
  const baselineEnv = { ...baseEnv, PORT: String(baselinePort) };
  const servers: Servers = {
    baseline: startNode("baseline", [path.join(BENCH_DIR, "baseline-server.ts")], baselineEnv, baselinePort, ROOT),
    balai: startBalai(launcher),
  };
  cleanups.push(() => stop(servers.baseline));
  cleanups.push(() => stop(servers.balai)); // servers.balai at cleanup time: the server may have been restarted

  console.log(`Balai bench — store: ${store === "postgres" ? `PostgreSQL (database ${databaseName})` : `PGlite (${dataDir})`}`);
  console.log(
    `${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s per scenario; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
  );
  const t0 = Date.now();
  await Promise.all([waitReady(servers.baseline, "/"), waitReady(servers.balai, "/health")]);
  console.log(`servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (balai pid ${servers.balai.child.pid}, baseline pid ${servers.baseline.child.pid})`);

  // ---- data volume: stop the server (PGlite is single-process; same sequence on PostgreSQL so no
  // server-side cache sees a half-generated store), generate in SQL, ANALYZE, start it again.
  let generation: GenerateResult | null = null;
  let reportGeneration: GenerateReportsResult | null = null;
  if (benchCases > 0 || benchServices > 0 || benchReports > 0) {
    await stop(servers.balai);
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
    servers.balai = startBalai(launcher);
    await waitReady(servers.balai, "/health");
    console.log(`balai restarted on the generated store in ${((Date.now() - t1) / 1000).toFixed(1)} s (pid ${servers.balai.child.pid})`);
  }
  console.log("");

  const ctx = createContext(servers, {
    store,
    databaseUrl,
    dataDir,
    connections,
    launcher,
    // scenarios that start processes (the nginx rows) stop them here too, before the servers and the database go
    onCleanup: (fn) => cleanups.push(fn),
  });
  const memStart = { balai: memory(servers.balai.child.pid), baseline: memory(servers.baseline.child.pid) };
  const { results, failures } = await runScenarios(selected, ctx, servers, { seconds, warmupSeconds, connections });
  const memEnd = { balai: memory(servers.balai.child.pid), baseline: memory(servers.baseline.child.pid) };

  const baselineIndex = scenarios.findIndex((s) => s.baseline);
  const base = results.find((r) => r.name === scenarios[baselineIndex]?.name);
  for (const r of results) r.ratioToBaseline = base && base.requestsPerSec > 0 ? r.requestsPerSec / base.requestsPerSec : null;

  printResults(results, { start: memStart, end: memEnd }, store);
  const targets = printTargets(results, { store, generation, reportGeneration });

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
  writeReport(RESULTS, report);
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
