import { outboxWritten } from "../../platform/events.ts";
import type { Queryable } from "../../platform/db.ts";

export interface CaseRow {
  id: string;
  tenant_id: string;
  number: string | null;
  tracking_token: string;
  service_key: string;
  service_version: number;
  kind: string;
  applicant_id: string | null;
  applicant_name: string | null;
  data: Record<string, unknown>;
  state: string;
  is_open: boolean;
  outcome: string | null;
  version: number;
  assignee_unit_id: string | null;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  sla_due_at: Date | null;
  state_due_at: Date | null;
  escalated_at: Date | null;
  submitted_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export async function getCase(q: Queryable, tenantId: string, id: string, forUpdate = false) {
  return q.one<CaseRow>(`SELECT * FROM cases WHERE tenant_id = $1 AND id = $2${forUpdate ? " FOR UPDATE" : ""}`, [tenantId, id]);
}

/**
 * The case, locked, with its service's owner unit (the default assignee). Locking the case first
 * keeps one lock order for every writer of a case: case row, then audit lane, then counter.
 */
export async function getCaseWithOwner(q: Queryable, tenantId: string, id: string) {
  return q.one<CaseRow & { owner_unit_id: string }>(
    `SELECT c.*, s.owner_unit_id FROM cases c JOIN services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
      WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE OF c`,
    [tenantId, id],
  );
}

export async function getCaseByToken(q: Queryable, tenantId: string, token: string) {
  return q.one<CaseRow>("SELECT * FROM cases WHERE tenant_id = $1 AND tracking_token = $2", [tenantId, token]);
}

export async function insertDraft(
  q: Queryable,
  c: {
    tenantId: string;
    token: string;
    serviceKey: string;
    version: number;
    kind: string;
    applicantId: string;
    applicantName: string;
    data: Record<string, unknown>;
  },
) {
  return (await q.one<CaseRow>(
    `INSERT INTO cases (tenant_id, tracking_token, service_key, service_version, kind, applicant_id, applicant_name, data, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'draft') RETURNING *`,
    [c.tenantId, c.token, c.serviceKey, c.version, c.kind, c.applicantId, c.applicantName, c.data],
  )) as CaseRow;
}

/** Optimistic concurrency: the update applies only if nobody changed the case since `version`. */
export async function updateCase(
  q: Queryable,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Partial<{
    number: string;
    data: Record<string, unknown>;
    state: string;
    is_open: boolean;
    outcome: string | null;
    assignee_unit_id: string | null;
    kecamatan_code: string | null;
    kelurahan_code: string | null;
    sla_due_at: Date | null;
    state_due_at: Date | null;
    escalated_at: Date | null;
    submitted_at: Date;
    closed_at: Date | null;
  }>,
): Promise<CaseRow | undefined> {
  const keys = Object.keys(set) as (keyof typeof set)[];
  const assignments = keys.map((k, i) => `${k} = $${i + 4}${k === "data" ? "::jsonb" : ""}`);
  return q.one<CaseRow>(
    `UPDATE cases SET ${[...assignments, "version = version + 1", "updated_at = now()"].join(", ")}
      WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING *`,
    [tenantId, id, expectedVersion, ...keys.map((k) => set[k])],
  );
}

/** Stands for the case number in texts written by submitDraft, before the number exists. Numbers are
 * PREFIX-YEAR-000123: at least six digits, more when a year has more cases (lpad alone would cut them). */
export const NUMBER_SLOT = "{{number}}";

/**
 * A draft becomes a submitted case in one statement: the next gapless number for its prefix and
 * year (the counter row stays locked until commit, so this runs last before COMMIT), the update
 * (only if the draft is still at `expectedVersion`, else undefined and the caller rolls back: no
 * number is lost), the "submitted" history entry, the outbox event and the applicant's message,
 * whose texts get the number where they say NUMBER_SLOT. It writes the platform's outbox and
 * notification tables directly, as emit() and enqueueNotification() would, to save three round trips.
 */
export async function submitDraft(
  q: Queryable,
  s: {
    tenantId: string;
    id: string;
    expectedVersion: number;
    prefix: string;
    year: number;
    set: Parameters<typeof updateCase>[4];
    event: Omit<NewEvent, "tenantId" | "caseId" | "data">;
    outbox: { topic: string; payload: Record<string, unknown> };
    notification?: { userId: string | null; channel: string; recipient: string; template: string; subject: string; body: string };
  },
): Promise<CaseRow | undefined> {
  const keys = Object.keys(s.set) as (keyof typeof s.set)[];
  const n = s.notification;
  const params: unknown[] = [
    s.tenantId,
    s.id,
    s.expectedVersion,
    s.prefix,
    s.year, // $1–$5
    s.event.actorId,
    s.event.actorName,
    s.event.actorRole,
    s.event.kind,
    s.event.fromState ?? null,
    s.event.toState ?? null, // $6–$11
    s.outbox.topic,
    s.outbox.payload, // $12–$13
    n?.userId ?? null,
    n?.channel ?? null,
    n?.recipient ?? null,
    n?.template ?? null,
    n?.subject ?? null,
    n?.body ?? null,
    NUMBER_SLOT, // $14–$20
  ];
  const assignments = keys.map((k) => {
    params.push(s.set[k]);
    return `${k} = $${params.length}${k === "data" ? "::jsonb" : ""}`;
  });
  q.afterCommit(outboxWritten);
  return q.one<CaseRow>(
    `WITH n AS (
       INSERT INTO case_counters (tenant_id, prefix, year, last) VALUES ($1, $4, $5, 1)
       ON CONFLICT (tenant_id, prefix, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last),
     u AS (
       UPDATE cases SET ${[...assignments, "number = $4 || '-' || $5::int || '-' || lpad(n.last::text, greatest(6, length(n.last::text)), '0')", "version = version + 1", "updated_at = now()"].join(", ")}
         FROM n WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING cases.*),
     e AS (
       INSERT INTO case_events (tenant_id, case_id, actor_id, actor_name, actor_role, kind, from_state, to_state, data)
       SELECT $1, u.id, $6, $7, $8, $9, $10, $11, jsonb_build_object('number', u.number) FROM u),
     o AS (
       INSERT INTO outbox_events (tenant_id, topic, payload)
       SELECT $1, $12, $13::jsonb || jsonb_build_object('number', u.number) FROM u),
     m AS (
       INSERT INTO notifications (tenant_id, user_id, channel, recipient, template, subject, body)
       SELECT $1, $14, $15, $16, $17, replace($18, $20, u.number), replace($19, $20, u.number) FROM u WHERE $15::text IS NOT NULL)
     SELECT * FROM u`,
    params,
  );
}

/** Next gapless number for a prefix and year; the counter row stays locked until the transaction ends. */
export async function nextCaseNumber(q: Queryable, tenantId: string, prefix: string, year: number): Promise<number> {
  const row = await q.one<{ last: number }>(
    `INSERT INTO case_counters (tenant_id, prefix, year, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, prefix, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`,
    [tenantId, prefix, year],
  );
  return row!.last;
}

export interface NewEvent {
  tenantId: string;
  caseId: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  kind: string;
  action?: string | null;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  data?: Record<string, unknown>;
}

/** Appends to the case history with the transaction's next statement (`later`): nothing reads it back before commit. */
export async function insertEvent(q: Queryable, e: NewEvent) {
  await q.later(
    `INSERT INTO case_events (tenant_id, case_id, actor_id, actor_name, actor_role, kind, action, from_state, to_state, comment, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
    [
      e.tenantId,
      e.caseId,
      e.actorId,
      e.actorName,
      e.actorRole,
      e.kind,
      e.action ?? null,
      e.fromState ?? null,
      e.toState ?? null,
      e.comment ?? null,
      e.data ?? {},
    ],
  );
}

export interface EventRow {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  kind: string;
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  comment: string | null;
  data: Record<string, unknown>;
}

export async function listEvents(q: Queryable, tenantId: string, caseId: string) {
  return q.query<EventRow>(
    "SELECT id::int AS id, at, actor_id, actor_name, actor_role, kind, action, from_state, to_state, comment, data FROM case_events WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
    [tenantId, caseId],
  );
}

export interface FileRow {
  id: string;
  case_id: string | null;
  field: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  owner_id: string | null;
  created_at: Date;
}

export async function insertFile(
  q: Queryable,
  f: {
    tenantId: string;
    ownerId: string;
    caseId: string;
    field: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
  },
) {
  return (await q.one<FileRow>(
    `INSERT INTO files (tenant_id, owner_id, case_id, field, filename, content_type, size, sha256, storage_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [f.tenantId, f.ownerId, f.caseId, f.field, f.filename, f.contentType, f.size, f.sha256, f.storageKey],
  )) as FileRow;
}

export async function listFiles(q: Queryable, tenantId: string, caseId: string) {
  return q.query<FileRow>("SELECT * FROM files WHERE tenant_id = $1 AND case_id = $2 ORDER BY created_at", [tenantId, caseId]);
}

export async function getFile(q: Queryable, tenantId: string, id: string) {
  return q.one<FileRow>("SELECT * FROM files WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

export async function listMine(q: Queryable, tenantId: string, applicantId: string) {
  return q.query<CaseRow & { name_id: string; name_en: string }>(
    `SELECT c.*, s.name_id, s.name_en FROM cases c JOIN services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
      WHERE c.tenant_id = $1 AND c.applicant_id = $2 ORDER BY c.updated_at DESC LIMIT 200`,
    [tenantId, applicantId],
  );
}

export interface InboxFilter {
  unitIds?: string[];
  state?: string;
  service?: string;
  kelurahan?: string;
  sla?: "on_time" | "due_soon" | "overdue";
  open?: boolean;
  q?: string;
  sort: "due" | "newest" | "oldest" | "number";
  limit: number;
  offset: number;
  now: Date;
  dueSoonBefore: Date;
}

export interface InboxRow {
  id: string;
  number: string;
  service_key: string;
  service_name: string;
  state: string;
  applicant_name: string | null;
  kelurahan_code: string | null;
  kelurahan_name: string | null;
  unit_name: string | null;
  submitted_at: Date;
  sla_due_at: Date | null;
  state_due_at: Date | null;
  escalated_at: Date | null;
  is_open: boolean;
  version: number;
}

/** The staff inbox: one indexed query, keyset-friendly ordering, no count(*) over the whole table. */
export async function inbox(q: Queryable, tenantId: string, f: InboxFilter) {
  const params: unknown[] = [tenantId];
  const where = ["c.tenant_id = $1", "c.state <> 'draft'"];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll("?", `$${params.length}`));
  };
  if (f.unitIds) add("c.assignee_unit_id = ANY(?::uuid[])", `{${f.unitIds.join(",")}}`);
  if (f.open !== undefined) add("c.is_open = ?", f.open);
  if (f.state) add("c.state = ?", f.state);
  if (f.service) add("c.service_key = ?", f.service);
  if (f.kelurahan) add("c.kelurahan_code = ?", f.kelurahan);
  if (f.sla === "overdue") add("c.is_open AND c.sla_due_at < ?", f.now);
  if (f.sla === "due_soon") {
    add("c.is_open AND c.sla_due_at >= ?", f.now);
    add("c.sla_due_at < ?", f.dueSoonBefore);
  }
  if (f.sla === "on_time") add("c.is_open AND c.sla_due_at >= ?", f.dueSoonBefore);
  if (f.q) {
    const like = f.q.replace(/[\\%_]/g, (m) => `\\${m}`);
    // A case number (or its start, "SKTM-2025-0001"): a btree prefix range. Digits only: a scan of
    // the other filters' rows (no index). Anything else: the applicant's name by trigram.
    if (/^[A-Za-z]{1,8}-[\d-]*$/.test(f.q)) add("c.number LIKE ? || '%'", like.toUpperCase());
    else if (/^[\d-]{3,}$/.test(f.q)) add("c.number LIKE '%' || ? || '%'", like);
    else add("c.applicant_name ILIKE '%' || ? || '%'", like);
  }
  const order = { due: "c.sla_due_at ASC NULLS LAST, c.number", newest: "c.submitted_at DESC", oldest: "c.submitted_at ASC", number: "c.number" }[f.sort];
  params.push(f.limit, f.offset);
  return q.query<InboxRow>(
    `SELECT c.id, c.number, c.service_key, s.name_id AS service_name, c.state, c.applicant_name, c.kelurahan_code, k.name AS kelurahan_name,
            u.name AS unit_name, c.submitted_at, c.sla_due_at, c.state_due_at, c.escalated_at, c.is_open, c.version
       FROM cases c
       JOIN services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
       LEFT JOIN org_units k ON k.tenant_id = c.tenant_id AND k.code = c.kelurahan_code
       LEFT JOIN org_units u ON u.tenant_id = c.tenant_id AND u.id = c.assignee_unit_id
      WHERE ${where.join(" AND ")}
      ORDER BY ${order}
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
}

export async function overdueCases(q: Queryable, now: Date, limit: number) {
  return q.query<CaseRow>(
    `SELECT * FROM cases WHERE is_open AND state <> 'draft' AND state_due_at < $1 AND (escalated_at IS NULL OR escalated_at < state_due_at)
      ORDER BY state_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
}

export async function unitHeads(q: Queryable, tenantId: string, unitId: string) {
  return q.query<{ id: string; name: string; email: string | null; phone: string | null; role: string }>(
    `SELECT u.id, u.name, u.email, u.phone, g.role FROM role_grants g JOIN users u ON u.id = g.user_id AND u.tenant_id = g.tenant_id
      WHERE g.tenant_id = $1 AND g.unit_id = $2 AND g.role IN ('opd_admin','lurah','camat') AND u.disabled_at IS NULL`,
    [tenantId, unitId],
  );
}
