// Closed-loop load for work autocannon cannot express (multi-request flows, raw SQL):
// `workers` async loops each run `step` back to back for `seconds`; we time each step ourselves.
import type { Measurement } from "./measure.ts";

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface DriveResult extends Measurement {
  /** Extra latency series a step reported through `mark` (e.g. the submit request alone), as p50/p95/p99 ms. */
  marks: Record<string, { p50Ms: number; p95Ms: number; p99Ms: number; count: number }>;
}

/**
 * Runs `step(worker, mark)` in `workers` parallel loops for `seconds` (or until every step returned false). A step that throws counts as an
 * error (the first few messages are kept). `mark(name, ms)` records a sub-latency.
 */
export async function drive(
  workers: number,
  seconds: number,
  step: (worker: number, mark: (name: string, ms: number) => void) => Promise<unknown>,
): Promise<DriveResult & { errorMessages: string[] }> {
  const latencies: number[] = [];
  const marks = new Map<string, number[]>();
  const mark = (name: string, ms: number) => {
    const a = marks.get(name);
    if (a) a.push(ms);
    else marks.set(name, [ms]);
  };
  let errors = 0;
  const errorMessages: string[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          // a step that returns false ends its worker (e.g. no more prepared drafts)
          if ((await step(w, mark)) === false) break;
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          if (errorMessages.length < 5) errorMessages.push((err as Error).message);
          // avoid a hot loop when the target is down
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    requestsPerSec: round(latencies.length / elapsed, 1),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    avgMs: round(latencies.length ? sum / latencies.length : Number.NaN),
    requests: latencies.length,
    errors,
    non2xx: 0,
    durationSec: round(elapsed, 2),
    marks: Object.fromEntries(
      [...marks].map(([k, v]) => {
        const s = Float64Array.from(v).sort();
        return [k, { p50Ms: round(percentile(s, 50)), p95Ms: round(percentile(s, 95)), p99Ms: round(percentile(s, 99)), count: v.length }];
      }),
    ),
    errorMessages,
  };
}
