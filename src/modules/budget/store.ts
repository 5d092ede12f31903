/** SQL of the budget module (PGlite and PostgreSQL alike). Amounts are numeric(18,2), read back as numbers. */
import type { Queryable } from "../../platform/db.ts";
import { userNames } from "../accounts/index.ts";

export interface LineRow {
  line_key: string;
  unit_code: string;
  sub_activity_code: string;
  account_code: string;
  description: string;
  volume: string | number;
  measure: string;
  unit_price: string | number;
  amount: string | number;
  standard_code: string | null;
}

export interface YearRow {
  year: number;
  status: "drafting" | "approved";
  approved_at: Date | null;
  perda_number: string | null;
  perda_sha256: string | null;
  price_standards_locked: boolean;
}

const YEAR_SELECT = "SELECT year, status, approved_at, perda_number, perda_sha256, price_standards_locked FROM budget_years WHERE tenant_id = $1";

/** The year's row, created when missing, locked until commit (the writers of a year's budget). */
export async function ensureYear(q: Queryable, tenantId: string, year: number): Promise<YearRow> {
  await q.query("INSERT INTO budget_years (tenant_id, year) VALUES ($1, $2) ON CONFLICT DO NOTHING", [tenantId, year]);
  return (await getYear(q, tenantId, year, true)) as YearRow;
}

export async function getYear(q: Queryable, tenantId: string, year: number, forUpdate = false): Promise<YearRow | null> {
  return (await q.one<YearRow>(`${YEAR_SELECT} AND year = $2${forUpdate ? " FOR UPDATE" : ""}`, [tenantId, year])) ?? null;
}

export async function listYears(q: Queryable, tenantId: string): Promise<YearRow[]> {
  return q.query<YearRow>(`${YEAR_SELECT} ORDER BY year DESC`, [tenantId]);
}

export async function approveYear(q: Queryable, tenantId: string, year: number, perdaNumber: string, perdaSha256: string) {
  await q.query(
    "UPDATE budget_years SET status = 'approved', approved_at = now(), perda_number = $3, perda_sha256 = $4, price_standards_locked = true WHERE tenant_id = $1 AND year = $2",
    [tenantId, year, perdaNumber, perdaSha256],
  );
}

export async function setPriceStandardsLocked(q: Queryable, tenantId: string, year: number, locked: boolean) {
  await q.query("UPDATE budget_years SET price_standards_locked = $3 WHERE tenant_id = $1 AND year = $2", [tenantId, year, locked]);
}

// ---- locks ----------------------------------------------------------------------------------------

export interface LockRow {
  scope: "drafting" | "sub_kegiatan";
  target: string;
  open: boolean;
  changed_at: Date;
}

export async function locks(q: Queryable, tenantId: string, year: number): Promise<LockRow[]> {
  return q.query<LockRow>("SELECT scope, target, open, changed_at FROM budget_locks WHERE tenant_id = $1 AND year = $2 ORDER BY scope, target", [
    tenantId,
    year,
  ]);
}

export async function setLock(q: Queryable, tenantId: string, year: number, scope: string, target: string, open: boolean, actorId: string | null) {
  await q.query(
    `INSERT INTO budget_locks (tenant_id, year, scope, target, open, changed_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, year, scope, target) DO UPDATE SET open = EXCLUDED.open, changed_by = EXCLUDED.changed_by, changed_at = now()`,
    [tenantId, year, scope, target, open, actorId],
  );
}

// ---- lines --------------------------------------------------------------------------------------------

const LINE_COLS = "line_key, unit_code, sub_activity_code, account_code, description, volume, measure, unit_price, amount, standard_code";

export async function lines(q: Queryable, tenantId: string, year: number, unitCode?: string): Promise<LineRow[]> {
  return q.query<LineRow>(
    `SELECT ${LINE_COLS} FROM budget_lines WHERE tenant_id = $1 AND year = $2 AND ($3::text IS NULL OR unit_code = $3) ORDER BY unit_code, sub_activity_code, account_code, line_key`,
    [tenantId, year, unitCode ?? null],
  );
}

export async function linesByKeys(q: Queryable, tenantId: string, year: number, keys: string[]): Promise<LineRow[]> {
  if (!keys.length) return [];
  return q.query<LineRow>(`SELECT ${LINE_COLS} FROM budget_lines WHERE tenant_id = $1 AND year = $2 AND line_key = ANY($3::text[])`, [
    tenantId,
    year,
    textArray(keys),
  ]);
}

/** Only key and amount, for hashing and verification (the heavy read of `budget verify`). */
export async function lineAmounts(q: Queryable, tenantId: string, year: number): Promise<{ line_key: string; amount: string | number }[]> {
  return q.query("SELECT line_key, amount FROM budget_lines WHERE tenant_id = $1 AND year = $2", [tenantId, year]);
}

export async function deleteUnitLines(q: Queryable, tenantId: string, year: number, unitCode: string) {
  await q.query("DELETE FROM budget_lines WHERE tenant_id = $1 AND year = $2 AND unit_code = $3", [tenantId, year, unitCode]);
}

