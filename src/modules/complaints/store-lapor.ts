/** SQL of the SP4N-LAPOR! forwarding outbox (`complaint_lapor_outbox`, migration 086). */
import type { Queryable } from "../../platform/db.ts";
import type { LaporReport } from "./lapor-client.ts";

/** The report's part of the XML (the reporter's name and contact are read when it is sent, never stored here). */
export type QueuedLapor = Pick<LaporReport, "isi" | "rahasia" | "anonim">;

export interface LaporOutboxRow {
  id: string;
  tenant_id: string;
  case_id: string;
  body: QueuedLapor;
  state: "pending" | "sent" | "failed";
  attempts: number;
  next_at: Date;
  last_error: string | null;
  tracking_id: string | null;
  transaction_id: string | null;
  requested_by: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export async function forwardingOf(q: Queryable, tenantId: string, caseId: string) {
  return q.one<LaporOutboxRow>("SELECT * FROM complaint_lapor_outbox WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId]);
}

/** Queues a report (or queues a failed one again, from scratch); a pending or sent row is left as it is. */
export async function queueForwarding(q: Queryable, tenantId: string, caseId: string, body: QueuedLapor, by: string) {
  await q.query(
    `INSERT INTO complaint_lapor_outbox (tenant_id, case_id, body, requested_by) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (tenant_id, case_id) DO UPDATE SET body = EXCLUDED.body, requested_by = EXCLUDED.requested_by, state = 'pending',
       attempts = 0, next_at = now(), last_error = NULL
     WHERE complaint_lapor_outbox.state = 'failed'`,
    [tenantId, caseId, JSON.stringify(body), by],
  );
}

export async function dueForwardings(q: Queryable, now: Date, limit: number) {
  return q.query<LaporOutboxRow>("SELECT * FROM complaint_lapor_outbox WHERE state = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2", [now, limit]);
}

export async function markSent(q: Queryable, id: string, trackingId: string, transactionId: string | null, now: Date) {
  await q.query(
    "UPDATE complaint_lapor_outbox SET state = 'sent', attempts = attempts + 1, tracking_id = $2, transaction_id = $3, last_error = NULL, sent_at = $4 WHERE id = $1",
    [id, trackingId, transactionId, now],
  );
}

export async function markRefused(q: Queryable, id: string, message: string) {
  await q.query("UPDATE complaint_lapor_outbox SET state = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1", [id, message.slice(0, 500)]);
}

/** A try that got no answer: again after `delayS`, or failed after `maxAttempts`. */
export async function markRetry(q: Queryable, id: string, message: string, now: Date, delayS: number, maxAttempts: number) {
  await q.query(
    `UPDATE complaint_lapor_outbox SET attempts = attempts + 1, last_error = $2,
       state = CASE WHEN attempts + 1 >= $5::int THEN 'failed' ELSE 'pending' END,
       next_at = $3::timestamptz + make_interval(secs => $4::int) WHERE id = $1`,
    [id, message.slice(0, 500), now, delayS, maxAttempts],
  );
}
