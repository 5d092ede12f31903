import type { Queryable } from "../../platform/db.ts";
import { cellsWithin, distanceMeters } from "../../platform/geo.ts";
import type { ResolvedService } from "../catalog/spec.ts";

export interface DetailRow {
  case_id: string;
  tenant_id: string;
  service_key: string;
  classification: string;
  title: string | null;
  description: string;
  /** null for a report without a point (an Open311 address_string only). */
  lat: number | null;
  lon: number | null;
  h3: string | null;
  kelurahan_code: string | null;
  kecamatan_code: string | null;
  routed_unit_id: string | null;
  reporter_id: string | null;
  anonymous: boolean;
  confidential: boolean;
  support_count: number;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  reopen_count: number;
  merged_into: string | null;
  first_response_at: Date | null;
  hidden: boolean;
  flag_count: number;
  created_at: Date;
}

/** A complaint: the case row joined with its details (case columns win on name clashes). */
export interface ReportRow extends DetailRow {
  id: string;
  number: string;
  tracking_token: string;
  service_version: number;
  applicant_id: string | null;
  applicant_name: string | null;
  data: Record<string, unknown>;
  state: string;
  is_open: boolean;
  outcome: string | null;
  version: number;
  assignee_unit_id: string | null;
  submitted_at: Date;
  sla_due_at: Date | null;
  state_due_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
}

const REPORT_SELECT = `SELECT d.*, c.id, c.number, c.tracking_token, c.service_version, c.applicant_id, c.applicant_name, c.data, c.state, c.is_open,
       c.outcome, c.version, c.assignee_unit_id, c.submitted_at, c.sla_due_at, c.state_due_at, c.closed_at, c.updated_at
  FROM complaint_details d JOIN cases c ON c.tenant_id = d.tenant_id AND c.id = d.case_id`;

export async function getReport(q: Queryable, tenantId: string, id: string, forUpdate = false) {
  return q.one<ReportRow>(`${REPORT_SELECT} WHERE d.tenant_id = $1 AND d.case_id = $2${forUpdate ? " FOR UPDATE OF d" : ""}`, [tenantId, id]);
}

export async function getReportByNumber(q: Queryable, tenantId: string, number: string) {
  return q.one<ReportRow>(`${REPORT_SELECT} WHERE c.tenant_id = $1 AND c.number = $2 AND c.kind = 'complaint'`, [tenantId, number]);
}

