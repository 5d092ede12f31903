/**
 * The live hub: one per process, it tails the event outbox and hands each committed event to the
 * subscribers of its tenant (the SSE streams of the command center, the consoles).
 *
 * Wake-ups: a transaction of this process that wrote outbox rows wakes the hub after COMMIT
 * (events.ts), and tells other processes with one coalesced `NOTIFY balai_outbox` (PostgreSQL; sent
 * outside the writing transaction, so commits never queue on the notification lock); every process
 * LISTENs, and polls once a second in case a notification was lost.
 *
 * Ordering: outbox ids come from a sequence, so a transaction may commit id 11 before another commits
 * id 10. The hub delivers what it sees and remembers the ids it skipped ("gaps"); a gap is delivered
 * when its transaction commits (late, so subscribers must not assume ascending ids) and forgotten after
 * `gapMs` (a rolled-back transaction never fills it).
 */
import type { Db } from "./db.ts";
import { onOutboxWritten } from "./events.ts";
import { leased } from "./periodic.ts";

export interface LiveEvent {
  id: number;
  tenantId: string;
  topic: string;
  at: string;
  payload: Record<string, unknown>;
}

export type LiveListener = (e: LiveEvent) => void;

interface OutboxRow {
  id: string | number;
  tenant_id: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

export const LIVE_CHANNEL = "balai_outbox";
const BATCH = 2000;

export function toLiveEvent(r: OutboxRow): LiveEvent {
  return {
    id: Number(r.id),
    tenantId: r.tenant_id,
    topic: r.topic,
    at: new Date(r.created_at).toISOString(),
    payload: r.payload,
  };
}

/** Outbox events of a tenant after an id, oldest first (for a reconnecting subscriber's replay). */
export async function outboxSince(db: Db, tenantId: string, afterId: number, limit = 10_000): Promise<LiveEvent[]> {
  const rows = await db.query<OutboxRow>(
    "SELECT id, tenant_id, topic, payload, created_at FROM outbox_events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    [tenantId, afterId, limit],
  );
  return rows.map(toLiveEvent);
}

export class LiveHub {
  private readonly byTenant = new Map<string, Set<LiveListener>>();
  private high = -1;
  private readonly gaps = new Map<number, number>();
  private draining = false;
  private again = false;
  private starting: Promise<void> | undefined;
  private stops: (() => void | Promise<void>)[] = [];
  private notifyTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Events delivered since start (for tests and the benchmark). */
  delivered = 0;

  private readonly db: Db;
  private readonly opts: { pollMs?: number; gapMs?: number; onError?: (err: unknown) => void };

  constructor(db: Db, opts: { pollMs?: number; gapMs?: number; onError?: (err: unknown) => void } = {}) {
    this.db = db;
    this.opts = opts;
  }

  /** Starts tailing (once); subscribe() calls it, so a process with no subscriber reads nothing. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const row = await this.db.one<{ max: string | number | null }>("SELECT max(id) AS max FROM outbox_events");
      this.high = Number(row?.max ?? 0);
      this.stops.push(await this.db.listen(LIVE_CHANNEL, () => this.wake()));
      this.stops.push(
        onOutboxWritten(() => {
          this.wake();
          this.tellOthers();
        }),
      );
      const poll = setInterval(() => this.wake(), this.opts.pollMs ?? 1000);
      poll.unref();
      this.stops.push(() => clearInterval(poll));
    })();
    return this.starting;
  }

  /** Receives every event of the tenant committed from now on; returns the unsubscribe function. */
  async subscribe(tenantId: string, listener: LiveListener): Promise<() => void> {
    let set = this.byTenant.get(tenantId);
    if (!set) {
      set = new Set();
      this.byTenant.set(tenantId, set);
    }
    set.add(listener);
    await this.start();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.byTenant.get(tenantId) === set) this.byTenant.delete(tenantId);
    };
  }

  /** The newest outbox id this process has read (-1 before the first subscriber starts the hub). */
  get seenId(): number {
    return this.high;
  }

  subscriberCount(): number {
    let n = 0;
    for (const s of this.byTenant.values()) n += s.size;
    return n;
  }

  /** Reads what has been committed since the last read (coalesces concurrent wake-ups). */
  wake(): void {
    if (this.high < 0 || this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    void this.drain()
      .catch((err) => this.opts.onError?.(err))
      .finally(() => {
        this.draining = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.again = false;
      const now = Date.now();
      const gapMs = this.opts.gapMs ?? 30_000;
      for (const [id, since] of this.gaps) if (now - since > gapMs) this.gaps.delete(id);
      const gapIds = [...this.gaps.keys()];
      const rows = await this.db.query<OutboxRow>(
        `SELECT id, tenant_id, topic, payload, created_at FROM outbox_events
          WHERE id > $1${gapIds.length ? " OR id = ANY($3::bigint[])" : ""} ORDER BY id LIMIT $2`,
        gapIds.length ? [this.high, BATCH, `{${gapIds.join(",")}}`] : [this.high, BATCH],
      );
      for (const r of rows) {
        const id = Number(r.id);
        if (id <= this.high) {
          if (!this.gaps.delete(id)) continue;
        } else {
          for (let missing = this.high + 1; missing < id && this.gaps.size < 10_000; missing++) this.gaps.set(missing, now);
          this.high = id;
        }
        this.deliver(toLiveEvent(r));
      }
      if (rows.length < BATCH && !this.again) return;
    }
  }

  private deliver(e: LiveEvent): void {
    this.delivered += 1;
    const set = this.byTenant.get(e.tenantId);
    if (!set) return;
    for (const l of set) {
      try {
        l(e);
      } catch (err) {
        this.opts.onError?.(err);
      }
    }
  }

  /** One NOTIFY per 20 ms at most, for the other processes sharing a PostgreSQL store. */
  private tellOthers(): void {
    if (this.db.kind !== "postgres" || this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (!this.closed) this.db.query(`SELECT pg_notify('${LIVE_CHANNEL}', '')`).catch((err) => this.opts.onError?.(err));
    }, 20);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.notifyTimer);
    for (const s of this.stops.splice(0)) await s();
    this.byTenant.clear();
  }
}

/** How long the outbox keeps events: the replay window of a reconnecting screen, and the wall's ticker. */
export const OUTBOX_RETENTION_DAYS = 7;

/** Deletes outbox events older than the retention, in batches (short locks); returns how many. */
export async function pruneOutbox(db: Db, days = OUTBOX_RETENTION_DAYS): Promise<number> {
  const before = new Date(Date.now() - days * 86_400_000);
  let total = 0;
  for (;;) {
    const rows = await db.query(
      "DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events WHERE created_at < $1 ORDER BY id LIMIT 5000) RETURNING id",
      [before],
    );
    total += rows.length;
    if (rows.length < 5000) return total;
  }
}

/** Prunes the outbox once an hour (and once at start); returns the stop function. */
export function startOutboxPruneJob(db: Db, log: { error(o: object, msg: string): void }): () => void {
  const prune = leased(db, "outbox-prune", 3600_000, () => pruneOutbox(db));
  const run = () => void prune().catch((err) => log.error({ err }, "outbox prune failed"));
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, 3600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
