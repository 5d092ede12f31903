/** SQL of the health module: puskesmas, poli, schedules, the quota guard and the number sequence, bookings. */
import type { Queryable } from "../../platform/db.ts";
import { unitsById } from "../admin/index.ts";

export interface FacilityRow {
  id: string;
  unit_id: string;
  unit_code: string;
  kode_faskes: string | null;
  satusehat_org_id: string | null;
  satusehat_location_id: string | null;
  name: string;
  address: string | null;
  lat: number;
  lon: number;
  hours: Record<string, string>;
  ws_username: string | null;
  ws_password_hash: string | null;
  active: boolean;
}

export interface PoliRow {
  id: string;
  facility_id: string;
  kodepoli: string;
  name: string;
  prefix: string;
  active: boolean;
}

export interface ScheduleRow {
  id: string;
  poli_id: string;
  kodedokter: number;
  namadokter: string;
  doctor_nik: string | null;
  weekday: number;
  start_time: string;
  end_time: string;
  kapasitas: number;
  minutes_per_patient: number;
  active: boolean;
}

export type BookingState = "booked" | "hadir" | "called" | "served" | "tidak_hadir" | "batal";
export const ACTIVE_STATES: BookingState[] = ["booked", "hadir", "called"];

export interface BookingRow {
  id: string;
  facility_id: string;
  poli_id: string;
  schedule_id: string;
  kodedokter: number;
  date: string;
  number: number;
  code: string;
  source: "balai" | "mobilejkn" | "walkin";
  state: BookingState;
  nik: string;
  nomorkartu: string | null;
  patient_name: string | null;
  nohp: string | null;
  norm: string | null;
  keluhan: string | null;
  alasan: string | null;
  user_id: string | null;
  token: string;
  call_count: number;
  booked_at: Date;
  checked_in_at: Date | null;
  called_at: Date | null;
  served_at: Date | null;
  ended_at: Date | null;
  near_notified: boolean;
  satusehat_encounter_id: string | null;
}

const FACILITY_COLS = `f.id, f.unit_id, f.kode_faskes, f.satusehat_org_id, f.satusehat_location_id, f.name, f.address,
  f.lat, f.lon, f.hours, f.ws_username, f.ws_password_hash, f.active`;
const BOOKING_COLS = `id, facility_id, poli_id, schedule_id, kodedokter, date::text AS date, number, code, source, state, nik, nomorkartu,
  patient_name, nohp, norm, keluhan, alasan, user_id, token, call_count, booked_at, checked_in_at, called_at, served_at, ended_at,
  near_notified, satusehat_encounter_id`;

/** The facilities with their unit's code (org_units are `admin`'s: read through `unitsById`). */
async function withUnitCodes(q: Queryable, tenantId: string, rows: Omit<FacilityRow, "unit_code">[]): Promise<FacilityRow[]> {
  const code = new Map(
    (
      await unitsById(
        q,
        tenantId,
        rows.map((r) => r.unit_id),
      )
    ).map((u) => [u.id, u.code]),
  );
  return rows.flatMap((r) => {
    const unitCode = code.get(r.unit_id);
    return unitCode === undefined ? [] : [{ ...r, unit_code: unitCode }];
  });
}

export async function facilities(q: Queryable, tenantId: string, activeOnly: boolean): Promise<FacilityRow[]> {
  const rows = await q.query<Omit<FacilityRow, "unit_code">>(
    `SELECT ${FACILITY_COLS} FROM health_facilities f WHERE f.tenant_id = $1 AND ($2::boolean = false OR f.active) ORDER BY f.name`,
    [tenantId, activeOnly],
  );
  return withUnitCodes(q, tenantId, rows);
}

