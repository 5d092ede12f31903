import type { Queryable } from "../../platform/db.ts";
import { cellsWithin, distanceMeters } from "../../platform/geo.ts";
import type { ResolvedService } from "../catalog/index.ts";

export * from "./store-photos.ts";
export * from "./store-public.ts";

export * from "./store-rows.ts";
import { type DetailRow, REPORT_SELECT, type ReportRow } from "./store-rows.ts";

export async function getReport(q: Queryable, tenantId: string, id: string, forUpdate = false) {
  return q.one<ReportRow>(`${REPORT_SELECT} WHERE d.tenant_id = $1 AND d.case_id = $2${forUpdate ? " FOR UPDATE OF d" : ""}`, [tenantId, id]);
}

export async function getReportByNumber(q: Queryable, tenantId: string, number: string) {
  return q.one<ReportRow>(`${REPORT_SELECT} WHERE c.tenant_id = $1 AND c.number = $2 AND c.kind = 'complaint'`, [tenantId, number]);
}

export async function insertDetails(
  q: Queryable,
  d: Pick<DetailRow, "classification" | "title" | "description" | "lat" | "lon" | "h3" | "anonymous" | "confidential"> & {
    caseId: string;
    tenantId: string;
    serviceKey: string;
    kelurahan: string | null;
    kecamatan: string | null;
    routedUnitId: string | null;
    reporterId: string;
    tppk?: boolean;
    createdAt: Date;
    clientKey?: string | null;
    /** SHA-256 of the request body filed with `clientKey` (a retry with another body is refused). */
    clientBodyHash?: string | null;
  },
) {
  await q.query(
    `INSERT INTO complaint_details (case_id, tenant_id, service_key, classification, title, description, lat, lon, h3, kelurahan_code, kecamatan_code,
                                    routed_unit_id, reporter_id, anonymous, confidential, created_at, tppk, client_key, client_body_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
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
      d.tppk === true,
      d.clientKey ?? null,
      d.clientBodyHash ?? null,
    ],
  );
}

/**
 * The report a reporter already filed with this Idempotency-Key (a retry from the phone's offline queue), with the
 * hash of the body it was filed with. In a
 * transaction, `lock` first takes a lock on the key so two concurrent retries file one report.
 */
export async function reportByClientKey(q: Queryable, tenantId: string, reporterId: string, clientKey: string, lock = false) {
  if (lock) await q.query("SELECT pg_advisory_xact_lock(hashtext('lapor-client-key:' || $1 || ':' || $2 || ':' || $3))", [tenantId, reporterId, clientKey]);
  return q.one<{ id: string; number: string; tracking_token: string; state: string; client_body_hash: string | null }>(
    `SELECT c.id, c.number, c.tracking_token, c.state, d.client_body_hash FROM complaint_details d JOIN case_reports c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
      WHERE d.tenant_id = $1 AND d.reporter_id = $2 AND d.client_key = $3`,
    [tenantId, reporterId, clientKey],
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
       FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
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
    "SELECT count(*)::int AS n FROM case_summaries WHERE tenant_id = $1 AND applicant_id = $2 AND kind = 'complaint' AND created_at > $3",
    [tenantId, userId, since],
  );
  return row?.n ?? 0;
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
       JOIN case_summaries c ON c.tenant_id = f.tenant_id AND c.id = f.case_id
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

// ---- categories ---------------------------------------------------------------------------------

/** Published, active complaint categories with an e-Lapor (`complaint:`) block. */
/** One complaint category by key, at its current version (primary-key lookups only). */
export async function complaintService(q: Queryable, tenantId: string, key: string) {
  return q.one<{ key: string; version: number; owner_unit_id: string; spec: ResolvedService }>(
    `SELECT s.key, s.current_version AS version, s.owner_unit_id, v.spec
       FROM catalog_services s JOIN catalog_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 AND s.key = $2 AND s.kind = 'complaint' AND s.active AND v.spec ? 'complaint'`,
    [tenantId, key],
  );
}

export async function complaintServices(q: Queryable, tenantId: string) {
  return q.query<{ key: string; version: number; owner_unit_id: string; spec: ResolvedService }>(
    `SELECT s.key, s.current_version AS version, s.owner_unit_id, v.spec
       FROM catalog_services s JOIN catalog_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 AND s.kind = 'complaint' AND s.active AND v.spec ? 'complaint'
      ORDER BY s.name_id`,
    [tenantId],
  );
}

// ---- auto-close -----------------------------------------------------------------------------------

/**
 * Answered reports waiting for their reporter, with when they were answered; locked for this run (the case rows,
 * through the case engine's views case_summaries and case_history).
 */
export async function respondedCandidates(q: Queryable, before: Date, limit: number) {
  return q.query<{ id: string; tenant_id: string; answered_at: Date }>(
    `SELECT c.id, c.tenant_id,
            (SELECT max(e.at) FROM case_history e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.to_state = 'responded') AS answered_at
       FROM case_summaries c
      WHERE c.kind = 'complaint' AND c.is_open AND c.state = 'responded' AND c.updated_at < $1
      ORDER BY c.updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [before, limit],
  );
}
