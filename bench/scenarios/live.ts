// Command center live stream (issue 5): N Server-Sent-Events subscribers (default 2,000, the wall
// screens and consoles of a city and more) on GET /api/live, while a call taker records incidents at a
// steady rate; each subscriber times every `incident.created` it receives from the moment the write was
// sent. Beside it, the same fan-out on a bare Fastify SSE endpoint in the baseline process (no database,
// no filtering): what this machine's Node can do at all. Target: p99 < 250 ms.
import http from "node:http";
import { TENANT } from "../lib/generate.ts";
import { percentile, round } from "../lib/drive.ts";
import type { DriveResult } from "../lib/drive.ts";
import type { BenchContext, DriveOptions, Scenario } from "./types.ts";

const SUBSCRIBERS = Number(process.env.BENCH_LIVE_SUBSCRIBERS ?? 2000);
/** Events per second the writer produces. */
const RATE = Number(process.env.BENCH_LIVE_RATE ?? 10);
export const LIVE_P99_TARGET_MS = 250;
const AT = { lat: -2.9869, lon: 104.7465 };

interface Subscribers {
  /** key → receipt times (ms, performance.now) of every subscriber that got it. */
  received: Map<string, number[]>;
  open: number;
  failed: number;
  close(): void;
}

/** Opens n SSE connections (in batches, so the server's accept queue is not flooded) and records receipts by key. */
async function openSubscribers(url: string, n: number, headers: Record<string, string>, keyOf: (data: string) => string | undefined): Promise<Subscribers> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const received = new Map<string, number[]>();
  const reqs: http.ClientRequest[] = [];
  const s: Subscribers = {
    received,
    open: 0,
    failed: 0,
    close() {
      for (const r of reqs) r.destroy();
      agent.destroy();
    },
  };
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent, headers: { accept: "text/event-stream", ...headers } }, (res) => {
        if (res.statusCode !== 200) {
          s.failed += 1;
          res.resume();
          resolve();
          return;
        }
        s.open += 1;
        resolve();
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          const now = performance.now();
          buf += chunk;
          let i = buf.indexOf("\n\n");
          while (i >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const d = block.indexOf("\ndata: ");
            if (d >= 0) {
              const key = keyOf(block.slice(d + 7));
              if (key) {
                const list = received.get(key);
                if (list) list.push(now);
                else received.set(key, [now]);
              }
            }
            i = buf.indexOf("\n\n");
          }
        });
        res.on("error", () => {});
      });
      req.on("error", () => {
        s.failed += 1;
        resolve();
      });
      reqs.push(req);
    });
  for (let done = 0; done < n; done += 100) await Promise.all(Array.from({ length: Math.min(100, n - done) }, one));
  return s;
}

