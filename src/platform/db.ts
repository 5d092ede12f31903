import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /**
   * A write whose effect nothing later in the same transaction reads (an insert into an append-only
   * log: case events, outbox events, notifications, audit entries). Inside a transaction it is queued
   * and travels with the next statement as a data-modifying CTE, or alone just before COMMIT: one
   * round trip for several writes. The statement it rides on does not see its rows (one snapshot).
   * Outside a transaction it runs at once. A `key` replaces a still-queued write with the same key
   * (e.g. the last update of a row wins instead of two updates of one row in one statement).
   */
  later(sql: string, params?: unknown[], key?: string): Promise<void>;
  /** Runs fn once the transaction has committed (never after a rollback); outside a transaction, at once. */
  afterCommit(fn: () => void): void;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls cb on every NOTIFY on the channel (from any process sharing the store); resolves to an
   * unsubscribe function. PostgreSQL: one dedicated connection per call, re-opened when it drops.
   */
  listen(channel: string, cb: () => void): Promise<() => Promise<void>>;
  /** PostgreSQL: the connection pool's connections (all, idle) and the queries waiting for one (for /metrics). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

export class StoreInUseError extends Error {}

/**
 * A use case written against an open transaction, as one that opens its own: routes call the result with the store,
 * while seeds and other use cases compose the original inside a transaction they already hold.
 */
export function inTransaction<A extends unknown[], R>(fn: (q: Queryable, ...args: A) => Promise<R>): (db: Db, ...args: A) => Promise<R> {
  return (db, ...args) => db.tx((q) => fn(q, ...args));
}

type RawQuery = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

function withOne(query: RawQuery): Queryable {
  return {
    query,
    async one<T>(sql: string, params?: unknown[]) {
      const rows = await query<T>(sql, params);
      return rows[0];
    },
    async later(sql: string, params?: unknown[]) {
      await query(sql, params);
    },
    afterCommit(fn: () => void) {
      fn();
    },
  };
}

const renumber = (sql: string, offset: number) => (offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
const CAN_CARRY = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH(?!\s+RECURSIVE))\b/i;

/**
 * A transaction's Queryable with a queue for `later` writes: they are prefixed to the next
 * SELECT/INSERT/UPDATE/DELETE as `WITH _w1 AS (…), _w2 AS (…)` (parameters renumbered), or sent
 * together by `flush` before COMMIT.
 */
function transactional(raw: RawQuery): Queryable & { flush(): Promise<void>; committed(): void } {
  let pending: Array<{ sql: string; params: unknown[]; key?: string }> = [];
  const onCommit: Array<() => void> = [];
  const carry = (sql: string, params: unknown[]) => {
    const all: unknown[] = [];
    const ctes = pending.map((p, i) => {
      const cte = `_w${i + 1} AS (${renumber(p.sql, all.length)})`;
      all.push(...p.params);
      return cte;
    });
    pending = [];
    const main = renumber(sql, all.length);
    all.push(...params);
    const head = `WITH ${ctes.join(", ")}`;
    return { sql: /^\s*WITH\b/i.test(main) ? main.replace(/^\s*WITH\b/i, `${head},`) : `${head} ${main}`, params: all };
  };
  const query: RawQuery = async <T>(sql: string, params: unknown[] = []) => {
    if (pending.length === 0) return raw<T>(sql, params);
    if (!CAN_CARRY.test(sql)) {
      await flush();
      return raw<T>(sql, params);
    }
    const c = carry(sql, params);
    return raw<T>(c.sql, c.params);
  };
  async function flush() {
    if (pending.length === 0) return;
    const c = carry("SELECT 1", []);
    await raw(c.sql, c.params);
  }
  return {
    ...withOne(query),
    async later(sql: string, params: unknown[] = [], key?: string) {
      if (key !== undefined) pending = pending.filter((p) => p.key !== key);
      pending.push({ sql, params, key });
    },
    afterCommit(fn: () => void) {
      onCommit.push(fn);
    },
    flush,
    committed() {
      for (const fn of onCommit.splice(0)) fn();
    },
  };
}

/** Serialize params the same way for both drivers: objects go as JSON text (cast with ::jsonb in SQL). */
function toParams(params: unknown[] | undefined): unknown[] | undefined {
  if (!params) return params;
  return params.map((p) =>
    p !== null && typeof p === "object" && !(p instanceof Date) && !Buffer.isBuffer(p) && !(p instanceof Uint8Array) ? JSON.stringify(p) : p,
  );
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder of the embedded store; undefined = in memory. */
  dataDir?: string;
  /** Start the embedded store from a dump made by dumpEmbedded (tests clone a migrated store). */
  loadDump?: Blob;
  poolSize?: number;
  /** Embedded store: shared_buffers (e.g. "32MB"); PGlite's default, 128MB, is most of an idle server's memory. */
  sharedBuffers?: string;
}

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDump, opts.sharedBuffers);
}

/**
 * PGlite runs one backend: PostgreSQL's shared memory sized for 100 connections, 10 WAL senders and replication slots
 * is never used but is set up inside the WebAssembly heap (~4 MiB resident). docs/deploy.md, Memory.
 */
