/**
 * Where the rate-limit counters live (docs/cluster.md). One process: in memory. Several processes on one
 * PostgreSQL: in the `rate_limit_hits` table, or in Redis when REDIS_URL is set (@fastify/rate-limit's own Redis
 * store: one Lua INCR/PEXPIRE). Every process then counts against the same window, so a client cannot multiply its
 * allowance by the number of processes behind the load balancer.
 *
 * In the table, a route's own limit (sign-in, codes, uploads, …: `config.rateLimit`) is exact: one atomic upsert per
 * counted request. The global limit every other route shares (public reads such as catalog search) is counted in
 * process and added to the table in one statement per second (`BatchedCounters`): a request costs no round trip,
 * and each process learns the others' counts at its next sync, so N processes overshoot by at most ~1 s of traffic.
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

/** Adds each key's hits of the last interval to its shared row (keys sorted: two processes never deadlock). */
const ADD = `INSERT INTO rate_limit_hits AS h (key, count, expires_at)
    SELECT k, n, now() + make_interval(secs => w / 1000) FROM jsonb_to_recordset($1::jsonb) AS t(k text, n integer, w double precision)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN h.expires_at <= now() THEN excluded.count ELSE h.count + excluded.count END,
    expires_at = CASE WHEN h.expires_at <= now() THEN excluded.expires_at ELSE h.expires_at END
  RETURNING key, count, greatest(0, ceil(extract(epoch FROM h.expires_at - now()) * 1000))::bigint AS ttl`;

interface Counter {
  /** The shared count at the last sync (this process's synced hits included). */
  shared: number;
  /** Hits counted here since the last sync, and those of a sync under way. */
  pending: number;
  syncing: number;
  window: number;
  expiresAt: number;
}

/**
 * In-process counters for the global limit, synced with `rate_limit_hits` by `sync()` (every second, and at close).
 * A request's count is the shared count last seen plus this process's hits since: no query on the request's path.
 */
export class BatchedCounters {
  private readonly counters = new Map<string, Counter>();
  private syncs = 0;
  private running: Promise<void> | undefined;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  incr(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = Date.now();
    let c = this.counters.get(key);
    if (!c || c.expiresAt <= now) {
      c = { shared: 0, pending: 0, syncing: 0, window: timeWindow, expiresAt: now + timeWindow };
      this.counters.set(key, c);
    }
    c.pending++;
    return { current: c.shared + c.syncing + c.pending, ttl: c.expiresAt - now };
  }

  /** Sends the hits counted since the last sync and takes back every touched key's shared count and window. */
  sync(): Promise<void> {
    this.running ??= this.send().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async send(): Promise<void> {
    const now = Date.now();
    const batch: [string, Counter][] = [];
    for (const [key, c] of this.counters) {
      if (c.pending > 0) batch.push([key, c]);
      else if (c.expiresAt <= now) this.counters.delete(key);
    }
    if (!batch.length) return;
    batch.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, c] of batch) {
      c.syncing = c.pending;
      c.pending = 0;
    }
    try {
      const hits = JSON.stringify(batch.map(([k, c]) => ({ k, n: c.syncing, w: c.window })));
      const rows = await this.db.query<{ key: string; count: number; ttl: string | number }>(ADD, [hits]);
      const at = Date.now();
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const [key, c] of batch) {
        const r = byKey.get(key);
        const current = this.counters.get(key);
        if (r && current === c) {
          c.shared = Number(r.count);
          c.expiresAt = at + Number(r.ttl);
        }
        c.syncing = 0;
      }
      if (++this.syncs % 60 === 0) await this.db.query("DELETE FROM rate_limit_hits WHERE expires_at < now() - interval '1 minute'");
    } catch {
      // The store is unreachable: keep the hits for the next sync; requests are still counted here meanwhile.
      for (const [, c] of batch) {
        c.pending += c.syncing;
        c.syncing = 0;
      }
    }
  }
}

/**
 * @fastify/rate-limit's store interface (incr, child) over the shared table: the global instance counts through
 * `BatchedCounters`; a route's own limit (`child`) is exact, one atomic upsert per counted request.
 */
function databaseStore(db: Db, batched: BatchedCounters) {
  let calls = 0;
  const prune = () => void db.query("DELETE FROM rate_limit_hits WHERE expires_at < now() - interval '1 minute'").catch(() => {});
  return class DatabaseRateLimitStore {
    private readonly prefix: string | undefined;
    /** Constructed by the plugin without a prefix: the global limit. */
    constructor(_params?: unknown, prefix?: string) {
      this.prefix = prefix;
    }
    incr(key: string, cb: Callback, timeWindow: number) {
      if (this.prefix === undefined) return cb(null, batched.incr(key, timeWindow));
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

/** How often the global limit's counts go to the shared table. */
export const RATE_LIMIT_SYNC_MS = 1000;

/**
 * Options for @fastify/rate-limit, what to close with the app, and `sync` (sends the global limit's counts now;
 * nothing to do outside the database store).
 */
export function rateLimitStoreOptions(config: Config, db: Db): { options: Record<string, unknown>; close: () => Promise<void>; sync: () => Promise<void> } {
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
      sync: async () => {},
    };
  }
  if (kind === "database") {
    const batched = new BatchedCounters(db);
    const timer = setInterval(() => void batched.sync(), RATE_LIMIT_SYNC_MS);
    timer.unref();
    return {
      options: { store: databaseStore(db, batched) },
      close: async () => {
        clearInterval(timer);
        await batched.sync();
      },
      sync: () => batched.sync(),
    };
  }
  return { options: {}, close: async () => {}, sync: async () => {} };
}
