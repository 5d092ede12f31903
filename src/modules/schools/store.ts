/** SQL of the schools module: its own tables (schools, classes, report kinds, reports, photos, reminders, work orders). */
import type { Queryable } from "../../platform/db.ts";
import type { ReportKind } from "./report-kinds.ts";

const arr = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

export async function insertReportKind(q: Queryable, tenantId: string, k: ReportKind) {
  return q.one(
    `INSERT INTO school_report_kinds (tenant_id, key, name, form, period, due_days, remind_days, submitter_roles, reviewer_roles, sort)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING key`,
    [tenantId, k.key, JSON.stringify(k.name), JSON.stringify(k.form), k.period, k.dueDays, k.remindDays, arr(k.submitterRoles), arr(k.reviewerRoles), k.sort],
  );
}

interface KindRow {
  key: string;
  name: ReportKind["name"];
  form: ReportKind["form"];
  period: "monthly";
  due_days: number;
  remind_days: number;
  submitter_roles: string[];
  reviewer_roles: string[];
  sort: number;
}
const toKind = (r: KindRow): ReportKind => ({
  key: r.key,
  name: r.name,
  form: r.form,
  period: r.period,
  dueDays: r.due_days,
  remindDays: r.remind_days,
  submitterRoles: r.submitter_roles,
  reviewerRoles: r.reviewer_roles,
  sort: r.sort,
});
export async function reportKinds(q: Queryable, tenantId: string): Promise<ReportKind[]> {
  return (await q.query<KindRow>("SELECT * FROM school_report_kinds WHERE tenant_id = $1 ORDER BY sort, key", [tenantId])).map(toKind);
}

// ---- schools -------------------------------------------------------------------------------------

export interface SchoolRow {
  unit_id: string;
  npsn: string;
  name: string;
  level: "SD" | "SMP";
  status: string;
  kecamatan_code: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  principal_name: string | null;
  pupils: number;
  teachers: number;
  source: string;
  imported_at: Date;
}
export interface SchoolInput {
  npsn: string;
  name: string;
  level: "SD" | "SMP";
  status: string;
  dapodikId: string | null;
  kecamatanCode: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  principalName: string | null;
  pupils: number;
  teachers: number;
  source: "dapodik" | "excel" | "demo";
}

export const schoolByNpsn = (q: Queryable, tenantId: string, npsn: string) =>
  q.one<SchoolRow>("SELECT * FROM schools WHERE tenant_id = $1 AND npsn = $2", [tenantId, npsn]);
export const schoolByUnit = (q: Queryable, tenantId: string, unitId: string) =>
  q.one<SchoolRow>("SELECT * FROM schools WHERE tenant_id = $1 AND unit_id = $2", [tenantId, unitId]);
export const schoolsByUnits = (q: Queryable, tenantId: string, unitIds: string[]) =>
  q.query<SchoolRow>("SELECT * FROM schools WHERE tenant_id = $1 AND unit_id = ANY($2::uuid[]) ORDER BY name", [tenantId, arr(unitIds)]);
export const listSchools = (q: Queryable, tenantId: string, kecamatan?: string) =>
  q.query<SchoolRow>(
    `SELECT s.* FROM schools s
      WHERE s.tenant_id = $1 AND ($2::text IS NULL OR s.kecamatan_code = $2) ORDER BY s.kecamatan_code, s.name`,
    [tenantId, kecamatan ?? null],
  );

export async function upsertSchool(q: Queryable, tenantId: string, unitId: string, s: SchoolInput) {
  await q.query(
    `INSERT INTO schools (unit_id, tenant_id, npsn, name, level, status, dapodik_id, kecamatan_code, address, lat, lon, principal_name, pupils, teachers, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, status = EXCLUDED.status,
       dapodik_id = COALESCE(EXCLUDED.dapodik_id, schools.dapodik_id), kecamatan_code = EXCLUDED.kecamatan_code,
       address = EXCLUDED.address, lat = EXCLUDED.lat, lon = EXCLUDED.lon, principal_name = EXCLUDED.principal_name,
       pupils = EXCLUDED.pupils, teachers = EXCLUDED.teachers, source = EXCLUDED.source, imported_at = now()`,
    [
      unitId,
      tenantId,
      s.npsn,
      s.name,
      s.level,
      s.status,
      s.dapodikId,
      s.kecamatanCode,
      s.address,
      s.lat,
      s.lon,
      s.principalName,
      s.pupils,
      s.teachers,
      s.source,
    ],
  );
}

export async function replaceClasses(
  q: Queryable,
  tenantId: string,
  unitId: string,
  classes: { dapodikId: string; name: string; grade: number | null; pupils: number }[],
) {
  await q.query("DELETE FROM school_classes WHERE tenant_id = $1 AND unit_id = $2", [tenantId, unitId]);
  for (const c of classes)
    await q.query("INSERT INTO school_classes (tenant_id, unit_id, dapodik_id, name, grade, pupils) VALUES ($1, $2, $3, $4, $5, $6)", [
      tenantId,
      unitId,
      c.dapodikId,
      c.name,
      c.grade,
      c.pupils,
    ]);
}
export const classesOf = (q: Queryable, tenantId: string, unitId: string) =>
  q.query<{ dapodik_id: string; name: string; grade: number | null; pupils: number }>(
    "SELECT dapodik_id, name, grade, pupils FROM school_classes WHERE tenant_id = $1 AND unit_id = $2 ORDER BY grade, name",
    [tenantId, unitId],
  );

