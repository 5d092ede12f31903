import autocannon from "autocannon";
import type { RequestOptions } from "../scenarios/types.ts";

export interface Measurement {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  avgMs: number;
  requests: number;
  /** Connection errors (timeouts included). */
  errors: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  durationSec: number;
}

/** Runs autocannon against `baseUrl` with one repeated request; `seconds` of load. */
export async function load(baseUrl: string, req: RequestOptions, connections: number, seconds: number): Promise<Measurement> {
  const r = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [{ method: req.method ?? "GET", path: req.path, headers: req.headers, body: req.body }],
  });
  return {
    requestsPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    avgMs: r.latency.average,
    requests: r["1xx"] + r["2xx"] + r["3xx"] + r["4xx"] + r["5xx"],
    errors: r.errors,
    non2xx: r.non2xx,
    durationSec: r.duration,
  };
}
