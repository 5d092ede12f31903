import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { loginAs, MemoryAdapter, setupPlatform, testConfig } from "../../test/helpers.ts";
import { listenForSessionChanges, SESSION_CHANNEL } from "./auth/sessions.ts";
import { type App, buildApp, type Deps, type Module } from "./http.ts";
import { LiveHub } from "./live.ts";
import { createLogger } from "./log.ts";
import { DiskFileStore } from "./files.ts";
import { TenantResolver } from "./tenancy.ts";

/**
 * What several Balai processes on one store share: rate-limit counters (database or Redis) and session changes
 * (NOTIFY). Each "process" here is its own Fastify app with its own rate-limit store instance on the same store.
 */
const ctx = setupPlatform();
const apps: App[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

async function processOn(env: Record<string, string>, route: string): Promise<App> {
  const config = testConfig(env);
  const deps: Deps = {
    config,
    db: ctx.db,
    tenants: new TenantResolver(ctx.db),
    adapters: { email: new MemoryAdapter(), sms: new MemoryAdapter(), whatsapp: new MemoryAdapter() },
    log: createLogger("silent"),
    files: new DiskFileStore(config.filesDir),
    live: new LiveHub(ctx.db),
  };
  const limited: Module = async (a) => {
    a.get(route, { schema: { hide: true }, config: { rateLimit: { max: 3, timeWindow: "1 minute" } } }, async () => ({ ok: true }));
    // A route under the global limit only (BALAI_RATE_LIMIT), as public reads are.
    a.get(`${route}/open`, { schema: { hide: true } }, async () => ({ ok: true }));
  };
  const app = await buildApp(deps, [limited]);
  apps.push(app);
  return app;
}

const storeEnv = (store: "database" | "redis"): Record<string, string> =>
  store === "redis" ? { BALAI_RATE_LIMIT_STORE: "redis", REDIS_URL: "redis://127.0.0.1:6379" } : { BALAI_RATE_LIMIT_STORE: "database" };

/** The global limit's shared count for a client (null: none yet), read from the store itself. */
const redis = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });
afterAll(() => redis.disconnect());
async function sharedCount(store: "database" | "redis", ip: string): Promise<number | null> {
  if (store === "redis") {
    const n = await redis.get(`balai-rl-${ip}`);
    return n === null ? null : Number(n);
  }
  return (await ctx.db.one<{ count: number }>("SELECT count FROM rate_limit_hits WHERE key = $1", [ip]))?.count ?? null;
}

/** A client address of its own per test (Redis keeps counts between runs until their window ends). */
const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

const hit = async (app: App, route: string, remoteAddress = "127.0.0.1") =>
  (await app.inject({ method: "GET", url: route, headers: { "x-balai-tenant": "16.71" }, remoteAddress })).statusCode;

