/** SQL of the BPJS push queue (`health_bpjs_outbox`, see ./bpjs-outbox.ts). Rows are written in the change's transaction. */
import type { Queryable } from "../../platform/db.ts";
import type { BpjsPath } from "./bpjs.ts";

export interface BpjsPushRow {
  id: string;
  path: BpjsPath;
  body: Record<string, unknown>;
  attempts: number;
}

/** Queues a push with the transaction's next statement (`later`): nothing in the transaction reads it. */
export async function insertBpjsPush(q: Queryable, tenantId: string, facilityId: string, bookingId: string, path: BpjsPath, body: Record<string, unknown>) {
  await q.later("INSERT INTO health_bpjs_outbox (tenant_id, facility_id, booking_id, path, body) VALUES ($1, $2, $3, $4, $5::jsonb)", [
    tenantId,
    facilityId,
    bookingId,
    path,
    JSON.stringify(body),
  ]);
}

/** Pending pushes due at `now`, oldest first (all tenants: the job drains them all). */
export const dueBpjsPushes = (q: Queryable, now: Date, limit: number) =>
  q.query<BpjsPushRow>("SELECT id, path, body, attempts FROM health_bpjs_outbox WHERE state = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2", [now, limit]);

/** BPJS answered: sent, or refused for good with its message. */
export async function markBpjsAnswered(q: Queryable, id: string, error: string | null) {
  await q.query("UPDATE health_bpjs_outbox SET state = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1", [
    id,
    error === null ? "sent" : "failed",
    error,
  ]);
}

/** BPJS was unreachable: try again `delayS` seconds after `now`, or give up once `attempts` reaches `maxAttempts`. */
export async function markBpjsRetry(q: Queryable, id: string, p: { attempts: number; error: string; maxAttempts: number; now: Date; delayS: number }) {
  await q.query(
    `UPDATE health_bpjs_outbox SET attempts = $2::int, last_error = $3, state = CASE WHEN $2::int >= $4::int THEN 'failed' ELSE 'pending' END,
       next_at = $5::timestamptz + make_interval(secs => $6::int) WHERE id = $1`,
    [id, p.attempts, p.error, p.maxAttempts, p.now, p.delayS],
  );
}
