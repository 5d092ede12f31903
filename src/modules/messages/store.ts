/** Reads of the notification outbox for Kominfo's delivery view (the outbox itself is src/platform/notify.ts). */
import type { Queryable } from "../../platform/db.ts";

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

export async function countByStatus(q: Queryable, tenantId: string): Promise<{ status: string; n: number }[]> {
  return q.query<{ status: string; n: number }>("SELECT status, count(*)::int AS n FROM notifications WHERE tenant_id = $1 GROUP BY status", [tenantId]);
}