describe("rate limits shared by every process", () => {
  for (const store of ["database", "redis"] as const) {
    it(`holds across two processes (${store})`, async () => {
      const route = `/probe/limited/${randomUUID()}`;
      const env = storeEnv(store);
      const a = await processOn(env, route);
      const b = await processOn(env, route);
      expect([await hit(a, route), await hit(b, route), await hit(a, route)]).toEqual([200, 200, 200]);
      expect(await hit(b, route)).toBe(429);
      expect(await hit(a, route)).toBe(429);
    });
  }

  for (const store of ["database", "redis"] as const) {
    it(`counts the global limit in each process and adds it to the shared store at each sync (${store})`, async () => {
      const route = `/probe/limited/${randomUUID()}`;
      const ip = randomIp();
      const env = { ...storeEnv(store), BALAI_RATE_LIMIT: "5" };
      // Only the syncs the test makes: the processes' 1 s sync timer must not fire between two steps on a slow machine.
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      onTestFinished(() => {
        vi.useRealTimers();
      });
      const a = await processOn(env, route);
      const b = await processOn(env, route);
      const shared = () => sharedCount(store, ip);

      expect([await hit(a, `${route}/open`, ip), await hit(a, `${route}/open`, ip), await hit(a, `${route}/open`, ip)]).toEqual([200, 200, 200]);
      expect([await hit(b, `${route}/open`, ip), await hit(b, `${route}/open`, ip)]).toEqual([200, 200]);
      expect(await shared()).toBeNull(); // no query on a request's path
      await a.rateLimitSync();
      expect(await shared()).toBe(3);
      await b.rateLimitSync();
      expect(await shared()).toBe(5);
      // b has seen all five: over the limit. a saw only its own three until its next sync.
      expect(await hit(b, `${route}/open`, ip)).toBe(429);
      expect(await hit(a, `${route}/open`, ip)).toBe(200);
      await a.rateLimitSync();
      expect(await hit(a, `${route}/open`, ip)).toBe(429);
      // Closing a process sends what it counted since its last sync (b's refused hit; a's last one is still its own).
      expect(await shared()).toBe(6);
      await b.close();
      expect(await shared()).toBe(7);
    });

    it(`keeps a route's own limit exact while the global limit is batched (${store})`, async () => {
      const route = `/probe/limited/${randomUUID()}`;
      const a = await processOn({ ...storeEnv(store), BALAI_RATE_LIMIT: "1000" }, route);
      const b = await processOn({ ...storeEnv(store), BALAI_RATE_LIMIT: "1000" }, route);
      const ip = randomIp();
      expect([await hit(a, route, ip), await hit(b, route, ip), await hit(a, route, ip), await hit(b, route, ip)]).toEqual([200, 200, 200, 429]);
      // Counted under the route's own key at once, never under the client's global one.
      expect(await sharedCount(store, ip)).toBeNull();
    });
  }

  it("counts per process in memory (the single-process default on the embedded store)", async () => {
    const route = `/probe/limited/${randomUUID()}`;
    const a = await processOn({ BALAI_RATE_LIMIT_STORE: "memory" }, route);
    const b = await processOn({ BALAI_RATE_LIMIT_STORE: "memory" }, route);
    for (let i = 0; i < 3; i++) expect(await hit(a, route)).toBe(200);
    expect(await hit(a, route)).toBe(429);
    expect(await hit(b, route)).toBe(200);
  });

  it("rejects an unknown store or redis without REDIS_URL", () => {
    expect(() => testConfig({ BALAI_RATE_LIMIT_STORE: "disk" })).toThrow(/BALAI_RATE_LIMIT_STORE must be memory, database or redis/);
    expect(() => testConfig({ BALAI_RATE_LIMIT_STORE: "redis" })).toThrow(/needs REDIS_URL/);
  });
});

describe("session changes seen by every process", () => {
  it("a sign-out NOTIFYs every process, and a NOTIFY clears the cached session", async () => {
    const heard: number[] = [];
    // A listener of its own, as every process has: each connection hears a NOTIFY in its own time, so the test waits
    // for the one whose clearing it then checks.
    const stop = await listenForSessionChanges(ctx.db, () => heard.push(Date.now()));
    try {
      const admin = await loginAs(ctx.app, "admin@palembang.go.id");
      const signedIn = async () => (await admin.request("GET", "/api/auth/session")).body.user !== null;
      expect(await signedIn()).toBe(true); // now cached in this process
      // Another process ends the session (as `balai user disable` or a sign-out elsewhere would) and tells everyone.
      const before = heard.length;
      await ctx.db.tx(async (q) => {
        await q.query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'admin@palembang.go.id')");
        await q.query(`SELECT pg_notify('${SESSION_CHANNEL}', '')`);
      });
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(before);
      // The session cache would serve the deleted session for a few seconds more; the notification cleared it.
      expect(await signedIn()).toBe(false);

      // A sign-out through the API sends the notification itself.
      const again = await loginAs(ctx.app, "admin@palembang.go.id");
      const n = heard.length;
      expect((await again.request("POST", "/api/auth/logout")).status).toBe(204);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(n);
    } finally {
      await stop();
    }
  });
});