const PGLITE_SETTINGS = ["-c", "max_connections=8", "-c", "max_wal_senders=0", "-c", "max_replication_slots=0", "-c", "wal_buffers=256kB"];

async function openPglite(dataDir: string | undefined, loadDump?: Blob, sharedBuffers?: string): Promise<Db> {
  let lockFile: string | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    lockFile = path.join(dataDir, "balai.lock");
    takeLock(lockFile);
  }
  // Each store's driver is loaded only by the process that opens that store (PGlite alone is ~5 MB of heap).
  const [{ PGlite }, { pg_trgm }, { unaccent }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/unaccent"),
  ]);
  const pgl = new PGlite({
    dataDir: dataDir ? path.join(dataDir, "pgdata") : undefined,
    loadDataDir: loadDump,
    extensions: { pg_trgm, unaccent },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS, ...(sharedBuffers ? ["-c", `shared_buffers=${sharedBuffers}`] : [])],
  });
  try {
    await pgl.waitReady;
  } catch (err) {
    if (lockFile) fs.rmSync(lockFile, { force: true });
    throw err;
  }
  const run = async <T>(target: { query: PGlite["query"] }, sql: string, params?: unknown[]) => (await target.query<T>(sql, toParams(params))).rows;
  const base = withOne((sql, params) => run(pgl, sql, params));
  const db: Db & { pglite: PGlite } = {
    kind: "pglite",
    pglite: pgl,
    ...base,
    async tx(fn) {
      let q: ReturnType<typeof transactional> | undefined;
      const result = await pgl.transaction(async (t) => {
        q = transactional((sql, params) => run(t, sql, params));
        const r = await fn(q);
        await q.flush();
        return r;
      });
      q?.committed();
      return result;
    },
    async listen(channel, cb) {
      const off = await pgl.listen(channel, () => cb());
      return async () => off();
    },
    async close() {
      await pgl.close();
      if (lockFile) fs.rmSync(lockFile, { force: true });
    },
  };
  return db;
}

/** The embedded store is opened by one process at a time; a lock file names the holder. */
function takeLock(lockFile: string): void {
  if (fs.existsSync(lockFile)) {
    const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) {
      throw new StoreInUseError(
        `The embedded store in ${path.dirname(lockFile)} is in use by process ${pid} (a running Balai server?). ` +
          "Stop that process first, or set DATABASE_URL to use a PostgreSQL server, which many processes can share.",
      );
    }
  }
  fs.writeFileSync(lockFile, String(process.pid));
}

export async function dumpEmbedded(db: Db): Promise<Blob> {
  const pgl = (db as Db & { pglite?: PGlite }).pglite;
  if (!pgl) throw new Error("dumpEmbedded works only on the embedded store");
  return pgl.dumpDataDir("none");
}

/**
 * PostgreSQL parses and plans an unnamed statement on every execution; for the platform's statements
 * (a few hundred distinct texts, many of them large CTEs) that was most of the server's CPU per request.
 * So statements run as named prepared statements: each connection parses and plans a text once.
 * Bounded, as every connection keeps what it prepared: only DML of at most 64 parameters (bulk inserts
 * with a varying number of rows run unnamed), at most PREPARED_MAX distinct texts per process.
 */
const PREPARED_MAX = 1000;
const prepared = new Map<string, string>();
function statement(sql: string, params: unknown[] | undefined): string | pg.QueryConfig {
  let name = prepared.get(sql);
  if (!name) {
    if (prepared.size >= PREPARED_MAX || (params?.length ?? 0) > 64 || sql.length > 16_000 || !CAN_CARRY.test(sql)) return sql;
    name = `b${createHash("sha1").update(sql).digest("base64url").slice(0, 20)}`;
    prepared.set(sql, name);
  }
  return { name, text: sql };
}

const run = async (target: pg.Pool | pg.PoolClient, sql: string, params: unknown[] | undefined) => {
  const st = statement(sql, params);
  const values = toParams(params);
  return (await (typeof st === "string" ? target.query(st, values) : target.query({ ...st, values }))).rows;
};

async function openPostgres(url: string, max: number): Promise<Db> {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString: url, max });
  // Fail fast with a clear message when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const base = withOne((sql, params) => run(pool, sql, params));
  return {
    kind: "postgres",
    ...base,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const q = transactional((sql, params) => run(client, sql, params));
        const result = await fn(q);
        await q.flush();
        await client.query("COMMIT");
        q.committed();
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, cb) {
      let client: pg.Client | undefined;
      let closed = false;
      let retry: NodeJS.Timeout | undefined;
      const connect = async () => {
        const c = new pg.Client({ connectionString: url });
        c.on("notification", (msg) => {
          if (msg.channel === channel) cb();
        });
        c.on("error", () => {
          c.end().catch(() => {});
          if (!closed) retry = setTimeout(() => void connect().catch(() => {}), 1000);
        });
        await c.connect();
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        client = c;
        // Anything may have happened while we were not listening.
        cb();
      };
      await connect();
      return async () => {
        closed = true;
        clearTimeout(retry);
        await client?.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}
