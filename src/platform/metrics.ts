/**
 * `/metrics` in the Prometheus text format (prom-client), for the operators of a multi-process deployment
 * (docs/cluster.md): request rate and latency per route, the database pool, job lag, outbox lag, live subscribers
 * and notification failures. Off unless BALAI_METRICS_TOKEN is set; then the scraper sends it as a bearer token
 * (behind nginx every request comes from loopback, so the address cannot be the check).
 */
import { timingSafeEqual } from "node:crypto";
import { Type } from "typebox";
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "./db.ts";
import { forbidden, notFound } from "./errors.ts";
import type { LiveHub } from "./live.ts";

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function registerMetrics(app: FastifyInstance, deps: { db: Db; live: LiveHub; token: string | undefined }): void {
  const { db, live, token } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "balai_" });

  const requests = new Counter({
    name: "balai_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "balai_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route pattern",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    // The route pattern, never the raw URL (bounded label values); unmatched requests share one label.
    const route = req.routeOptions.url ?? "(unmatched)";
    if (route === "/metrics") return;
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  new Gauge({
    name: "balai_db_pool_connections",
    help: "Database pool connections (PostgreSQL): state=total|idle|waiting (queries waiting for a connection)|max",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const s = db.poolStats?.();
      if (!s) return;
      for (const [state, v] of Object.entries(s)) this.set({ state }, v);
    },
  });
  const up = new Gauge({ name: "balai_database_up", help: "1 when the database answered the last scrape's queries", registers: [registry] });
  const outboxLag = new Gauge({
    name: "balai_outbox_lag_events",
    help: "Outbox events committed that this process's live hub has not read yet (0 while no one subscribes)",
    registers: [registry],
  });
  new Gauge({
    name: "balai_live_subscribers",
    help: "Live (SSE) subscribers connected to this process",
    registers: [registry],
    collect() {
      this.set(live.subscriberCount());
    },
  });
  const failed = new Gauge({ name: "balai_notifications_failed", help: "Notifications that failed for good (all tenants)", registers: [registry] });
  const pendingAge = new Gauge({
    name: "balai_notifications_pending_age_seconds",
    help: "Age of the oldest notification waiting to be sent (0 when none)",
    registers: [registry],
  });
  const jobAge = new Gauge({
    name: "balai_job_last_run_age_seconds",
    help: "Seconds since a periodic job last ran in any process (job lag), by job",
    labelNames: ["job"],
    registers: [registry],
  });

  /** The store-wide figures, read once per scrape; a database that does not answer sets balai_database_up 0. */
  async function readStore() {
    try {
      const [n, outbox, jobs] = await Promise.all([
        db.one<{ failed: number; age: number }>(
          `SELECT (SELECT count(*) FROM notifications WHERE status = 'failed')::int AS failed,
                  coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM notifications WHERE status = 'pending'), 0)::float8 AS age`,
        ),
        db.one<{ max: string | number | null }>("SELECT max(id) AS max FROM outbox_events"),
        db.query<{ name: string; age: number }>(
          "SELECT name, extract(epoch FROM now() - last_run_at)::float8 AS age FROM job_leases WHERE last_run_at IS NOT NULL",
        ),
      ]);
      up.set(1);
      failed.set(n!.failed);
      pendingAge.set(n!.age);
      outboxLag.set(live.seenId < 0 ? 0 : Math.max(0, Number(outbox?.max ?? 0) - live.seenId));
      jobAge.reset();
      for (const j of jobs) jobAge.set({ job: j.name }, j.age);
    } catch {
      up.set(0);
    }
  }

  app.get("/metrics", { schema: { hide: true, response: { 200: Type.String() } } }, async (req, reply) => {
    if (!token) throw notFound();
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (!sameSecret(given, token)) throw forbidden();
    await readStore();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
