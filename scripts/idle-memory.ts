/**
 * Idle memory of `balai start` (docs/deploy.md, Memory). Not a test: a measurement on the machine it runs on.
 *
 *   node scripts/idle-memory.ts [--data-dir /tmp/balai-mem] [--port 3950] [--idle 30] [--runs 2]
 *
 * Starts `node <bin/balai.js's flags> bin/balai.js start` on a data folder (the first start seeds the demo city and
 * is slow; it is not measured), stops it, then for each run: a warm start, a few pages (home page data, catalog
 * search, sign-in and inbox), an idle pause, and VmRSS / VmHWM of that process from /proc; then the time of 100 catalog
 * searches and 20 inbox reads, one at a time. Node's flags come from BALAI_NODE_ARGS (default: bin/balai.js's own). Only the process this
 * script started is ever signalled. Extra environment (e.g. BALAI_PGLITE_SHARED_BUFFERS) passes through.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: "/tmp/balai-idle-memory" },
    port: { type: "string", default: "3950" },
    idle: { type: "string", default: "30" },
    runs: { type: "string", default: "2" },
  },
});
const dataDir = path.resolve(values["data-dir"]);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const PASSWORD = "Balai-Demo-2026";

function startServer(): ChildProcess {
  const nodeArgs = (process.env.BALAI_NODE_ARGS ?? "--max-semi-space-size=8 --liftoff-only").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "bin/balai.js"), "start"], {
    cwd: root,
    env: { ...process.env, BALAI_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", BALAI_COOKIE_SECURE: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function waitReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server not ready in time");
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM"); // this child only, by its own handle
  await exited;
}

function status(pid: number): { rss: number; hwm: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

async function get(p: string, cookie?: string): Promise<void> {
  const res = await fetch(base + p, { headers: cookie ? { cookie } : {} });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
}

async function login(identifier: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier, password: PASSWORD }),
  });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("balai_sid="));
  if (!res.ok || !cookie) throw new Error(`login as ${identifier}: HTTP ${res.status}`);
  return cookie;
}

async function pages(): Promise<void> {
  await get("/");
  await get("/api/catalog/popular");
  await get("/api/catalog/taxa");
  for (const q of ["akta kelahiran", "ktp", "izin usaha", "domisili", "sktm"]) await get(`/api/catalog/services?q=${encodeURIComponent(q)}`);
  const operator = await login("operator.kelurahan@palembang.go.id");
  await get("/api/inbox?sort=due&limit=50", operator);
  await get("/api/inbox?status=all&q=SKTM-2025-00012", operator);
  const admin = await login("admin@palembang.go.id");
  await get("/api/inbox?sort=due&limit=50", admin);
}

const mib = (n: number) => `${n.toFixed(0)} MiB`;

if (!fs.existsSync(path.join(dataDir, "pgdata"))) {
  const t0 = Date.now();
  const first = startServer();
  await waitReady(first, 15 * 60_000);
  const s = status(first.pid as number);
  console.log(`first start (seed) ${((Date.now() - t0) / 1000).toFixed(0)} s: RSS ${mib(s.rss)}, peak ${mib(s.hwm)}`);
  await stopServer(first);
}
for (let run = 1; run <= Number(values.runs); run++) {
  const t0 = Date.now();
  const child = startServer();
  try {
    await waitReady(child, 5 * 60_000);
    const ready = status(child.pid as number);
    const startSeconds = (Date.now() - t0) / 1000;
    await pages();
    const loaded = status(child.pid as number);
    await new Promise((r) => setTimeout(r, Number(values.idle) * 1000));
    const idle = status(child.pid as number);
    const t1 = performance.now();
    for (let i = 0; i < 100; i++) await get(`/api/catalog/services?q=${encodeURIComponent(["akta", "ktp", "izin usaha", "domisili", "sktm"][i % 5])}`);
    const searchMs = (performance.now() - t1) / 100;
    const operator = await login("operator.kelurahan@palembang.go.id");
    const t2 = performance.now();
    for (let i = 0; i < 20; i++) await get("/api/inbox?sort=due&limit=50", operator);
    const inboxMs = (performance.now() - t2) / 20;
    console.log(
      `warm start ${run}: ready in ${startSeconds.toFixed(1)} s, RSS ready ${mib(ready.rss)}, after pages ${mib(loaded.rss)}, ` +
        `idle ${values.idle} s ${mib(idle.rss)}, peak (VmHWM) ${mib(idle.hwm)}; ` +
        `catalog search ${searchMs.toFixed(1)} ms, inbox ${inboxMs.toFixed(1)} ms each, RSS after ${mib(status(child.pid as number).rss)}`,
    );
  } finally {
    await stopServer(child);
  }
}
