/** Helpers for delivery tests: queue a message through the public enqueue function, read its delivery status. */
import { randomBytes } from "node:crypto";
import type { Db } from "../../src/platform/db.ts";
import { type Channel, enqueueNotification } from "../../src/platform/notify.ts";

export interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  provider: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  next_attempt_at: Date;
}

/** Queues one message (committed) and returns its id. */
export async function queueMessage(
  db: Db,
  m: { recipient: string; body?: string; subject?: string; template?: string; channel?: Channel; tenantId?: string },
): Promise<string> {
  const marker = randomBytes(6).toString("hex");
  const body = m.body ?? `Pesan uji ${marker}`;
  await db.tx((q) =>
    enqueueNotification(q, {
      tenantId: m.tenantId ?? "16.71",
      userId: null,
      channel: m.channel ?? "sms",
      recipient: m.recipient,
      template: m.template ?? "cases.update",
      subject: m.subject ?? `Subjek ${marker}`,
      body,
    }),
  );
  const row = await db.one<{ id: string }>("SELECT id FROM notifications WHERE subject = $1 AND body = $2", [m.subject ?? `Subjek ${marker}`, body]);
  return row!.id;
}

export async function deliveryOf(db: Db, id: string): Promise<DeliveryRow> {
  const row = await db.one<DeliveryRow>(
    "SELECT id, status, attempts, provider, provider_message_id, last_error, next_attempt_at FROM notifications WHERE id = $1",
    [id],
  );
  return { ...row!, next_attempt_at: new Date(row!.next_attempt_at) };
}

/** Marks the seeded store's own pending messages delivered, so a test run only sees the messages it queued. */
export async function settleSeededMessages(db: Db) {
  await db.query("UPDATE notifications SET status = 'recorded' WHERE status = 'pending'");
}

/** A clock the tests move forward (`advance`) instead of waiting. */
export function testClock(start = Date.now() + 60_000) {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
      return new Date(t);
    },
  };
}
