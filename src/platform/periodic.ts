import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Queryable } from "./db.ts";

/**
 * A background job run every `everyMs` in this process: a run never overlaps the previous one (a slow run skips
 * ticks), a failure is logged and the next tick tries again, and the timer does not keep the process alive.
 * Returns the function that stops it.
 */
export function runPeriodically(
  everyMs: number,
  run: () => Promise<void>,
  log: { error(obj: unknown, msg: string): void },
  failureMessage: string,
  /** Run once per period across every process sharing the store (see `leased`), under this job name. */
  lease?: { db: Queryable; name: string },
): () => void {
  const runOnce = lease ? leased(lease.db, lease.name, everyMs, run) : run;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await runOnce();
    } catch (err) {
      log.error({ err }, failureMessage);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** This process, as a lease holder: host, pid and a random part (a restarted process is a new holder). */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Takes or renews the job's lease (migrations/063_cluster.sql) in one atomic statement: granted when this holder
 * already has it or the previous holder let it lapse (a process that died stops renewing). True when held.
 */
export async function takeLease(q: Queryable, name: string, holder: string, forMs: number): Promise<boolean> {
  const row = await q.one(
    `INSERT INTO job_leases AS l (name, holder, until) VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
      WHERE l.holder = excluded.holder OR l.until < now()
     RETURNING name`,
    [name, holder, forMs],
  );
  return row !== undefined;
}

/**
 * A periodic job's run that happens in one process of all those sharing the store: the lease holder runs it each
 * period and renews the lease for two periods (+10 s); if the holder dies, another process takes over when the
 * lease lapses. Every run is counted in `job_leases` (runs, last_run_at: the job lag in /metrics).
 */
export function leased(db: Queryable, name: string, everyMs: number, run: () => Promise<unknown>, holder = PROCESS_HOLDER): () => Promise<void> {
  return async () => {
    if (!(await takeLease(db, name, holder, 2 * everyMs + 10_000))) return;
    await run();
    await db.query("UPDATE job_leases SET runs = runs + 1, last_run_at = now() WHERE name = $1 AND holder = $2", [name, holder]);
  };
}