export async function insertDetails(
  q: Queryable,
  d: {
    caseId: string;
    tenantId: string;
    serviceKey: string;
    classification: string;
    title: string | null;
    description: string;
    lat: number | null;
    lon: number | null;
    h3: string | null;
    kelurahan: string | null;
    kecamatan: string | null;
    routedUnitId: string | null;
    reporterId: string;
    anonymous: boolean;
    confidential: boolean;
    createdAt: Date;
  },
) {
  await q.query(
    `INSERT INTO complaint_details (case_id, tenant_id, service_key, classification, title, description, lat, lon, h3, kelurahan_code, kecamatan_code,
                                    routed_unit_id, reporter_id, anonymous, confidential, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      d.caseId,
      d.tenantId,
      d.serviceKey,
      d.classification,
      d.title,
      d.description,
      d.lat,
      d.lon,
      d.h3,
      d.kelurahan,
      d.kecamatan,
      d.routedUnitId,
      d.reporterId,
      d.anonymous,
      d.confidential,
      d.createdAt,
    ],
  );
}

export interface NearbyRow {
  id: string;
  number: string;
  service_key: string;
  description: string;
  title: string | null;
  lat: number;
  lon: number;
  support_count: number;
  state: string;
  created_at: Date;
}

/**
 * Open, public (not confidential, not hidden) reports of one category whose cell is one of `cells`
 * (the disk around the point from geo.cellsWithin); the caller keeps those within the exact radius.
 * Uses the partial index cases_complaint_nearby (tenant_id, service_key, h3) WHERE kind = 'complaint' AND is_open.
 */
/**
 * Open public reports of a category in the given cells and inside the box around the point (the
 * box drops most of the cells' candidates before the limit); the nearest first when more than `limit`.
 */
export async function openInCells(
  q: Queryable,
  tenantId: string,
  category: string,
  cells: string[],
  box: { lat: number; lon: number; radiusMeters: number },
  limit = 200,
) {
  const dLat = box.radiusMeters / 111_195;
  const cos = Math.max(Math.cos((box.lat * Math.PI) / 180), 0.01);
  const dLon = dLat / cos;
  return q.query<NearbyRow>(
    `SELECT c.id, c.number, c.service_key, d.description, d.title, d.lat, d.lon, d.support_count, c.state, d.created_at
       FROM cases c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
      WHERE c.tenant_id = $1 AND c.service_key = $2 AND c.h3 = ANY($3::text[]) AND c.kind = 'complaint' AND c.is_open
        AND NOT d.confidential AND NOT d.hidden
        AND d.lat BETWEEN $5::float8 - $7::float8 AND $5::float8 + $7::float8 AND d.lon BETWEEN $6::float8 - $8::float8 AND $6::float8 + $8::float8
      ORDER BY (d.lat - $5::float8) ^ 2 + ((d.lon - $6::float8) * $9::float8) ^ 2
      LIMIT $4`,
    [tenantId, category, `{${cells.join(",")}}`, limit, box.lat, box.lon, dLat, dLon, cos],
  );
}

/**
 * Open public reports of a category within `radiusMeters` of a point, nearest first: an H3 cell prefilter
 * on the partial index, then the exact (haversine) distance. The duplicate suggestion; bench this one.
 */
export async function nearbyOpen(q: Queryable, tenantId: string, category: string, lat: number, lon: number, radiusMeters: number) {
  const rows = await openInCells(q, tenantId, category, cellsWithin(lat, lon, radiusMeters), { lat, lon, radiusMeters });
  return rows
    .map((r) => ({ ...r, distanceMeters: distanceMeters({ lat, lon }, { lat: r.lat, lon: r.lon }) }))
    .filter((r) => r.distanceMeters <= radiusMeters)
    .sort((a, b) => a.distanceMeters - b.distanceMeters);
}

export async function countRecentByReporter(q: Queryable, tenantId: string, userId: string, since: Date) {
  const row = await q.one<{ n: number }>(
    "SELECT count(*)::int AS n FROM cases WHERE tenant_id = $1 AND applicant_id = $2 AND kind = 'complaint' AND created_at > $3",
    [tenantId, userId, since],
  );
  return row?.n ?? 0;
}

// ---- photos -----------------------------------------------------------------------------------

export interface PhotoRow {
  file_id: string;
  owner_id: string;
  case_id: string | null;
  kind: string;
  thumb_storage_key: string;
  storage_key: string;
  content_type: string;
  filename: string;
  created_at: Date;
}

const PHOTO_SELECT = `SELECT p.file_id, p.owner_id, p.case_id, p.kind, p.thumb_storage_key, f.storage_key, f.content_type, f.filename, p.created_at
  FROM complaint_photos p JOIN files f ON f.id = p.file_id`;

export async function insertPhoto(
  q: Queryable,
  p: {
    tenantId: string;
    ownerId: string;
    caseId: string | null;
    kind: "report" | "update";
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
    thumbKey: string;
  },
) {
  const f = await q.one<{ id: string }>(
    `INSERT INTO files (tenant_id, owner_id, case_id, field, filename, content_type, size, sha256, storage_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [p.tenantId, p.ownerId, p.caseId, p.kind === "report" ? "__lapor_photo" : "__lapor_update", p.filename, p.contentType, p.size, p.sha256, p.storageKey],
  );
  await q.query("INSERT INTO complaint_photos (file_id, tenant_id, owner_id, case_id, kind, thumb_storage_key) VALUES ($1, $2, $3, $4, $5, $6)", [
    f!.id,
    p.tenantId,
    p.ownerId,
    p.caseId,
    p.kind,
    p.thumbKey,
  ]);
  return f!.id;
}

export async function getPhoto(q: Queryable, tenantId: string, fileId: string) {
  return q.one<PhotoRow>(`${PHOTO_SELECT} WHERE p.tenant_id = $1 AND p.file_id = $2`, [tenantId, fileId]);
}

export async function stagedPhotos(q: Queryable, tenantId: string, ownerId: string, ids: string[]) {
  return q.query<PhotoRow>(
    `${PHOTO_SELECT} WHERE p.tenant_id = $1 AND p.owner_id = $2 AND p.case_id IS NULL AND p.kind = 'report' AND p.file_id = ANY($3::uuid[])`,
    [tenantId, ownerId, `{${ids.join(",")}}`],
  );
}

export async function attachPhotos(q: Queryable, tenantId: string, caseId: string, ids: string[]) {
  if (!ids.length) return;
  const arr = `{${ids.join(",")}}`;
  await q.query("UPDATE complaint_photos SET case_id = $2 WHERE tenant_id = $1 AND file_id = ANY($3::uuid[])", [tenantId, caseId, arr]);
  await q.query("UPDATE files SET case_id = $2 WHERE tenant_id = $1 AND id = ANY($3::uuid[])", [tenantId, caseId, arr]);
}

export async function photosOf(q: Queryable, tenantId: string, caseIds: string[]) {
  if (!caseIds.length) return [];
  return q.query<PhotoRow>(`${PHOTO_SELECT} WHERE p.tenant_id = $1 AND p.case_id = ANY($2::uuid[]) ORDER BY p.created_at`, [
    tenantId,
    `{${caseIds.join(",")}}`,
  ]);
}

// ---- supports, flags, rating ------------------------------------------------------------------

/** Adds the user's support once; returns the report's support count. */
export async function addSupport(q: Queryable, tenantId: string, caseId: string, userId: string) {
  const added = await q.query("INSERT INTO complaint_supports (tenant_id, case_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id", [
    tenantId,
    caseId,
    userId,
  ]);
  if (added.length) {
    const row = await q.one<{ support_count: number }>(
      "UPDATE complaint_details SET support_count = support_count + 1 WHERE tenant_id = $1 AND case_id = $2 RETURNING support_count",
      [tenantId, caseId],
    );
    return { added: true, supportCount: row!.support_count };
  }
  const row = await q.one<{ support_count: number }>("SELECT support_count FROM complaint_details WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId]);
  return { added: false, supportCount: row!.support_count };
}

export async function addFlag(q: Queryable, tenantId: string, caseId: string, userId: string, reason: string) {
  const added = await q.query("INSERT INTO complaint_flags (tenant_id, case_id, user_id, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id", [
    tenantId,
    caseId,
    userId,
    reason,
  ]);
  if (added.length) await q.query("UPDATE complaint_details SET flag_count = flag_count + 1 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId]);
  return added.length > 0;
}

export async function moderationQueue(q: Queryable, tenantId: string, limit: number) {
  return q.query<{
    id: string;
    number: string;
    service_key: string;
    description: string;
    hidden: boolean;
    flags: number;
    reasons: string[];
    first_flagged_at: Date;
  }>(
    `SELECT c.id, c.number, c.service_key, d.description, d.hidden, count(*)::int AS flags, array_agg(f.reason ORDER BY f.created_at) AS reasons,
            min(f.created_at) AS first_flagged_at
       FROM complaint_flags f
       JOIN complaint_details d ON d.tenant_id = f.tenant_id AND d.case_id = f.case_id
       JOIN cases c ON c.tenant_id = f.tenant_id AND c.id = f.case_id
      WHERE f.tenant_id = $1 AND f.decision IS NULL
      GROUP BY c.id, c.number, c.service_key, d.description, d.hidden
      ORDER BY min(f.created_at) LIMIT $2`,
    [tenantId, limit],
  );
}

export async function decideFlags(q: Queryable, tenantId: string, caseId: string, decision: "hide" | "keep", userId: string) {
  const rows = await q.query(
    "UPDATE complaint_flags SET decision = $3, decided_by = $4, decided_at = now() WHERE tenant_id = $1 AND case_id = $2 AND decision IS NULL RETURNING id",
    [tenantId, caseId, decision, userId],
  );
  await q.query("UPDATE complaint_details SET hidden = $3 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, decision === "hide"]);
  return rows.length;
}

export async function setRating(q: Queryable, tenantId: string, caseId: string, rating: number, comment: string | null) {
  await q.query("UPDATE complaint_details SET rating = $3, rating_comment = $4, rated_at = now() WHERE tenant_id = $1 AND case_id = $2", [
    tenantId,
    caseId,
    rating,
    comment,
  ]);
}

export async function markFirstResponse(q: Queryable, tenantId: string, caseId: string, at: Date) {
  await q.query("UPDATE complaint_details SET first_response_at = $3 WHERE tenant_id = $1 AND case_id = $2 AND first_response_at IS NULL", [
    tenantId,
    caseId,
    at,
  ]);
}

export async function setMerged(q: Queryable, tenantId: string, caseId: string, into: string) {
  await q.query("UPDATE complaint_details SET merged_into = $3 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, into]);
}

export async function bumpReopen(q: Queryable, tenantId: string, caseId: string) {
  await q.query(
    "UPDATE complaint_details SET reopen_count = reopen_count + 1, rating = NULL, rating_comment = NULL, rated_at = NULL WHERE tenant_id = $1 AND case_id = $2",
    [tenantId, caseId],
  );
}

// ---- lists --------------------------------------------------------------------------------------

export async function listMine(q: Queryable, tenantId: string, userId: string) {
  return q.query<ReportRow>(`${REPORT_SELECT} WHERE d.tenant_id = $1 AND d.reporter_id = $2 ORDER BY d.created_at DESC LIMIT 200`, [tenantId, userId]);
}

export interface PublicFilter {
  category?: string;
  state?: string;
  kecamatan?: string;
  from?: Date;
  to?: Date;
  bbox?: [number, number, number, number];
  cursor?: { at: Date; id: string };
  limit: number;
}

/** Public reports (not confidential, not hidden, not archived), newest first, keyset-paged. */
export async function listPublic(q: Queryable, tenantId: string, f: PublicFilter) {
  const params: unknown[] = [tenantId];
  const where = ["d.tenant_id = $1", "NOT d.confidential", "NOT d.hidden", "c.state <> 'diarsipkan'"];
  const add = (sql: string, ...v: unknown[]) => {
    let out = sql;
    for (const x of v) {
      params.push(x);
      out = out.replace("?", `$${params.length}`);
    }
    where.push(out);
  };
  if (f.category) add("d.service_key = ?", f.category);
  if (f.state) add("c.state = ?", f.state);
  if (f.kecamatan) add("d.kecamatan_code = ?", f.kecamatan);
  if (f.from) add("d.created_at >= ?", f.from);
  if (f.to) add("d.created_at < ?", f.to);
  if (f.bbox) add("d.lon >= ? AND d.lat >= ? AND d.lon <= ? AND d.lat <= ?", ...f.bbox);
  if (f.cursor) add("(d.created_at, d.case_id) < (?, ?::uuid)", f.cursor.at, f.cursor.id);
  params.push(f.limit);
  return q.query<ReportRow>(`${REPORT_SELECT} WHERE ${where.join(" AND ")} ORDER BY d.created_at DESC, d.case_id DESC LIMIT $${params.length}`, params);
}

export async function heatmap(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<{ h3: string; count: number }>(
    `SELECT c.h3, count(*)::int AS count FROM cases c
      WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND c.h3 IS NOT NULL
      GROUP BY c.h3 ORDER BY count DESC LIMIT 5000`,
    [tenantId, from, to],
  );
}

// ---- statistics ---------------------------------------------------------------------------------

export async function unitStats(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<{
    unit_code: string;
    unit_name: string;
    received: number;
    median_first_response_hours: number | null;
    median_resolve_hours: number | null;
    closed: number;
    closed_on_time: number;
    rating_avg: number | null;
    rating_count: number;
  }>(
    `WITH r AS (
       SELECT c.id, c.assignee_unit_id, c.submitted_at, c.closed_at, c.sla_due_at, c.state, c.is_open, d.rating,
              coalesce(d.first_response_at, (SELECT min(e.at) FROM case_events e
                 WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.actor_role IS NOT NULL AND e.actor_role <> 'citizen'
                   AND e.kind IN ('transition','comment','attachment')
                   AND NOT (e.kind = 'transition' AND e.action IN ('verify','reroute')))) AS first_response_at
         FROM cases c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND NOT d.hidden)
     SELECT u.code AS unit_code, u.name AS unit_name, count(*)::int AS received,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.first_response_at - r.submitted_at) / 3600))::float8 AS median_first_response_hours,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.submitted_at) / 3600)
               FILTER (WHERE r.state = 'selesai'))::float8 AS median_resolve_hours,
            count(*) FILTER (WHERE NOT r.is_open)::int AS closed,
            count(*) FILTER (WHERE NOT r.is_open AND r.closed_at <= r.sla_due_at)::int AS closed_on_time,
            avg(r.rating)::float8 AS rating_avg, count(r.rating)::int AS rating_count
       FROM r JOIN org_units u ON u.tenant_id = $1 AND u.id = r.assignee_unit_id
      GROUP BY u.code, u.name ORDER BY received DESC, u.name`,
    [tenantId, from, to],
  );
}

export async function categoryStats(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<{ key: string; name_id: string; name_en: string; count: number }>(
    `SELECT d.service_key AS key, s.name_id, s.name_en, count(*)::int AS count
       FROM complaint_details d JOIN services s ON s.tenant_id = d.tenant_id AND s.key = d.service_key
      WHERE d.tenant_id = $1 AND d.created_at >= $2 AND d.created_at < $3 AND NOT d.hidden
      GROUP BY d.service_key, s.name_id, s.name_en ORDER BY count DESC`,
    [tenantId, from, to],
  );
}

export async function monthlyStats(q: Queryable, tenantId: string, from: Date, to: Date, timezone: string) {
  return q.query<{ month: string; received: number; resolved: number }>(
    `WITH m AS (
       SELECT to_char(c.submitted_at AT TIME ZONE $4, 'YYYY-MM') AS month, 1 AS received, 0 AS resolved
         FROM cases c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND NOT d.hidden
       UNION ALL
       SELECT to_char(c.closed_at AT TIME ZONE $4, 'YYYY-MM'), 0, 1
         FROM cases c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.state = 'selesai' AND c.closed_at >= $2 AND c.closed_at < $3 AND NOT d.hidden)
     SELECT month, sum(received)::int AS received, sum(resolved)::int AS resolved FROM m GROUP BY month ORDER BY month`,
    [tenantId, from, to, timezone],
  );
}

// ---- categories ---------------------------------------------------------------------------------

/** Published, active complaint categories with an e-Lapor (`complaint:`) block. */
/** One complaint category by key, at its current version (primary-key lookups only). */
export async function complaintService(q: Queryable, tenantId: string, key: string) {
  return q.one<{ key: string; version: number; owner_unit_id: string; spec: ResolvedService }>(
    `SELECT s.key, s.current_version AS version, s.owner_unit_id, v.spec
       FROM services s JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 AND s.key = $2 AND s.kind = 'complaint' AND s.active AND v.spec ? 'complaint'`,
    [tenantId, key],
  );
}

export async function complaintServices(q: Queryable, tenantId: string) {
  return q.query<{ key: string; version: number; owner_unit_id: string; spec: ResolvedService }>(
    `SELECT s.key, s.current_version AS version, s.owner_unit_id, v.spec
       FROM services s JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 AND s.kind = 'complaint' AND s.active AND v.spec ? 'complaint'
      ORDER BY s.name_id`,
    [tenantId],
  );
}

// ---- auto-close -----------------------------------------------------------------------------------

/** Answered reports waiting for their reporter, with when they were answered; locked for this run. */
export async function respondedCandidates(q: Queryable, before: Date, limit: number) {
  return q.query<{ id: string; tenant_id: string; answered_at: Date }>(
    `SELECT c.id, c.tenant_id,
            (SELECT max(e.at) FROM case_events e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.to_state = 'responded') AS answered_at
       FROM cases c
      WHERE c.kind = 'complaint' AND c.is_open AND c.state = 'responded' AND c.updated_at < $1
      ORDER BY c.updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [before, limit],
  );
}
