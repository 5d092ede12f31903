import type { Queryable } from "./db.ts";

type Listener = () => void;
const written = new Set<Listener>();

/** Tells this process's listeners (the live hub) that committed outbox rows are waiting. */
export function outboxWritten(): void {
  for (const l of written) l();
}

/** Subscribe to "outbox rows were committed in this process"; returns the unsubscribe function. */
export function onOutboxWritten(l: Listener): () => void {
  written.add(l);
  return () => written.delete(l);
}

/** Writes an event to the outbox in the caller's transaction (with its next statement); consumers read it after commit. */
export async function emit(q: Queryable, tenantId: string, topic: string, payload: Record<string, unknown>): Promise<void> {
  await q.later("INSERT INTO outbox_events (tenant_id, topic, payload) VALUES ($1, $2, $3::jsonb)", [tenantId, topic, payload]);
  q.afterCommit(outboxWritten);
}

/**
 * For a use case that must stay one statement (case submission): the `INSERT … SELECT` writing one outbox event per
 * row of `from`, to be used as a data-modifying CTE. Each value is an SQL expression over `from` and the statement's
 * parameters. The caller registers `q.afterCommit(outboxWritten)`.
 */
export function outboxInsertFrom(from: string, v: { tenantId: string; topic: string; payload: string }): string {
  return `INSERT INTO outbox_events (tenant_id, topic, payload) SELECT ${v.tenantId}, ${v.topic}, ${v.payload} FROM ${from}`;
}

/** Leaves out the events whose topic is LIKE `topic` (and, with `field`, whose payload's `field` is one of `values`). */
export interface EventExclusion {
  topic: string;
  field?: string;
  values?: string[];
}

export interface RecentEvent {
  id: string | number;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

/** The tenant's newest events in the outbox (newest first), but those `skip` leaves out. */
export async function recentEvents(q: Queryable, tenantId: string, limit: number, skip: EventExclusion[]): Promise<RecentEvent[]> {
  const params: unknown[] = [tenantId, limit];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const not = skip.map((s) =>
    s.field
      ? `AND NOT (topic LIKE ${p(s.topic)} AND payload->>${p(s.field)} = ANY(${p(`{${(s.values ?? []).join(",")}}`)}::text[]))`
      : `AND topic NOT LIKE ${p(s.topic)}`,
  );
  return q.query<RecentEvent>(
    `SELECT id, topic, payload, created_at FROM outbox_events WHERE tenant_id = $1 ${not.join(" ")} ORDER BY id DESC LIMIT $2`,
    params,
  );
}

/** Demo history only: moves the times of the events about one subject (payload `field` = `value`) back by `by` (an interval). */
export async function backdateEvents(q: Queryable, tenantId: string, field: string, value: string, by: string): Promise<void> {
  await q.query("UPDATE outbox_events SET created_at = created_at - $4::interval WHERE tenant_id = $1 AND payload->>$2 = $3", [tenantId, field, value, by]);
}
