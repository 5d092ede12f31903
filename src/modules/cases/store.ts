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
  national_system: string | null;
  national_ref: string | null;
  national_ref_at: Date | null;
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
    `SELECT c.*, s.owner_unit_id FROM cases c JOIN catalog_services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
      WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE OF c`,
    [tenantId, id],
  );
}

export async function getCaseByToken(q: Queryable, tenantId: string, token: string) {
  return q.one<CaseRow>("SELECT * FROM cases WHERE tenant_id = $1 AND tracking_token = $2", [tenantId, token]);
}

export async function getCaseByNumber(q: Queryable, tenantId: string, number: string) {
  return q.one<CaseRow>("SELECT * FROM cases WHERE tenant_id = $1 AND number = $2", [tenantId, number]);
}

/** Case numbers by id (drafts have none): how other screens (the audit log) name a case. */
export async function caseNumbers(q: Queryable, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!uuids.length) return new Map();
  const rows = await q.query<{ id: string; number: string }>(
    "SELECT id, number FROM cases WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND number IS NOT NULL",
    [tenantId, `{${uuids.join(",")}}`],
  );
  return new Map(rows.map((r) => [r.id, r.number]));
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

/** The citizen's latest draft of a service at that service version, if any (so a second "start" resumes it). */
export async function latestDraft(q: Queryable, tenantId: string, applicantId: string, serviceKey: string, version: number) {
  return q.one<{ id: string; version: number }>(
    `SELECT id, version FROM cases WHERE tenant_id = $1 AND applicant_id = $2 AND service_key = $3 AND service_version = $4 AND state = 'draft'
      ORDER BY created_at DESC LIMIT 1`,
    [tenantId, applicantId, serviceKey, version],
  );
}

