import autocannon from "autocannon";
import type { RequestOptions } from "../scenarios/types.ts";

export interface Measurement {
  requestsPerSec: number;
  /** Latency percentiles over every response (any status), in ms with sub-millisecond precision. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  avgMs: number;
  /** Responses received during the measurement. */
  requests: number;
  /** Connection errors (timeouts included). */
  errors: number;
  /** The first few of those errors' messages (autocannon's `reqError`: e.g. a timeout or a reset connection). */
  errorMessages?: string[];
  /** Responses whose status was not 2xx. */
  non2xx: number;
  durationSec: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs autocannon against `baseUrl` with one repeated request (or a cycle of requests) for `seconds` of load. */
export async function load(baseUrl: string, req: RequestOptions | RequestOptions[], connections: number, seconds: number): Promise<Measurement> {
  // An array is sent in turn by every connection (e.g. a search with varying terms).
  const reqs = Array.isArray(req) ? req : [req];
  // autocannon's own latency histogram has 1 ms resolution (a bare Fastify shows p50 = 0 ms),
  // so the per-response durations it reports on the "response" event are collected instead.
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    requests: reqs.map((r) => ({ method: r.method ?? "GET", path: r.path, headers: r.headers, body: r.body })),
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const errorMessages: string[] = [];
  instance.on("reqError", (err: unknown) => {
    const e = err as Error & { code?: string };
    if (errorMessages.length < 5) errorMessages.push(e.code ? `${e.code}: ${e.message}` : e.message);
  });
  const r = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    requestsPerSec: round(r.requests.average, 1),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    avgMs: round(latencies.length ? sum / latencies.length : Number.NaN),
    requests: latencies.length,
    errors: r.errors,
    errorMessages,
    non2xx: r.non2xx,
    durationSec: r.duration,
  };
}
