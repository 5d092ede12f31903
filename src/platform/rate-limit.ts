/**
 * Where the rate-limit counters live (docs/cluster.md). One process: in memory. Several processes on one
 * PostgreSQL: in the `rate_limit_hits` table, or in Redis when REDIS_URL is set. Every process then counts against
 * the same window, so a client cannot multiply its allowance by the number of processes behind the load balancer.
 *
 * In either shared store, a route's own limit (sign-in, codes, uploads, …: `config.rateLimit`) is exact: one atomic
 * upsert (table) or one Lua INCR/PEXPIRE (Redis) per counted request. The global limit every other route shares
 * (public reads such as catalog search) is counted in process and added to the store in one statement or one Lua
 * call per second (`BatchedCounters`): a request costs no round trip, and each process learns the others' counts at
 * its next sync, so N processes overshoot by at most ~1 s of traffic.
 */
import type { Redis } from "ioredis";
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

/** One key's hits since the last sync (`n`) and its window in ms (`w`), as sent to the shared store. */
export interface Hits {
  k: string;
  n: number;
  w: number;
}

/** A shared store of counters: adds each key's hits and answers its total and the ms left in its window. */
export interface CounterSink {
  add(hits: Hits[]): Promise<{ key: string; count: number; ttl: number }[]>;
  /** Called every 60th sync: drop expired rows (a store whose keys expire by themselves leaves it out). */
  prune?(): Promise<void>;
}

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
 * In-process counters for the global limit, synced with the shared store by `sync()` (every second, and at close).
 * A request's count is the shared count last seen plus this process's hits since: no query on the request's path.
 */
export class BatchedCounters {
  private readonly counters = new Map<string, Counter>();
  private syncs = 0;
  private running: Promise<void> | undefined;

  private readonly sink: CounterSink;

  constructor(sink: CounterSink) {
    this.sink = sink;
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
      const rows = await this.sink.add(batch.map(([k, c]) => ({ k, n: c.syncing, w: c.window })));
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
      if (++this.syncs % 60 === 0) await this.sink.prune?.();
    } catch {
      // The store is unreachable: keep the hits for the next sync; requests are still counted here meanwhile.
      for (const [, c] of batch) {
        c.pending += c.syncing;
        c.syncing = 0;
      }
    }
  }
}

/** The shared table as a sink of the global limit's counts. */
function tableSink(db: Db): CounterSink {
  return {
    add: async (hits) =>
      (await db.query<{ key: string; count: number; ttl: string | number }>(ADD, [JSON.stringify(hits)])).map((r) => ({
        key: r.key,
        count: Number(r.count),
        ttl: Number(r.ttl),
      })),
    prune: async () => {
      await db.query("DELETE FROM rate_limit_hits WHERE expires_at < now() - interval '1 minute'");
    },
  };
}

type Exact = { current: number; ttl: number };

/**
 * @fastify/rate-limit's store interface (incr, child) over a shared store: the global instance (constructed by the
 * plugin without a prefix) counts through `BatchedCounters`; a route's own limit (`child`) is exact, one atomic
 * `incrExact` per counted request, keyed `keyPrefix` + method + URL + `-` + the client's key.
 */
function sharedStore(batched: BatchedCounters, keyPrefix: string, incrExact: (key: string, timeWindow: number) => Promise<Exact>) {
  return class SharedRateLimitStore {
    private readonly prefix: string | undefined;
    constructor(_params?: unknown, prefix?: string) {
      this.prefix = prefix;
    }
    incr(key: string, cb: Callback, timeWindow: number) {
      if (this.prefix === undefined) return cb(null, batched.incr(key, timeWindow));
      incrExact(this.prefix + key, timeWindow).then(
        (r) => cb(null, r),
        (err) => cb(err as Error),
      );
    }
    child(routeOptions: { routeInfo: { method?: string; url?: string } }) {
      return new SharedRateLimitStore(undefined, `${keyPrefix}${routeOptions.routeInfo.method ?? ""}${routeOptions.routeInfo.url ?? ""}-`);
    }
  };
}

/** The shared table as the store (one atomic upsert per exact count; expired rows pruned every 1,000 counts). */
function databaseStore(db: Db, batched: BatchedCounters) {
  let calls = 0;
  const prune = () => void db.query("DELETE FROM rate_limit_hits WHERE expires_at < now() - interval '1 minute'").catch(() => {});
  return sharedStore(batched, "", (key, timeWindow) => {
    if (++calls % 1000 === 0) prune();
    return db.one<{ count: number; ttl: string | number }>(INCR, [key, timeWindow]).then((r) => ({ current: Number(r!.count), ttl: Number(r!.ttl) }));
  });
}