export async function facilityById(q: Queryable, tenantId: string, id: string): Promise<FacilityRow | undefined> {
  const rows = await q.query<Omit<FacilityRow, "unit_code">>(`SELECT ${FACILITY_COLS} FROM health_facilities f WHERE f.tenant_id = $1 AND f.id = $2`, [
    tenantId,
    id,
  ]);
  return (await withUnitCodes(q, tenantId, rows))[0];
}

export async function facilityByUsername(q: Queryable, tenantId: string, username: string): Promise<FacilityRow | undefined> {
  const rows = await q.query<Omit<FacilityRow, "unit_code">>(
    `SELECT ${FACILITY_COLS} FROM health_facilities f WHERE f.tenant_id = $1 AND f.ws_username = $2 AND f.active`,
    [tenantId, username],
  );
  return (await withUnitCodes(q, tenantId, rows))[0];
}

export async function insertFacility(
  q: Queryable,
  tenantId: string,
  f: { unitId: string; name: string; address: string | null; lat: number; lon: number; hours: Record<string, string>; kodeFaskes: string | null },
): Promise<string> {
  const r = await q.one<{ id: string }>(
    `INSERT INTO health_facilities (tenant_id, unit_id, name, address, lat, lon, hours, kode_faskes)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING id`,
    [tenantId, f.unitId, f.name, f.address, f.lat, f.lon, JSON.stringify(f.hours), f.kodeFaskes],
  );
  return r!.id;
}

export async function setCredentials(q: Queryable, tenantId: string, facilityId: string, username: string, passwordHash: string): Promise<boolean> {
  const rows = await q.query("UPDATE health_facilities SET ws_username = $3, ws_password_hash = $4 WHERE tenant_id = $1 AND id = $2 RETURNING id", [
    tenantId,
    facilityId,
    username,
    passwordHash,
  ]);
  if (rows.length) await q.query("DELETE FROM health_ws_tokens WHERE tenant_id = $1 AND facility_id = $2", [tenantId, facilityId]);
  return rows.length > 0;
}

export function polis(q: Queryable, tenantId: string, facilityId: string): Promise<PoliRow[]> {
  return q.query<PoliRow>(
    "SELECT id, facility_id, kodepoli, name, prefix, active FROM health_polis WHERE tenant_id = $1 AND facility_id = $2 ORDER BY prefix, name",
    [tenantId, facilityId],
  );
}

