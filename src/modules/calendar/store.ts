import type { Queryable } from "../../platform/db.ts";

/** A row of the tenant's holiday table: the SKB decree days (`national`, `cuti_bersama`) and local days off (`local`). */
export interface HolidayRow {
  day: string;
  name: string;
  kind: "national" | "cuti_bersama" | "local";
}

/** Every row of a tenant's table (a few dozen a year), oldest first. */
export async function allHolidayRows(q: Queryable, tenantId: string): Promise<HolidayRow[]> {
  return q.query<HolidayRow>("SELECT to_char(day, 'YYYY-MM-DD') AS day, name, kind FROM holidays WHERE tenant_id = $1 ORDER BY day", [tenantId]);
}

export async function insertHolidayIfMissing(q: Queryable, tenantId: string, h: HolidayRow): Promise<boolean> {
  const rows = await q.query("INSERT INTO holidays (tenant_id, day, name, kind) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING day", [
    tenantId,
    h.day,
    h.name,
    h.kind,
  ]);
  return rows.length > 0;
}

export async function upsertHoliday(q: Queryable, tenantId: string, h: HolidayRow): Promise<void> {
  await q.query(
    "INSERT INTO holidays (tenant_id, day, name, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, day) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind",
    [tenantId, h.day, h.name, h.kind],
  );
}

export async function deleteHoliday(q: Queryable, tenantId: string, day: string): Promise<boolean> {
  const rows = await q.query("DELETE FROM holidays WHERE tenant_id = $1 AND day = $2 RETURNING day", [tenantId, day]);
  return rows.length > 0;
}

/** How many decree rows (national holidays and cuti bersama) a year has. */
export async function countDecreeRows(q: Queryable, tenantId: string, year: number): Promise<number> {
  const row = await q.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM holidays
      WHERE tenant_id = $1 AND kind IN ('national', 'cuti_bersama') AND day >= make_date($2::int, 1, 1) AND day < make_date($2::int + 1, 1, 1)`,
    [tenantId, year],
  );
  return row?.n ?? 0;
}
