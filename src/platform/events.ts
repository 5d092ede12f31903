import type { Queryable } from "./db.ts";

/** Writes an event to the outbox in the caller's transaction (with its next statement); consumers read it after commit. */
export async function emit(q: Queryable, tenantId: string, topic: string, payload: Record<string, unknown>): Promise<void> {
  await q.later("INSERT INTO outbox_events (tenant_id, topic, payload) VALUES ($1, $2, $3::jsonb)", [tenantId, topic, payload]);
}
