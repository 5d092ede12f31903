import { afterAll, describe, expect, it } from "vitest";
import { MemoryAdapter, openTestDb, setupPlatform, testConfig } from "../../test/helpers.ts";
import { DiskFileStore } from "./files.ts";
import { type App, buildApp } from "./http.ts";
import { LiveHub } from "./live.ts";
import { createLogger } from "./log.ts";
import { TenantResolver } from "./tenancy.ts";

const TOKEN = "metrics-token-for-tests-0123";
const ctx = setupPlatform({ BALAI_METRICS_TOKEN: TOKEN });
let gone: App | undefined;
afterAll(async () => {
  await gone?.close();
});

const scrape = async (app: App, token = TOKEN) => app.inject({ method: "GET", url: "/metrics", headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("/metrics and readiness", () => {
  it("exports request rate and latency per route, pool, outbox, live and notification figures to the token holder", async () => {
    for (let i = 0; i < 2; i++) await ctx.app.inject({ method: "GET", url: "/api/auth/session", headers: { "x-balai-tenant": "16.71" } });
    expect((await scrape(ctx.app, "")).statusCode).toBe(403);
    expect((await scrape(ctx.app, "wrong-token-wrong-token-wrong")).statusCode).toBe(403);
    const res = await scrape(ctx.app);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('balai_http_requests_total{method="GET",route="/api/auth/session",status="200"} 2');
    expect(text).toMatch(/balai_http_request_duration_seconds_count\{method="GET",route="\/api\/auth\/session"\} 2/);
    expect(text).toContain("balai_database_up 1");
    expect(text).toMatch(/^balai_live_subscribers 0$/m);
    expect(text).toMatch(/^balai_outbox_lag_events 0$/m);
    expect(text).toMatch(/^balai_notifications_failed \d+$/m);
    expect(text).toMatch(/^balai_notifications_pending_age_seconds [\d.e+-]+$/m);
    expect(text).toContain("# TYPE balai_job_last_run_age_seconds gauge");
    expect(text).toMatch(/^balai_process_resident_memory_bytes \d+/m);
    if (ctx.db.kind === "postgres") expect(text).toMatch(/^balai_db_pool_connections\{state="max"\} \d+$/m);
    // The scrape itself is not counted, and a raw URL never becomes a label.
    expect(text).not.toContain('route="/metrics"');
  });

  it("readiness fails (503) and balai_database_up is 0 when the database is gone", async () => {
    const db = await openTestDb();
    const config = testConfig({ BALAI_METRICS_TOKEN: TOKEN });
    gone = await buildApp(
      {
        config,
        db,
        tenants: new TenantResolver(db),
        adapters: { email: new MemoryAdapter(), sms: new MemoryAdapter(), whatsapp: new MemoryAdapter() },
        log: createLogger("silent"),
        files: new DiskFileStore(config.filesDir),
        live: new LiveHub(db),
      },
      [],
    );
    expect((await gone.inject({ method: "GET", url: "/ready" })).json()).toMatchObject({ status: "ready" });
    await db.close();
    const ready = await gone.inject({ method: "GET", url: "/ready" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: "database-unreachable" });
    const res = await scrape(gone);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("balai_database_up 0");
  });
});
