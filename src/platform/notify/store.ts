/** SQL of the notification outbox's delivery: claim due messages, record each attempt's result. */
import type { Queryable } from "../db.ts";
import type { Channel } from "./types.ts";

export interface ClaimedNotification {
  id: string;
  tenant_id: string;
  channel: Channel;
  /** For a sealed row, the account's current address for the channel (null: none). */
  recipient: string | null;
  sealed: boolean;
  template: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Claims up to `limit` due pending messages (oldest due first) by moving their next attempt to `leaseUntil`: another
 * process skips them meanwhile, and if this one dies they come due again. Safe from several processes.
 */
export async function claimDue(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  return q.query<ClaimedNotification>(
    `WITH claimed AS (
       UPDATE notifications n SET next_attempt_at = $2
        WHERE n.id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1
                        ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING n.id, n.tenant_id, n.user_id, n.channel, n.recipient, n.recipient_sealed, n.template, n.subject, n.body, n.attempts, n.created_at)
     SELECT c.id, c.tenant_id, c.channel, c.recipient_sealed AS sealed, c.template, c.subject, c.body, c.attempts,
            CASE WHEN c.recipient_sealed
                 THEN (SELECT CASE WHEN c.channel = 'email' THEN u.email ELSE u.phone END FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.user_id)
                 ELSE c.recipient END AS recipient
       FROM claimed c ORDER BY c.created_at, c.id`,
    [now, leaseUntil, limit],
  );
}

export async function markDelivered(
  q: Queryable,
  n: { id: string; tenantId: string; status: "sent" | "recorded"; provider: string; providerId: string | null; at: Date },
) {
  await q.query(
    `UPDATE notifications SET status = $3, attempts = attempts + 1, sent_at = $6, last_attempt_at = $6, provider = $4,
            provider_message_id = $5, last_error = NULL
      WHERE id = $1 AND tenant_id = $2`,
    [n.id, n.tenantId, n.status, n.provider, n.providerId, n.at],
  );
}

/** A failed attempt: `retryAt` null = failed for good, else pending again from then on. */
export async function markAttemptFailed(q: Queryable, n: { id: string; tenantId: string; provider: string; error: string; retryAt: Date | null; at: Date }) {
  await q.query(
    `UPDATE notifications SET status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
            attempts = attempts + 1, last_attempt_at = $6, provider = $3, last_error = $4,
            next_attempt_at = COALESCE($5::timestamptz, next_attempt_at)
      WHERE id = $1 AND tenant_id = $2`,
    [n.id, n.tenantId, n.provider, n.error, n.retryAt, n.at],
  );
}
