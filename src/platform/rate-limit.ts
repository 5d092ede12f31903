/**
 * Where the rate-limit counters live (docs/cluster.md). One process: in memory. Several processes on one
 * PostgreSQL: in the `rate_limit_hits` table (one atomic upsert per counted request), or in Redis when REDIS_URL is
 * set (@fastify/rate-limit's own Redis store: one Lua INCR/PEXPIRE). Every process then counts against the same
 * window, so a client cannot multiply its allowance by the number of processes behind the load balancer.
 */
import { Redis } from "ioredis";
import type { Config } from "./config.ts";
import type { Db } from "./db.ts";

export type RateLimitStoreKind = "memory" | "database" | "redis";

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

const INCR = `INSERT INTO rate_limit_hits AS h (key, count, expires_at) VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN h.expires_at <= now() THEN 1 ELSE h.count + 1 END,
    expires_at = CASE WHEN h.expires_at <= now() THEN excluded.expires_at ELSE h.expires_at END
  RETURNING count, greatest(0, ceil(extract(epoch FROM h.expires_at - now()) * 1000))::bigint AS ttl`;

/** @fastify/rate-limit's store interface (incr, child) over the shared table. */
function databaseStore(db: Db) {
  let calls = 0;
  const prune = () => void db.query("DELETE FROM rate_limit_hits WHERE expires_at < now() - interval '1 minute'").catch(() => {});
  return class DatabaseRateLimitStore {
    private readonly prefix: string;
    constructor(_params?: unknown, prefix = "") {
      this.prefix = prefix;
    }
    incr(key: string, cb: Callback, timeWindow: number) {
      if (++calls % 1000 === 0) prune();
      db.one<{ count: number; ttl: string | number }>(INCR, [this.prefix + key, timeWindow]).then(
        (r) => cb(null, { current: Number(r!.count), ttl: Number(r!.ttl) }),
        (err) => cb(err as Error),
      );
    }
    child(routeOptions: { routeInfo: { method?: string; url?: string } }) {
      return new DatabaseRateLimitStore(undefined, `${routeOptions.routeInfo.method ?? ""}${routeOptions.routeInfo.url ?? ""}-`);
    }
  };
}

/** The store for this deployment: BALAI_RATE_LIMIT_STORE, else Redis with REDIS_URL, the database on PostgreSQL, memory on PGlite. */
export function rateLimitStoreKind(config: Config, db: Db): RateLimitStoreKind {
  return config.rateLimitStore ?? (config.redisUrl ? "redis" : db.kind === "postgres" ? "database" : "memory");
}

/** Options for @fastify/rate-limit, and what to close with the app. */
export function rateLimitStoreOptions(config: Config, db: Db): { options: Record<string, unknown>; close: () => Promise<void> } {
  const kind = rateLimitStoreKind(config, db);
  if (kind === "redis") {
    if (!config.redisUrl) throw new Error("BALAI_RATE_LIMIT_STORE=redis needs REDIS_URL");
    const redis = new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    redis.on("error", () => {}); // each failed command reaches the rate-limit hook (answered as an error); no unhandled event
    return {
      options: { redis, nameSpace: "balai-rl-" },
      close: async () => {
        redis.disconnect();
      },
    };
  }
  if (kind === "database") return { options: { store: databaseStore(db) }, close: async () => {} };
  return { options: {}, close: async () => {} };
}