// ---- reports ---------------------------------------------------------------------------------------

export interface ReportRow {
  id: string;
  unit_id: string;
  kind: string;
  period: string;
  state: "submitted" | "returned" | "accepted";
  data: Record<string, unknown>;
  due_on: string;
  late: boolean;
  version: number;
  submitted_at: Date;
  submitted_by: string | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_comment: string | null;
}
const REPORT_COLS =
  "id, unit_id, kind, period, state, data, to_char(due_on, 'YYYY-MM-DD') AS due_on, late, version, submitted_at, submitted_by, reviewed_at, reviewed_by, review_comment";

export const getReport = (q: Queryable, tenantId: string, id: string, lock = false) =>
  q.one<ReportRow>(`SELECT ${REPORT_COLS} FROM school_reports WHERE tenant_id = $1 AND id = $2${lock ? " FOR UPDATE" : ""}`, [tenantId, id]);
export const findReport = (q: Queryable, tenantId: string, unitId: string, kind: string, period: string, lock = true) =>
  q.one<ReportRow>(
    `SELECT ${REPORT_COLS} FROM school_reports WHERE tenant_id = $1 AND unit_id = $2 AND kind = $3 AND period = $4${lock ? " FOR UPDATE" : ""}`,
    [tenantId, unitId, kind, period],
  );
export const reportsOfSchool = (q: Queryable, tenantId: string, unitId: string, limit: number) =>
  q.query<ReportRow>(`SELECT ${REPORT_COLS} FROM school_reports WHERE tenant_id = $1 AND unit_id = $2 ORDER BY period DESC, kind LIMIT $3`, [
    tenantId,
    unitId,
    limit,
  ]);

export async function insertReport(
  q: Queryable,
  r: { tenantId: string; unitId: string; kind: string; period: string; data: unknown; dueOn: string; late: boolean; actorId: string; now: Date },
) {
  return (await q.one<{ id: string; version: number }>(
    `INSERT INTO school_reports (tenant_id, unit_id, kind, period, state, data, due_on, late, submitted_at, submitted_by)
     VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9) RETURNING id, version`,
    [r.tenantId, r.unitId, r.kind, r.period, JSON.stringify(r.data), r.dueOn, r.late, r.now, r.actorId],
  ))!;
}
export async function resubmitReport(q: Queryable, tenantId: string, id: string, data: unknown, actorId: string, now: Date) {
  return (await q.one<{ id: string; version: number }>(
    `UPDATE school_reports SET state = 'submitted', data = $3, submitted_at = $4, submitted_by = $5, version = version + 1
      WHERE tenant_id = $1 AND id = $2 RETURNING id, version`,
    [tenantId, id, JSON.stringify(data), now, actorId],
  ))!;
}
export async function reviewReport(
  q: Queryable,
  tenantId: string,
  id: string,
  version: number,
  state: "returned" | "accepted",
  comment: string | null,
  actorId: string,
) {
  return q.one<{ id: string; version: number }>(
    `UPDATE school_reports SET state = $4, review_comment = $5, reviewed_at = now(), reviewed_by = $6, version = version + 1
      WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING id, version`,
    [tenantId, id, version, state, comment, actorId],
  );
}

/** Reports of one kind and period for the review list, with school and kecamatan. */
export const reportsForPeriod = (q: Queryable, tenantId: string, kind: string, period: string, state: string | null) =>
  q.query<ReportRow & { npsn: string; school_name: string; kecamatan_code: string | null }>(
    `SELECT r.id, r.unit_id, r.kind, r.period, r.state, r.data, to_char(r.due_on, 'YYYY-MM-DD') AS due_on, r.late, r.version,
            r.submitted_at, r.submitted_by, r.reviewed_at, r.reviewed_by, r.review_comment, s.npsn, s.name AS school_name, s.kecamatan_code
       FROM school_reports r JOIN schools s ON s.unit_id = r.unit_id
      WHERE r.tenant_id = $1 AND r.kind = $2 AND r.period = $3 AND ($4::text IS NULL OR r.state = $4)
      ORDER BY r.late DESC, r.submitted_at`,
    [tenantId, kind, period, state],
  );

// ---- photos ----------------------------------------------------------------------------------------

