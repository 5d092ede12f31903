/** Kominfo's view of message delivery: recent SMS, WhatsApp and e-mail messages with their status, recipients masked. */
import type { Queryable } from "../../platform/db.ts";
import { maskPhone, maskText } from "../../platform/mask.ts";
import * as outbox from "../../platform/notify/read.ts";

/** Status as shown: the outbox's `pending` is "queued" (waiting for its first or next attempt). */
export const MESSAGE_STATUSES = ["queued", "sent", "recorded", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const toDb = (s: MessageStatus) => (s === "queued" ? "pending" : s);
const fromDb = (s: string) => (s === "pending" ? "queued" : s) as MessageStatus;
const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

export interface MessageView {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  status: MessageStatus;
  provider: string | null;
  providerMessageId: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
}

export async function listMessages(
  q: Queryable,
  tenantId: string,
  f: { status?: MessageStatus; channel?: string; before?: string; limit?: number },
): Promise<{ items: MessageView[]; counts: Record<MessageStatus, number> }> {
  const rows = await outbox.listMessages(q, tenantId, {
    status: f.status ? toDb(f.status) : null,
    channel: f.channel ?? null,
    before: f.before ?? null,
    limit: f.limit ?? 100,
  });
  const counts: Record<MessageStatus, number> = { queued: 0, sent: 0, recorded: 0, failed: 0 };
  for (const c of await outbox.countMessagesByStatus(q, tenantId)) counts[fromDb(c.status)] = c.n;
  return {
    counts,
    items: rows.map((r) => {
      const status = fromDb(r.status);
      return {
        id: r.id,
        channel: r.channel,
        template: r.template,
        recipient: r.channel === "email" ? maskText(r.recipient) : maskPhone(r.recipient),
        status,
        provider: r.provider,
        providerMessageId: r.provider_message_id,
        lastError: r.last_error === null ? null : maskText(r.last_error),
        attempts: r.attempts,
        createdAt: iso(r.created_at)!,
        sentAt: iso(r.sent_at),
        nextAttemptAt: status === "queued" ? iso(r.next_attempt_at) : null,
        lastAttemptAt: iso(r.last_attempt_at),
      };
    }),
  };
}