/** Optimistic concurrency: the update applies only if nobody changed the case since `version`. */
export async function updateCase(
  q: Queryable,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Partial<
    Pick<
      CaseRow,
      | "data"
      | "state"
      | "is_open"
      | "outcome"
      | "assignee_unit_id"
      | "kecamatan_code"
      | "kelurahan_code"
      | "sla_due_at"
      | "state_due_at"
      | "escalated_at"
      | "closed_at"
    > & { number: string; submitted_at: Date }
  >,
): Promise<CaseRow | undefined> {
  const keys = Object.keys(set) as (keyof typeof set)[];
  const assignments = keys.map((k, i) => `${k} = $${i + 4}${k === "data" ? "::jsonb" : ""}`);
  return q.one<CaseRow>(
    `UPDATE cases SET ${[...assignments, "version = version + 1", "updated_at = now()"].join(", ")}
      WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING *`,
    [tenantId, id, expectedVersion, ...keys.map((k) => set[k])],
  );
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
    /** null for a file staged before its case exists (an e-Lapor photo), attached later by `attachFiles`. */
    caseId: string | null;
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

/** Attaches staged files (e.g. e-Lapor photos uploaded before the report was filed) to their case. */
export async function attachFiles(q: Queryable, tenantId: string, caseId: string, ids: string[]) {
  await q.query("UPDATE files SET case_id = $2 WHERE tenant_id = $1 AND id = ANY($3::uuid[])", [tenantId, caseId, `{${ids.join(",")}}`]);
}

export async function listFiles(q: Queryable, tenantId: string, caseId: string) {
  return q.query<FileRow>("SELECT * FROM files WHERE tenant_id = $1 AND case_id = $2 ORDER BY created_at", [tenantId, caseId]);
}

export async function getFile(q: Queryable, tenantId: string, id: string) {
  return q.one<FileRow>("SELECT * FROM files WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

export async function listMine(q: Queryable, tenantId: string, applicantId: string) {
  return q.query<CaseRow & { name_id: string; name_en: string }>(
    `SELECT c.*, s.name_id, s.name_en FROM cases c JOIN catalog_services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
      WHERE c.tenant_id = $1 AND c.applicant_id = $2 ORDER BY c.updated_at DESC LIMIT 200`,
    [tenantId, applicantId],
  );
}

// ---- lookups the engine's use cases need (users, org units) ------------------------------------

/** The applicant's contact details and language, for a message about their case. */
export async function applicantContact(q: Queryable, tenantId: string, userId: string) {
  return q.one<{ email: string | null; phone: string | null; locale: "id" | "en" }>(
    "SELECT email, phone, locale FROM directory_people WHERE tenant_id = $1 AND id = $2",
    [tenantId, userId],
  );
}

/** kelurahan code → its kecamatan's code. */
export async function kelurahanParents(q: Queryable, tenantId: string) {
  return q.query<{ code: string; kec: string }>(
    `SELECT l.code, k.code AS kec FROM directory_units l JOIN directory_units k ON k.id = l.parent_id AND k.tenant_id = l.tenant_id
      WHERE l.tenant_id = $1 AND l.kind = 'kelurahan'`,
    [tenantId],
  );
}

/** Kelurahan and kecamatan units (code, id), for routing. */
export async function regionUnits(q: Queryable, tenantId: string) {
  return q.query<{ code: string; id: string }>("SELECT code, id FROM directory_units WHERE tenant_id = $1 AND kind IN ('kelurahan', 'kecamatan')", [tenantId]);
}

/** A unit by its code or id (where a case is forwarded). */
export async function unitByCodeOrId(q: Queryable, tenantId: string, codeOrId: string) {
  return q.one<{ id: string }>("SELECT id FROM directory_units WHERE tenant_id = $1 AND (code = $2 OR id::text = $2)", [tenantId, codeOrId]);
}

/** A unit's code and name. */
export async function unitOf(q: Queryable, tenantId: string, id: string) {
  return q.one<{ code: string; name: string }>("SELECT code, name FROM directory_units WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

/** Records the reference a national system gave the case (no version bump: it is not a workflow step). */
export async function setNationalRef(q: Queryable, tenantId: string, id: string, system: string, ref: string) {
  await q.query("UPDATE cases SET national_system = $3, national_ref = $4, national_ref_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2", [
    tenantId,
    id,
    system,
    ref,
  ]);
}

/** A case of the tenant already holding this national reference, if any. */
export async function caseWithNationalRef(q: Queryable, tenantId: string, system: string, ref: string) {
  return q.one<{ id: string; number: string | null }>(
    "SELECT id, number FROM cases WHERE tenant_id = $1 AND national_system = $2 AND national_ref = $3 LIMIT 1",
    [tenantId, system, ref],
  );
}

// ---- the citizen's drafts (listed and deleted from "Permohonan saya") ----------------------------

/** The applicant's drafts, newest change first, with the service's name. */
export async function listDrafts(q: Queryable, tenantId: string, applicantId: string) {
  return q.query<{ id: string; version: number; service_key: string; name_id: string; name_en: string; created_at: Date; updated_at: Date }>(
    `SELECT c.id, c.version, c.service_key, s.name_id, s.name_en, c.created_at, c.updated_at
       FROM cases c JOIN catalog_services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
      WHERE c.tenant_id = $1 AND c.applicant_id = $2 AND c.state = 'draft'
      ORDER BY c.updated_at DESC LIMIT 200`,
    [tenantId, applicantId],
  );
}

/**
 * Deletes a draft with its history and its file rows; answers the deleted files (their ids and storage keys, for the
 * caller to remove the bytes after commit), or null when the case is no longer a draft. The caller has locked the
 * case and checked it is the applicant's draft; `state = 'draft'` is checked again here.
 */
export async function deleteDraft(q: Queryable, tenantId: string, id: string) {
  await q.query("DELETE FROM case_events WHERE tenant_id = $1 AND case_id = $2", [tenantId, id]);
  const files = await q.query<{ id: string; storage_key: string }>("DELETE FROM files WHERE tenant_id = $1 AND case_id = $2 RETURNING id, storage_key", [
    tenantId,
    id,
  ]);
  const gone = await q.one<{ id: string }>("DELETE FROM cases WHERE tenant_id = $1 AND id = $2 AND state = 'draft' RETURNING id", [tenantId, id]);
  return gone ? files : null;
}
