/**
 * Reads of the notification outbox for the staff views that show it: Kominfo's delivery view (`messages`) and the
 * developer outbox (`admin`). The outbox is written by `enqueueNotification` (../notify.ts) and delivered by ./store.ts.
 */
import type { Queryable } from "../db.ts";

export interface MessageRow {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  attempts: number;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string;
  last_attempt_at: string | null;
}

/** The tenant's messages, newest first, with their delivery state; `before` pages by `created_at`. */
export async function listMessages(
  q: Queryable,
  tenantId: string,
  f: { status: string | null; channel: string | null; before: string | null; limit: number },
): Promise<MessageRow[]> {
  return q.query<MessageRow>(
    `SELECT id, channel, template, recipient, status, provider, provider_message_id, last_error, attempts,
            created_at, sent_at, next_attempt_at, last_attempt_at
       FROM notifications
      WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR channel = $3)
        AND ($4::timestamptz IS NULL OR created_at < $4)
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [tenantId, f.status, f.channel, f.before, f.limit],
  );
}

/** How many of the tenant's messages are in each delivery status. */
export async function countMessagesByStatus(q: Queryable, tenantId: string): Promise<{ status: string; n: number }[]> {
  return q.query<{ status: string; n: number }>("SELECT status, count(*)::int AS n FROM notifications WHERE tenant_id = $1 GROUP BY status", [tenantId]);
}

export interface OutboxMessageRow {
  id: string;
  channel: string;
  /** Empty when sealed: the address is read from the account at delivery and never stored beside the message. */
  recipient: string;
  sealed: boolean;
  template: string;
  subject: string;
  body: string;
  status: string;
  created_at: Date | string;
  sent_at: Date | string | null;
}

/** The tenant's newest messages with their text (never the account they went to: sealed rows must stay unlinked). */
export async function newestMessages(q: Queryable, tenantId: string, limit: number): Promise<OutboxMessageRow[]> {
  return q.query<OutboxMessageRow>(
    `SELECT id, channel, recipient, recipient_sealed AS sealed, template, subject, body, status, created_at, sent_at
       FROM notifications WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [tenantId, limit],
  );
}