/** Writes at RATE per second for `seconds`; returns key → send time for each accepted write. */
async function writeSteadily(seconds: number, write: () => Promise<string | undefined>, onError: (msg: string) => void) {
  const sent = new Map<string, number>();
  const writes: number[] = [];
  const end = performance.now() + seconds * 1000;
  const interval = 1000 / RATE;
  let next = performance.now();
  const pending: Promise<void>[] = [];
  while (performance.now() < end) {
    const t0 = performance.now();
    pending.push(
      write().then(
        (key) => {
          writes.push(performance.now() - t0);
          if (key) sent.set(key, t0);
        },
        (err: Error) => onError(err.message),
      ),
    );
    next += interval;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(pending);
  return { sent, writes };
}

function measure(subs: Subscribers, sent: Map<string, number>, writes: number[], seconds: number, errors: string[]): DriveResult & { errorMessages: string[] } {
  const lat: number[] = [];
  let missing = 0;
  for (const [key, t0] of sent) {
    const got = subs.received.get(key) ?? [];
    missing += subs.open - got.length;
    for (const t of got) lat.push(t - t0);
  }
  const sorted = Float64Array.from(lat).sort();
  const w = Float64Array.from(writes).sort();
  return {
    requestsPerSec: round(lat.length / seconds, 1),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    avgMs: round(lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : Number.NaN),
    requests: lat.length,
    errors: errors.length + subs.failed + missing,
    non2xx: 0,
    durationSec: seconds,
    marks: { write: { p50Ms: round(percentile(w, 50)), p95Ms: round(percentile(w, 95)), p99Ms: round(percentile(w, 99)), count: writes.length } },
    errorMessages: [
      ...errors.slice(0, 3),
      ...(missing ? [`${missing} deliveries missing`] : []),
      ...(subs.failed ? [`${subs.failed} subscribers refused`] : []),
    ],
  };
}

async function settle(subs: Subscribers, sent: Map<string, number>) {
  // Give the last events up to 2 s to arrive everywhere.
  const until = performance.now() + 2000;
  while (performance.now() < until && [...sent.keys()].some((k) => (subs.received.get(k)?.length ?? 0) < subs.open))
    await new Promise((r) => setTimeout(r, 20));
}

export const liveBalai: Scenario = {
  name: `live: ${SUBSCRIBERS} SSE subscribers, incident.created at ${RATE}/s`,
  role: "live",
  async drive(ctx: BenchContext, opts: DriveOptions) {
    const wall = await ctx.login("lawangjabo@palembang.go.id");
    const taker = await ctx.session("operator.112@palembang.go.id");
    const subs = await openSubscribers(`${ctx.balaiUrl}/api/live?topics=incident.created`, SUBSCRIBERS, { cookie: wall, "x-balai-tenant": TENANT }, (data) => {
      const m = /"caseId":"([0-9a-f-]{36})"/.exec(data);
      return m?.[1];
    });
    const rssConnected = ctx.rssMiB("balai");
    const errors: string[] = [];
    const write = async () => {
      const res = await fetch(`${ctx.balaiUrl}/api/emergency/incidents`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: taker.cookie, "x-csrf-token": taker.csrfToken, "x-balai-tenant": TENANT },
        body: JSON.stringify({ type: "other", lat: AT.lat + Math.random() * 0.01, lon: AT.lon + Math.random() * 0.01, notes: "bench" }),
      });
      if (res.status !== 201) throw new Error(`POST /api/emergency/incidents: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    await writeSteadily(Math.min(opts.warmupSeconds, 2), write, () => {});
    subs.received.clear();
    const { sent, writes } = await writeSteadily(opts.seconds, write, (m) => errors.push(m));
    await settle(subs, sent);
    const rssLoaded = ctx.rssMiB("balai");
    subs.close();
    const result = measure(subs, sent, writes, opts.seconds, errors);
    return {
      ...result,
      note: `${subs.open} subscribers; server RSS ${rssConnected ?? "?"} MiB connected, ${rssLoaded ?? "?"} MiB after; write p50 ${result.marks.write.p50Ms} ms`,
    };
  },
};

export const liveBaseline: Scenario = {
  name: `live baseline: bare Fastify SSE fan-out to ${SUBSCRIBERS} at ${RATE}/s`,
  target: "baseline",
  role: "live-baseline",
  async drive(ctx: BenchContext, opts: DriveOptions) {
    const subs = await openSubscribers(`${ctx.baselineUrl}/sse`, SUBSCRIBERS, {}, (data) => /"key":"([^"]+)"/.exec(data)?.[1]);
    const rssConnected = ctx.rssMiB("baseline");
    const errors: string[] = [];
    let n = 0;
    const write = async () => {
      const key = `k${++n}`;
      // About the size of an incident.created frame on the Balai stream (summary + payload, ~600 bytes).
      const res = await fetch(`${ctx.baselineUrl}/publish`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, pad: "x".repeat(560) }),
      });
      if (!res.ok) throw new Error(`publish: HTTP ${res.status}`);
      await res.arrayBuffer();
      return key;
    };
    await writeSteadily(Math.min(opts.warmupSeconds, 2), write, () => {});
    subs.received.clear();
    const { sent, writes } = await writeSteadily(opts.seconds, write, (m) => errors.push(m));
    await settle(subs, sent);
    const rssLoaded = ctx.rssMiB("baseline");
    subs.close();
    return {
      ...measure(subs, sent, writes, opts.seconds, errors),
      note: `${subs.open} subscribers; baseline RSS ${rssConnected ?? "?"} MiB connected, ${rssLoaded ?? "?"} MiB after`,
    };
  },
};
