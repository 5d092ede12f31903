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
