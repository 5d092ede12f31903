/** The case engine's one filing statement (see ./filing.ts): numbering, the case row, history, outbox, message. */
import type { Queryable } from "../../platform/db.ts";
import { outboxInsertFrom, outboxWritten } from "../../platform/events.ts";
import { notificationInsertFrom } from "../../platform/notify.ts";
import type { CaseRow, NewEvent, updateCase } from "./store.ts";

/** Stands for the case number in texts written by fileNumbered, before the number exists. Numbers are
 * PREFIX-YEAR-000123: at least six digits, more when a year has more cases (lpad alone would cut them). */
export const NUMBER_SLOT = "{{number}}";

/** The statement's outbox event and message (written by the platform's SQL, in the same statement as the case). */
const OUTBOX = outboxInsertFrom("u", { tenantId: "$1", topic: "$10", payload: "$11::jsonb || jsonb_build_object('caseId', u.id, 'number', u.number)" });
const NOTIFICATION = notificationInsertFrom("u WHERE $13::text IS NOT NULL", {
  tenantId: "$1",
  userId: "$12",
  channel: "$13",
  recipient: "$14",
  template: "$15",
  subject: "replace($16, $19, u.number)",
  body: "replace($17, $19, u.number)",
  sealed: "$18",
});

/** A draft that becomes a case (only if it is still at `expectedVersion`). */
export interface DraftTarget {
  draft: { id: string; expectedVersion: number; set: Parameters<typeof updateCase>[4] };
}

/** A case created directly in its start state (reports, incidents). */
export interface NewCaseTarget {
  insert: {
    trackingToken: string;
    serviceKey: string;
    version: number;
    kind: string;
    applicantId: string | null;
    applicantName: string | null;
    data: Record<string, unknown>;
    state: string;
    assigneeUnitId: string;
    kelurahan: string | null;
    kecamatan: string | null;
    lat: number | null;
    lng: number | null;
    h3: string | null;
    submittedAt: Date;
    slaDueAt: Date;
    stateDueAt: Date | null;
  };
}

export interface FilingStatement {
  tenantId: string;
  prefix: string;
  year: number;
  target: DraftTarget | NewCaseTarget;
  event: Omit<NewEvent, "tenantId" | "caseId" | "data">;
  /** The outbox payload; the statement adds `caseId` and `number`. */
  outbox: { topic: string; payload: Record<string, unknown> };
  notification?: { userId: string | null; channel: string; recipient: string; template: string; subject: string; body: string; sealed: boolean };
}

const NUMBER_SQL = "$2 || '-' || $3::int || '-' || lpad(n.last::text, greatest(6, length(n.last::text)), '0')";

/**
 * Files a case in one statement: the next gapless number for its prefix and year (the counter row stays locked
 * until commit, so the caller numbers as late as possible), the case row (a draft updated, or a new row), the
 * "submitted" history entry, the outbox event and the applicant's message, whose texts get the number where
 * they say NUMBER_SLOT. It writes the platform's outbox and notification tables directly, as emit() and
 * enqueueNotification() would, to save round trips. undefined: the draft changed since it was read (no number
 * is lost: the caller rolls back).
 */
export async function fileNumbered(q: Queryable, s: FilingStatement): Promise<CaseRow | undefined> {
  const n = s.notification;
  const params: unknown[] = [
    s.tenantId,
    s.prefix,
    s.year, // $1–$3
    s.event.actorId,
    s.event.actorName,
    s.event.actorRole,
    s.event.kind,
    s.event.fromState ?? null,
    s.event.toState ?? null, // $4–$9
    s.outbox.topic,
    s.outbox.payload, // $10–$11
    n?.userId ?? null,
    n?.channel ?? null,
    n ? (n.sealed ? "" : n.recipient) : null,
    n?.template ?? null,
    n?.subject ?? null,
    n?.body ?? null,
    n?.sealed === true,
    NUMBER_SLOT, // $12–$19
  ];
  const p = (v: unknown, cast = "") => {
    params.push(v);
    return `$${params.length}${cast}`;
  };
  let caseSql: string;
  if ("draft" in s.target) {
    const d = s.target.draft;
    const set = d.set;
    const keys = Object.keys(set) as (keyof typeof set)[];
    const assignments = keys.map((k) => `${k} = ${p(set[k], k === "data" ? "::jsonb" : "")}`);
    caseSql = `UPDATE cases SET ${[...assignments, `number = ${NUMBER_SQL}`, "version = version + 1", "updated_at = now()"].join(", ")}
         FROM n WHERE tenant_id = $1 AND id = ${p(d.id)} AND version = ${p(d.expectedVersion)} RETURNING cases.*`;
  } else {
    const c = s.target.insert;
    const at = p(c.submittedAt);
    caseSql = `INSERT INTO cases (tenant_id, number, tracking_token, service_key, service_version, kind, applicant_id, applicant_name, data, state,
                          assignee_unit_id, kelurahan_code, kecamatan_code, lat, lng, h3, submitted_at, sla_due_at, state_due_at, created_at, updated_at)
       SELECT $1, ${NUMBER_SQL}, ${p(c.trackingToken)}, ${p(c.serviceKey)}, ${p(c.version)}, ${p(c.kind)}, ${p(c.applicantId)}, ${p(c.applicantName)},
              ${p(c.data, "::jsonb")}, ${p(c.state)}, ${p(c.assigneeUnitId)}, ${p(c.kelurahan)}, ${p(c.kecamatan)}, ${p(c.lat)}, ${p(c.lng)}, ${p(c.h3)},
              ${at}, ${p(c.slaDueAt)}, ${p(c.stateDueAt)}, ${at}, ${at}
         FROM n RETURNING *`;
  }
  q.afterCommit(outboxWritten);
  return q.one<CaseRow>(
    `WITH n AS (
       INSERT INTO case_counters (tenant_id, prefix, year, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (tenant_id, prefix, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last),
     u AS (${caseSql}),
     e AS (
       INSERT INTO case_events (tenant_id, case_id, actor_id, actor_name, actor_role, kind, from_state, to_state, data)
       SELECT $1, u.id, $4, $5, $6, $7, $8, $9, jsonb_build_object('number', u.number) FROM u),
     o AS (${OUTBOX}),
     m AS (${NOTIFICATION})
     SELECT * FROM u`,
    params,
  );
}