export interface NewLine {
  lineKey: string;
  unitCode: string;
  subActivityCode: string;
  accountCode: string;
  description: string;
  volume: number;
  measure: string;
  unitPrice: number;
  amount: number;
  standardCode: string | null;
}

/** Inserts or replaces lines, 500 per statement. */
export async function upsertLines(q: Queryable, tenantId: string, year: number, rows: NewLine[]) {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await q.query(
      `INSERT INTO budget_lines (tenant_id, year, ${LINE_COLS})
       SELECT $1, $2, x.k, x.u, x.s, x.a, x.d, x.v, x.m, x.p, x.amt, x.std
         FROM jsonb_to_recordset($3::jsonb) AS x(k text, u text, s text, a text, d text, v numeric, m text, p numeric, amt numeric, std text)
       ON CONFLICT (tenant_id, year, line_key) DO UPDATE SET volume = EXCLUDED.volume, measure = EXCLUDED.measure,
         unit_price = EXCLUDED.unit_price, amount = EXCLUDED.amount, standard_code = EXCLUDED.standard_code, description = EXCLUDED.description`,
      [
        tenantId,
        year,
        JSON.stringify(
          chunk.map((r) => ({
            k: r.lineKey,
            u: r.unitCode,
            s: r.subActivityCode,
            a: r.accountCode,
            d: r.description,
            v: r.volume,
            m: r.measure,
            p: r.unitPrice,
            amt: r.amount,
            std: r.standardCode,
          })),
        ),
      ],
    );
  }
}

// ---- revisions ----------------------------------------------------------------------------------------

export interface RevisionRow {
  number: number;
  kind: "penetapan" | "pergeseran" | "perubahan";
  reason: string;
  approver: string;
  decree_number: string;
  decree_sha256: string;
  recorded_at: Date;
  recorded_by_name: string | null;
  lines: number;
  net_change: string | number;
}

export async function revisions(q: Queryable, tenantId: string, year: number): Promise<RevisionRow[]> {
  const rows = await q.query<Omit<RevisionRow, "recorded_by_name"> & { recorded_by: string | null }>(
    `SELECT r.number, r.kind, r.reason, r.approver, r.decree_number, r.decree_sha256, r.recorded_at, r.recorded_by,
            (SELECT count(*)::int FROM budget_revision_lines l WHERE l.tenant_id = r.tenant_id AND l.year = r.year AND l.number = r.number) AS lines,
            (SELECT coalesce(sum(l.amount_after - coalesce(l.amount_before, 0)), 0) FROM budget_revision_lines l
              WHERE l.tenant_id = r.tenant_id AND l.year = r.year AND l.number = r.number) AS net_change
       FROM budget_revisions r
      WHERE r.tenant_id = $1 AND r.year = $2 ORDER BY r.number`,
    [tenantId, year],
  );
  // users are `accounts`': names through its `userNames`.
  const names = await userNames(
    q,
    rows.map((r) => r.recorded_by),
  );
  return rows.map(({ recorded_by, ...r }) => ({ ...r, recorded_by_name: (recorded_by && names.get(recorded_by)) ?? null }));
}

export async function nextRevisionNumber(q: Queryable, tenantId: string, year: number): Promise<number> {
  const r = await q.one<{ n: number }>("SELECT coalesce(max(number) + 1, 0)::int AS n FROM budget_revisions WHERE tenant_id = $1 AND year = $2", [
    tenantId,
    year,
  ]);
  return r?.n ?? 0;
}

export interface RevisionInsert {
  number: number;
  kind: string;
  reason: string;
  approver: string;
  decreeNumber: string;
  decreeSha256: string;
  recordedBy: string | null;
}