export function poliById(q: Queryable, tenantId: string, id: string): Promise<PoliRow | undefined> {
  return q.one<PoliRow>("SELECT id, facility_id, kodepoli, name, prefix, active FROM health_polis WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

export function poliByCode(q: Queryable, tenantId: string, facilityId: string, kodepoli: string): Promise<PoliRow | undefined> {
  return q.one<PoliRow>(
    "SELECT id, facility_id, kodepoli, name, prefix, active FROM health_polis WHERE tenant_id = $1 AND facility_id = $2 AND kodepoli = $3",
    [tenantId, facilityId, kodepoli],
  );
}

export async function insertPoli(q: Queryable, tenantId: string, p: { facilityId: string; kodepoli: string; name: string; prefix: string }): Promise<string> {
  const r = await q.one<{ id: string }>("INSERT INTO health_polis (tenant_id, facility_id, kodepoli, name, prefix) VALUES ($1, $2, $3, $4, $5) RETURNING id", [
    tenantId,
    p.facilityId,
    p.kodepoli,
    p.name,
    p.prefix,
  ]);
  return r!.id;
}

const SCHEDULE_COLS = "id, poli_id, kodedokter, namadokter, doctor_nik, weekday, start_time, end_time, kapasitas, minutes_per_patient, active";

export function schedules(q: Queryable, tenantId: string, poliIds: string[]): Promise<ScheduleRow[]> {
  return q.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLS} FROM health_schedules WHERE tenant_id = $1 AND poli_id = ANY($2::uuid[]) AND active ORDER BY weekday, start_time, namadokter`,
    [tenantId, `{${poliIds.join(",")}}`],
  );
}

export function scheduleById(q: Queryable, tenantId: string, id: string): Promise<ScheduleRow | undefined> {
  return q.one<ScheduleRow>(`SELECT ${SCHEDULE_COLS} FROM health_schedules WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
}

export async function insertSchedule(q: Queryable, tenantId: string, s: Omit<ScheduleRow, "id" | "active">): Promise<string> {
  const r = await q.one<{ id: string }>(
    `INSERT INTO health_schedules (tenant_id, poli_id, kodedokter, namadokter, doctor_nik, weekday, start_time, end_time, kapasitas, minutes_per_patient)
     VALUES ($1, $2, $3, $4, $10, $5, $6, $7, $8, $9) RETURNING id`,
    [tenantId, s.poli_id, s.kodedokter, s.namadokter, s.weekday, s.start_time, s.end_time, s.kapasitas, s.minutes_per_patient, s.doctor_nik],
  );
  return r!.id;
}

/**
 * Takes one place of the schedule's day if fewer than `kapasitas` are taken: the upsert locks the row, so under
 * concurrency the check and the increment are one step. False when the quota is full.
 */
export async function takePlace(q: Queryable, tenantId: string, scheduleId: string, date: string, kapasitas: number): Promise<boolean> {
  const r = await q.one<{ taken: number }>(
    `INSERT INTO health_sessions AS s (tenant_id, schedule_id, date, taken) VALUES ($1, $2, $3::date, 1)
     ON CONFLICT (schedule_id, date) DO UPDATE SET taken = s.taken + 1 WHERE s.taken < $4 RETURNING s.taken`,
    [tenantId, scheduleId, date, kapasitas],
  );
  return r !== undefined && r.taken <= kapasitas;
}

export async function givePlaceBack(q: Queryable, scheduleId: string, date: string): Promise<void> {
  await q.query("UPDATE health_sessions SET taken = taken - 1 WHERE schedule_id = $1 AND date = $2::date AND taken > 0", [scheduleId, date]);
}

export async function takenPlaces(q: Queryable, tenantId: string, scheduleIds: string[], date: string): Promise<Map<string, number>> {
  const rows = await q.query<{ schedule_id: string; taken: number }>(
    "SELECT schedule_id, taken FROM health_sessions WHERE tenant_id = $1 AND schedule_id = ANY($2::uuid[]) AND date = $3::date",
    [tenantId, `{${scheduleIds.join(",")}}`, date],
  );
  return new Map(rows.map((r) => [r.schedule_id, r.taken]));
}

/** The poli's next number of the day (bookings and walk-ins share the sequence). */
export async function nextNumber(q: Queryable, tenantId: string, poliId: string, date: string): Promise<number> {
  const r = await q.one<{ last_number: number }>(
    `INSERT INTO health_poli_days AS d (tenant_id, poli_id, date, last_number) VALUES ($1, $2, $3::date, 1)
     ON CONFLICT (poli_id, date) DO UPDATE SET last_number = d.last_number + 1 RETURNING d.last_number`,
    [tenantId, poliId, date],
  );
  return r!.last_number;
}

export async function insertBooking(
  q: Queryable,
  tenantId: string,
  b: Pick<
    BookingRow,
    | "facility_id"
    | "poli_id"
    | "schedule_id"
    | "kodedokter"
    | "date"
    | "number"
    | "code"
    | "source"
    | "state"
    | "nik"
    | "nomorkartu"
    | "patient_name"
    | "nohp"
    | "norm"
    | "keluhan"
    | "user_id"
    | "token"
  >,
): Promise<BookingRow> {
  const r = await q.one<BookingRow>(
    `INSERT INTO health_bookings (tenant_id, facility_id, poli_id, schedule_id, kodedokter, date, number, code, source, state, nik, nomorkartu,
       patient_name, nohp, norm, keluhan, user_id, token, checked_in_at)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, CASE WHEN $10 = 'hadir' THEN now() END)
     RETURNING ${BOOKING_COLS}`,
    [
      tenantId,
      b.facility_id,
      b.poli_id,
      b.schedule_id,
      b.kodedokter,
      b.date,
      b.number,
      b.code,
      b.source,
      b.state,
      b.nik,
      b.nomorkartu,
      b.patient_name,
      b.nohp,
      b.norm,
      b.keluhan,
      b.user_id,
      b.token,
    ],
  );
  return r!;
}

export function bookingById(q: Queryable, tenantId: string, id: string, forUpdate = false): Promise<BookingRow | undefined> {
  return q.one<BookingRow>(`SELECT ${BOOKING_COLS} FROM health_bookings WHERE tenant_id = $1 AND id = $2${forUpdate ? " FOR UPDATE" : ""}`, [tenantId, id]);
}

export function bookingByToken(q: Queryable, tenantId: string, token: string): Promise<BookingRow | undefined> {
  return q.one<BookingRow>(`SELECT ${BOOKING_COLS} FROM health_bookings WHERE tenant_id = $1 AND token = $2`, [tenantId, token]);
}

/** The active booking of a card on a poli and day (Mobile JKN's sisapeserta and batal). */
export function activeBookingOfCard(q: Queryable, tenantId: string, poliId: string, date: string, nomorkartu: string): Promise<BookingRow | undefined> {
  return q.one<BookingRow>(
    `SELECT ${BOOKING_COLS} FROM health_bookings WHERE tenant_id = $1 AND poli_id = $2 AND date = $3::date AND nomorkartu = $4
       AND state IN ('booked', 'hadir', 'called') ORDER BY number LIMIT 1`,
    [tenantId, poliId, date, nomorkartu],
  );
}

export function bookingsOfDay(q: Queryable, tenantId: string, poliId: string, date: string): Promise<BookingRow[]> {
  return q.query<BookingRow>(`SELECT ${BOOKING_COLS} FROM health_bookings WHERE tenant_id = $1 AND poli_id = $2 AND date = $3::date ORDER BY number`, [
    tenantId,
    poliId,
    date,
  ]);
}

export function bookingsOfUser(q: Queryable, tenantId: string, userId: string, fromDate: string): Promise<BookingRow[]> {
  return q.query<BookingRow>(
    `SELECT ${BOOKING_COLS} FROM health_bookings WHERE tenant_id = $1 AND user_id = $2 AND date >= $3::date ORDER BY date, number LIMIT 50`,
    [tenantId, userId, fromDate],
  );
}

/** The next checked-in patient of the poli's day, lowest number first, locked. */
export function nextCheckedIn(q: Queryable, tenantId: string, poliId: string, date: string): Promise<BookingRow | undefined> {
  return q.one<BookingRow>(
    `SELECT ${BOOKING_COLS} FROM health_bookings WHERE tenant_id = $1 AND poli_id = $2 AND date = $3::date AND state = 'hadir'
      ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [tenantId, poliId, date],
  );
}

export async function updateBooking(
  q: Queryable,
  tenantId: string,
  id: string,
  set: { state?: BookingState; alasan?: string; callAgain?: boolean; nearNotified?: boolean; encounterId?: string },
): Promise<BookingRow> {
  const r = await q.one<BookingRow>(
    `UPDATE health_bookings SET
       state = COALESCE($3, state),
       alasan = COALESCE($4, alasan),
       checked_in_at = CASE WHEN $3 = 'hadir' THEN now() ELSE checked_in_at END,
       called_at = CASE WHEN $3 = 'called' OR $5 THEN now() ELSE called_at END,
       call_count = call_count + CASE WHEN $3 = 'called' OR $5 THEN 1 ELSE 0 END,
       served_at = CASE WHEN $3 = 'served' THEN now() ELSE served_at END,
       ended_at = CASE WHEN $3 IN ('served', 'tidak_hadir', 'batal') THEN now() ELSE ended_at END,
       near_notified = COALESCE($6, near_notified),
       satusehat_encounter_id = COALESCE($7, satusehat_encounter_id)
     WHERE tenant_id = $1 AND id = $2 RETURNING ${BOOKING_COLS}`,
    [tenantId, id, set.state ?? null, set.alasan ?? null, set.callAgain === true, set.nearNotified ?? null, set.encounterId ?? null],
  );
  return r!;
}

export interface DayCounts {
  total: number;
  waiting: number;
  served: number;
  lastCalled: number | null;
  lastCalledCode: string | null;
}

/** Counts of a poli's day (optionally one doctor): all non-cancelled numbers, still waiting, served, the number now called. */
export async function dayCounts(q: Queryable, tenantId: string, poliId: string, date: string, kodedokter?: number): Promise<DayCounts> {
  const r = await q.one<{ total: number; waiting: number; served: number; last_called: number | null; last_code: string | null }>(
    `SELECT count(*) FILTER (WHERE state <> 'batal')::int AS total,
            count(*) FILTER (WHERE state IN ('booked', 'hadir'))::int AS waiting,
            count(*) FILTER (WHERE state = 'served')::int AS served,
            (SELECT number FROM health_bookings c WHERE c.tenant_id = $1 AND c.poli_id = $2 AND c.date = $3::date AND c.called_at IS NOT NULL
               AND ($4::int IS NULL OR c.kodedokter = $4) ORDER BY c.called_at DESC, c.number DESC LIMIT 1) AS last_called,
            (SELECT code FROM health_bookings c WHERE c.tenant_id = $1 AND c.poli_id = $2 AND c.date = $3::date AND c.called_at IS NOT NULL
               AND ($4::int IS NULL OR c.kodedokter = $4) ORDER BY c.called_at DESC, c.number DESC LIMIT 1) AS last_code
       FROM health_bookings WHERE tenant_id = $1 AND poli_id = $2 AND date = $3::date AND ($4::int IS NULL OR kodedokter = $4)`,
    [tenantId, poliId, date, kodedokter ?? null],
  );
  return { total: r?.total ?? 0, waiting: r?.waiting ?? 0, served: r?.served ?? 0, lastCalled: r?.last_called ?? null, lastCalledCode: r?.last_code ?? null };
}

/** Patients still waiting with a lower number on the same poli and day (the ones ahead). */
export async function aheadOf(q: Queryable, tenantId: string, b: Pick<BookingRow, "poli_id" | "date" | "number">): Promise<number> {
  const r = await q.one<{ n: number }>(
    "SELECT count(*)::int AS n FROM health_bookings WHERE tenant_id = $1 AND poli_id = $2 AND date = $3::date AND number < $4 AND state IN ('booked', 'hadir')",
    [tenantId, b.poli_id, b.date, b.number],
  );
  return r?.n ?? 0;
}

/** Waiting bookings of a poli's day with a phone, not yet told their turn nears, with how many are ahead. */
export function waitingWithAhead(q: Queryable, tenantId: string, poliId: string, date: string): Promise<(BookingRow & { ahead: number })[]> {
  return q.query<BookingRow & { ahead: number }>(
    `SELECT ${BOOKING_COLS}, (SELECT count(*)::int FROM health_bookings o WHERE o.tenant_id = b.tenant_id AND o.poli_id = b.poli_id AND o.date = b.date
              AND o.number < b.number AND o.state IN ('booked', 'hadir')) AS ahead
       FROM health_bookings b WHERE tenant_id = $1 AND poli_id = $2 AND date = $3::date AND state IN ('booked', 'hadir') AND NOT near_notified`,
    [tenantId, poliId, date],
  );
}

export async function deactivateSchedule(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  return (await q.query("UPDATE health_schedules SET active = false WHERE tenant_id = $1 AND id = $2 AND active RETURNING id", [tenantId, id])).length > 0;
}