export async function insertPhoto(
  q: Queryable,
  p: { tenantId: string; unitId: string; ownerId: string; filename: string; contentType: string; size: number; sha256: string; storageKey: string },
) {
  return (await q.one<{ id: string }>(
    `INSERT INTO school_report_photos (tenant_id, unit_id, owner_id, filename, content_type, size, sha256, storage_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [p.tenantId, p.unitId, p.ownerId, p.filename, p.contentType, p.size, p.sha256, p.storageKey],
  ))!.id;
}
export interface PhotoRow {
  id: string;
  unit_id: string;
  report_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
}
export const photosByIds = (q: Queryable, tenantId: string, ids: string[]) =>
  q.query<PhotoRow>(
    "SELECT id, unit_id, report_id, filename, content_type, size, sha256, storage_key FROM school_report_photos WHERE tenant_id = $1 AND id = ANY($2::uuid[])",
    [tenantId, arr(ids)],
  );
export const attachPhotos = (q: Queryable, tenantId: string, reportId: string, ids: string[]) =>
  q.query("UPDATE school_report_photos SET report_id = $2 WHERE tenant_id = $1 AND id = ANY($3::uuid[])", [tenantId, reportId, arr(ids)]);

// ---- reminders and work orders ----------------------------------------------------------------------

/** Schools without a submitted report of the kind and period, and not yet reminded. Claims the reminder rows. */
export const claimReminders = (q: Queryable, tenantId: string, kind: string, period: string) =>
  q.query<{ unit_id: string }>(
    `INSERT INTO school_report_reminders (tenant_id, unit_id, kind, period)
     SELECT s.tenant_id, s.unit_id, $2, $3 FROM schools s
      WHERE s.tenant_id = $1
        AND NOT EXISTS (SELECT 1 FROM school_reports r WHERE r.tenant_id = s.tenant_id AND r.unit_id = s.unit_id AND r.kind = $2 AND r.period = $3)
     ON CONFLICT DO NOTHING RETURNING unit_id`,
    [tenantId, kind, period],
  );

export const workOrdersOf = (q: Queryable, tenantId: string, reportId: string) =>
  q.query<{ item: number; case_id: string; case_number: string }>(
    "SELECT item, case_id, case_number FROM school_work_orders WHERE tenant_id = $1 AND report_id = $2 ORDER BY item",
    [tenantId, reportId],
  );
export const insertWorkOrder = (q: Queryable, tenantId: string, reportId: string, item: number, caseId: string, caseNumber: string) =>
  q.query("INSERT INTO school_work_orders (report_id, item, tenant_id, case_id, case_number) VALUES ($1, $2, $3, $4, $5)", [
    reportId,
    item,
    tenantId,
    caseId,
    caseNumber,
  ]);

// ---- dashboard -------------------------------------------------------------------------------------

/** Per school: state and lateness of each kind for one period (missing = no row). */
export const periodStatus = (q: Queryable, tenantId: string, period: string) =>
  q.query<{ unit_id: string; npsn: string; name: string; kecamatan_code: string | null; kind: string | null; state: string | null; late: boolean | null }>(
    `SELECT s.unit_id, s.npsn, s.name, s.kecamatan_code, r.kind, r.state, r.late
       FROM schools s LEFT JOIN school_reports r ON r.tenant_id = s.tenant_id AND r.unit_id = s.unit_id AND r.period = $2
      WHERE s.tenant_id = $1`,
    [tenantId, period],
  );

/** Monthly attendance rate per kecamatan over a range of periods (accepted or submitted attendance reports). */
export const attendanceSeries = (q: Queryable, tenantId: string, from: string, to: string, unitId: string | null) =>
  q.query<{ period: string; kecamatan_code: string | null; present: string | number; total: string | number; reports: string | number }>(
    `SELECT r.period, s.kecamatan_code,
            sum((c->>'hadir')::int) AS present,
            sum((c->>'hadir')::int + (c->>'sakit')::int + (c->>'izin')::int + (c->>'alpa')::int) AS total,
            count(DISTINCT r.id) AS reports
       FROM school_reports r JOIN schools s ON s.unit_id = r.unit_id
       CROSS JOIN LATERAL jsonb_array_elements(r.data->'kelas') c
      WHERE r.tenant_id = $1 AND r.kind = 'kehadiran' AND r.period BETWEEN $2 AND $3 AND ($4::uuid IS NULL OR r.unit_id = $4)
      GROUP BY r.period, s.kecamatan_code ORDER BY r.period`,
    [tenantId, from, to, unitId],
  );

/** The tenants that have schools (the reminder job's round). */
export const tenantIdsWithSchools = async (q: Queryable) =>
  (await q.query<{ tenant_id: string }>("SELECT DISTINCT tenant_id FROM schools")).map((r) => r.tenant_id);
export const getPhoto = (q: Queryable, tenantId: string, id: string) =>
  q.one<PhotoRow>(
    "SELECT id, unit_id, report_id, filename, content_type, size, sha256, storage_key FROM school_report_photos WHERE tenant_id = $1 AND id = $2",
    [tenantId, id],
  );
export const countStagedToday = async (q: Queryable, tenantId: string, unitId: string) =>
  Number(
    (
      await q.one<{ n: string | number }>(
        "SELECT count(*) AS n FROM school_report_photos WHERE tenant_id = $1 AND unit_id = $2 AND report_id IS NULL AND created_at > now() - interval '1 day'",
        [tenantId, unitId],
      )
    )?.n ?? 0,
  );