export async function insertRevision(q: Queryable, tenantId: string, year: number, r: RevisionInsert) {
  await q.query(
    `INSERT INTO budget_revisions (tenant_id, year, number, kind, reason, approver, decree_number, decree_sha256, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenantId, year, r.number, r.kind, r.reason, r.approver, r.decreeNumber, r.decreeSha256, r.recordedBy],
  );
}

export interface RevisionLine {
  lineKey: string;
  before: number | null;
  after: number;
  line: Record<string, unknown>;
}

export async function insertRevisionLines(q: Queryable, tenantId: string, year: number, number: number, rows: RevisionLine[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await q.query(
      `INSERT INTO budget_revision_lines (tenant_id, year, number, line_key, amount_before, amount_after, line)
       SELECT $1, $2, $3, x.k, x.b, x.a, x.l FROM jsonb_to_recordset($4::jsonb) AS x(k text, b numeric, a numeric, l jsonb)`,
      [tenantId, year, number, JSON.stringify(chunk.map((r) => ({ k: r.lineKey, b: r.before, a: r.after, l: r.line })))],
    );
  }
}

export interface StoredRevisionLine {
  number: number;
  line_key: string;
  amount_before: string | number | null;
  amount_after: string | number;
  line: Record<string, unknown>;
}

/** Every recorded revision line of a year up to `upTo`, in revision order. */
export async function revisionLines(q: Queryable, tenantId: string, year: number, upTo?: number): Promise<StoredRevisionLine[]> {
  return q.query<StoredRevisionLine>(
    `SELECT number, line_key, amount_before, amount_after, line FROM budget_revision_lines
      WHERE tenant_id = $1 AND year = $2 AND ($3::int IS NULL OR number <= $3) ORDER BY number`,
    [tenantId, year, upTo ?? null],
  );
}

export async function revisionHeader(q: Queryable, tenantId: string, year: number, number: number) {
  return q.one<RevisionRow>(
    `SELECT number, kind, reason, approver, decree_number, decree_sha256, recorded_at, NULL AS recorded_by_name, 0 AS lines, 0 AS net_change
       FROM budget_revisions WHERE tenant_id = $1 AND year = $2 AND number = $3`,
    [tenantId, year, number],
  );
}

// ---- price standards -------------------------------------------------------------------------------------

export interface StandardRow {
  kind: string;
  code: string;
  name: string;
  unit: string;
  price: string | number;
  account_code: string | null;
}

export async function priceStandards(q: Queryable, tenantId: string, year: number): Promise<StandardRow[]> {
  return q.query<StandardRow>(
    "SELECT kind, code, name, unit, price, account_code FROM budget_price_standards WHERE tenant_id = $1 AND year = $2 ORDER BY kind, code",
    [tenantId, year],
  );
}

export async function upsertPriceStandard(q: Queryable, tenantId: string, year: number, s: Omit<StandardRow, "price"> & { price: number }) {
  await q.query(
    `INSERT INTO budget_price_standards (tenant_id, year, kind, code, name, unit, price, account_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, year, code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, unit = EXCLUDED.unit, price = EXCLUDED.price,
       account_code = EXCLUDED.account_code`,
    [tenantId, year, s.kind, s.code, s.name, s.unit, s.price, s.account_code],
  );
}

// ---- realisation -------------------------------------------------------------------------------------

export interface RealisationInput {
  unitCode: string;
  subActivityCode: string;
  accountCode: string;
  month: number;
  amount: number;
}

export async function upsertRealisations(q: Queryable, tenantId: string, year: number, rows: RealisationInput[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await q.query(
      `INSERT INTO budget_realisations (tenant_id, year, unit_code, sub_activity_code, account_code, month, amount)
       SELECT $1, $2, x.u, x.s, x.a, x.m, x.amt FROM jsonb_to_recordset($3::jsonb) AS x(u text, s text, a text, m int, amt numeric)
       ON CONFLICT (tenant_id, year, unit_code, sub_activity_code, account_code, month) DO UPDATE SET amount = EXCLUDED.amount`,
      [
        tenantId,
        year,
        JSON.stringify(rows.slice(i, i + 1000).map((r) => ({ u: r.unitCode, s: r.subActivityCode, a: r.accountCode, m: r.month, amt: r.amount }))),
      ],
    );
  }
}

export interface AbsorptionRow {
  unit_code: string;
  program: string;
  budget: string | number;
  realised: string | number;
}

/** Budget and realisation per OPD and programme (the first three parts of the sub kegiatan code). */
export async function absorption(q: Queryable, tenantId: string, year: number): Promise<AbsorptionRow[]> {
  return q.query<AbsorptionRow>(
    `WITH b AS (
       SELECT unit_code, split_part(sub_activity_code, '.', 1) || '.' || split_part(sub_activity_code, '.', 2) || '.' || split_part(sub_activity_code, '.', 3) AS program,
              sum(amount) AS budget
         FROM budget_lines WHERE tenant_id = $1 AND year = $2 AND account_code LIKE '5.%' GROUP BY 1, 2),
     r AS (
       SELECT unit_code, split_part(sub_activity_code, '.', 1) || '.' || split_part(sub_activity_code, '.', 2) || '.' || split_part(sub_activity_code, '.', 3) AS program,
              sum(amount) AS realised
         FROM budget_realisations WHERE tenant_id = $1 AND year = $2 AND account_code LIKE '5.%' GROUP BY 1, 2)
     SELECT coalesce(b.unit_code, r.unit_code) AS unit_code, coalesce(b.program, r.program) AS program,
            coalesce(b.budget, 0) AS budget, coalesce(r.realised, 0) AS realised
       FROM b FULL JOIN r ON r.unit_code = b.unit_code AND r.program = b.program
      ORDER BY 1, 2`,
    [tenantId, year],
  );
}

export async function nomenclatureNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await q.query<{ code: string; name: string }>(
    "SELECT code, name FROM budget_nomenclature WHERE code = ANY($1::text[]) UNION ALL SELECT code, name FROM budget_accounts WHERE code = ANY($1::text[])",
    [textArray(codes)],
  );
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** A text[] literal (the store interface passes parameters as text on both drivers). */
const textArray = (items: string[]) => `{${items.map((c) => `"${c.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
