/**
 * Balai behind nginx with 1, 2 and 3 processes (issue 15): nginx (round-robin, test/cluster/harness.ts, as in the
 * cluster test) in front of N `balai start` processes on the bench database, loaded through nginx with the bench's
 * usual settings: the catalog search of catalog.ts (autocannon, BENCH_CONNECTIONS connections) and the citizen
 * submission flow of submission.ts (create draft + answers + submit, BENCH_CONNECTIONS fetch loops). Each row's note
 * gives its throughput as a ratio to the N=1 row (linear would be ×N, but the machine's cores are shared by nginx,
 * the load generator, PostgreSQL and the N processes) and every process's resident memory after the run.
 * PostgreSQL only (PGlite is one process); needs the nginx binary. The processes are started for the first row that
 * needs them (one more per N), stopped after the last row, and in any case when the bench ends (ctx.onCleanup).
 * The bench's own Balai server stays up beside them, idle.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Nginx, nginxAvailable, startNginx } from "../../test/cluster/harness.ts";
import { drive, round } from "../lib/drive.ts";
import { load } from "../lib/measure.ts";
import { freePort, memory, type Server, stop, waitReady } from "../lib/processes.ts";
import { catalogRequests } from "./catalog.ts";
import { draft, submitDraft } from "./submission.ts";
import type { BenchContext, DriveOptions, Scenario } from "./types.ts";

const CITIZEN = "warga@example.com";
const KEY = "nginx:cluster";
const COUNTS = [1, 2, 3] as const;

interface Cluster {
  dir: string;
  processes: Server[];
  nginx?: Nginx;
  /** How many processes the running nginx balances over. */
  upstreams: number;
  /** Set when the bench ends (also on error or Ctrl-C): a row still running must not start anything new. */
  closed: boolean;
}

async function teardown(c: Cluster) {
  await c.nginx?.stop();
  c.nginx = undefined;
  await Promise.all(c.processes.map((p) => stop(p)));
  c.processes = [];
  fs.rmSync(c.dir, { recursive: true, force: true });
}

async function nginxReady(n: Nginx, dir: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (n.child.exitCode !== null) break;
    try {
      const res = await fetch(`${n.url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const log = fs.existsSync(path.join(dir, "nginx-error.log")) ? fs.readFileSync(path.join(dir, "nginx-error.log"), "utf8").slice(-2000) : "";
  throw new Error(`nginx did not answer /health (exit code ${n.child.exitCode}):\n${log}`);
}

/** N processes (started one by one as N grows) and nginx over the first N of them. */
async function cluster(ctx: BenchContext, n: number): Promise<Cluster> {
  let c = ctx.shared.get(KEY) as Cluster | undefined;
  if (!c) {
    const made: Cluster = { dir: fs.mkdtempSync(path.join(os.tmpdir(), "balai-bench-nginx-")), processes: [], upstreams: 0, closed: false };
    ctx.shared.set(KEY, made);
    ctx.onCleanup(async () => {
      made.closed = true;
      await teardown(made);
    });
    c = made;
  }
  const open = (cl: Cluster) => {
    if (cl.closed) throw new Error("the bench is stopping: no process started");
  };
  while (c.processes.length < n) {
    const port = await freePort();
    open(c);
    const p = ctx.startBalai(port);
    c.processes.push(p);
    await waitReady(p, "/health");
  }
  if (c.upstreams !== n || !c.nginx) {
    await c.nginx?.stop();
    const ports = c.processes.slice(0, n).map((p) => Number(new URL(p.url).port));
    const port = await freePort();
    open(c);
    c.nginx = startNginx({ dir: c.dir, port, upstreams: ports, keepalive: 64, accessLog: false });
    c.upstreams = n;
    await nginxReady(c.nginx, c.dir);
  }
  return c;
}

function skip(ctx: BenchContext): string | null {
  if (ctx.store !== "postgres") return "PostgreSQL only (PGlite is one process; set DATABASE_URL)";
  if (!nginxAvailable()) return "no nginx binary on PATH (Debian: apt-get install nginx)";
  return null;
}

function note(ctx: BenchContext, c: Cluster, n: number, what: string, rate: number) {
  ctx.shared.set(`nginx:${what}:${n}`, rate);
  const one = ctx.shared.get(`nginx:${what}:1`) as number | undefined;
  const cores = os.cpus().length;
  const ratio = n === 1 ? "the N=1 reference" : one ? `×${round(rate / one, 2)} of N=1 (linear: ×${n})` : "no N=1 row to compare";
  const rss = c.processes
    .slice(0, n)
    .map((p) => memory(p.child.pid).rssMiB ?? "–")
    .join(" / ");
  return `${n} process${n > 1 ? "es" : ""} on ${cores} cores: ${ratio}; RSS per process ${rss} MiB`;
}

/** The last row stops nginx and the processes, so later scenarios run on an otherwise quiet machine. */
async function finish(ctx: BenchContext, last: boolean) {
  const c = ctx.shared.get(KEY) as Cluster | undefined;
  if (!last || !c) return;
  c.closed = true;
  await teardown(c);
}

function catalogRow(n: number, last: boolean): Scenario {
  return {
    name: `Balai nginx → ${n} process${n > 1 ? "es" : ""} GET /api/catalog/services?q=…`,
    skip,
    async drive(ctx: BenchContext, { seconds, warmupSeconds, connections }: DriveOptions) {
      try {
        const c = await cluster(ctx, n);
        const reqs = catalogRequests();
        await load(c.nginx!.url, reqs, connections, warmupSeconds);
        const m = await load(c.nginx!.url, reqs, connections, seconds);
        return { ...m, marks: {}, note: `${note(ctx, c, n, "catalog", m.requestsPerSec)}; autocannon, ${connections} connections` };
      } finally {
        await finish(ctx, last);
      }
    },
  };
}

function submissionRow(n: number, last: boolean): Scenario {
  return {
    name: `Balai nginx → ${n} process${n > 1 ? "es" : ""} submission create+answers+submit`,
    skip,
    async drive(ctx: BenchContext, { seconds, warmupSeconds, connections }: DriveOptions) {
      try {
        const c = await cluster(ctx, n);
        // the same requests as the submission flow row, sent to nginx; the session lives in the database
        const through = { ...ctx, balaiUrl: c.nginx!.url };
        const s = await ctx.session(CITIZEN);
        const step = async () => submitDraft(through, s, await draft(through, s));
        await drive(connections, warmupSeconds, step);
        const m = await drive(connections, seconds, step);
        return { ...m, note: `${note(ctx, c, n, "submission", m.requestsPerSec)}; ${connections} fetch loops, 3 requests per submission` };
      } finally {
        await finish(ctx, last);
      }
    },
  };
}

/** Catalog then submission for N = 1, 2, 3; BENCH_ONLY=nginx runs only these. */
export const nginxScenarios: Scenario[] = COUNTS.flatMap((n) => [catalogRow(n, false), submissionRow(n, n === COUNTS[COUNTS.length - 1])]);