/** A route's own limit in Redis: one atomic INCR, the window set by the first hit (as @fastify/rate-limit's store). */
const REDIS_INCR = `local current = redis.call('INCR', KEYS[1])
local ttl
if current == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
else
  ttl = redis.call('PTTL', KEYS[1])
end
return {current, ttl}`;

/** The global limit's hits of the last interval, every key at once: INCRBY, and a window for a key that had none. */
const REDIS_ADD = `local out = {}
for i, key in ipairs(KEYS) do
  local n = tonumber(ARGV[2 * i - 1])
  local current = redis.call('INCRBY', key, n)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    ttl = tonumber(ARGV[2 * i])
    redis.call('PEXPIRE', key, ttl)
  end
  out[i] = {current, ttl}
end
return out`;

/** Keys per Lua call of a sync (a script's arguments stay bounded however many clients were seen). */
const REDIS_ADD_CHUNK = 500;

type BalaiRedis = Redis & {
  balaiRateIncr(key: string, window: number): Promise<[number, number]>;
  balaiRateAdd(count: number, ...keysThenArgs: (string | number)[]): Promise<[number, number][]>;
};

/** Redis as a sink of the global limit's counts (keys expire by themselves: nothing to prune). */
function redisSink(redis: BalaiRedis, nameSpace: string): CounterSink {
  return {
    add: async (hits) => {
      const out: { key: string; count: number; ttl: number }[] = [];
      for (let i = 0; i < hits.length; i += REDIS_ADD_CHUNK) {
        const chunk = hits.slice(i, i + REDIS_ADD_CHUNK);
        const rows = await redis.balaiRateAdd(chunk.length, ...chunk.map((h) => nameSpace + h.k), ...chunk.flatMap((h) => [h.n, h.w]));
        chunk.forEach((h, j) => {
          const [count, ttl] = rows[j] ?? [h.n, h.w];
          out.push({ key: h.k, count: Number(count), ttl: Number(ttl) });
        });
      }
      return out;
    },
  };
}

/** Redis as the store: one atomic INCR per exact count (keys expire by themselves), under `nameSpace`. */
function redisStore(redis: BalaiRedis, nameSpace: string, batched: BatchedCounters) {
  return sharedStore(batched, nameSpace, (key, timeWindow) =>
    redis.balaiRateIncr(key, timeWindow).then(([current, ttl]) => ({ current: Number(current), ttl: Number(ttl) })),
  );
}

/** Sends the global limit's counts every RATE_LIMIT_SYNC_MS, and what is left at close. */
function syncEvery(batched: BatchedCounters, done: () => void = () => {}) {
  const timer = setInterval(() => void batched.sync(), RATE_LIMIT_SYNC_MS);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await batched.sync();
      done();
    },
    sync: () => batched.sync(),
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
 * nothing to do in memory).
 */
export async function rateLimitStoreOptions(
  config: Config,
  db: Db,
): Promise<{ options: Record<string, unknown>; close: () => Promise<void>; sync: () => Promise<void> }> {
  const kind = rateLimitStoreKind(config, db);
  if (kind === "redis") {
    if (!config.redisUrl) throw new Error("BALAI_RATE_LIMIT_STORE=redis needs REDIS_URL");
    // The Redis client is loaded only when Redis holds the counts (~2.5 MB of heap otherwise idle).
    const { Redis } = await import("ioredis");
    const redis = new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: true }) as BalaiRedis;
    redis.on("error", () => {}); // each failed command reaches the rate-limit hook (answered as an error); no unhandled event
    redis.defineCommand("balaiRateIncr", { numberOfKeys: 1, lua: REDIS_INCR });
    redis.defineCommand("balaiRateAdd", { lua: REDIS_ADD });
    const nameSpace = "balai-rl-";
    const batched = new BatchedCounters(redisSink(redis, nameSpace));
    return { options: { store: redisStore(redis, nameSpace, batched) }, ...syncEvery(batched, () => redis.disconnect()) };
  }
  if (kind === "database") {
    const batched = new BatchedCounters(tableSink(db));
    return { options: { store: databaseStore(db, batched) }, ...syncEvery(batched) };
  }
  return { options: {}, close: async () => {}, sync: async () => {} };
}
