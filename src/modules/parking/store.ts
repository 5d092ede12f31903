/** SQL of e-Parking's points, tariffs, attendants and sessions (PGlite and PostgreSQL alike). */
import type { Queryable } from "../../platform/db.ts";

export interface TariffRow {
  vehicle_type: string;
  mode: "entry" | "hour";
  amount: number;
}
export interface PointRow {
  id: string;
  code: string;
  name: string;
  kind: "on_street" | "off_street";
  address: string | null;
  lat: number | null;
  lon: number | null;
  capacity: number;
  occupancy_pct: number;
  turnover_per_day: string | number;
  active: boolean;
  tariffs: TariffRow[];
}

const POINT_COLUMNS = `p.id, p.code, p.name, p.kind, p.address, p.lat, p.lon, p.capacity, p.occupancy_pct, p.turnover_per_day, p.active,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('vehicle_type', t.vehicle_type, 'mode', t.mode, 'amount', t.amount) ORDER BY t.amount)
              FROM parking_tariffs t WHERE t.tenant_id = p.tenant_id AND t.point_id = p.id), '[]'::jsonb) AS tariffs`;

export function points(q: Queryable, tenantId: string): Promise<PointRow[]> {
  return q.query<PointRow>(`SELECT ${POINT_COLUMNS} FROM parking_points p WHERE p.tenant_id = $1 ORDER BY p.code`, [tenantId]);
}

export function pointById(q: Queryable, tenantId: string, id: string): Promise<PointRow | undefined> {
  return q.one<PointRow>(`SELECT ${POINT_COLUMNS} FROM parking_points p WHERE p.tenant_id = $1 AND p.id = $2`, [tenantId, id]);
}

export function pointByCode(q: Queryable, tenantId: string, code: string): Promise<PointRow | undefined> {
  return q.one<PointRow>(`SELECT ${POINT_COLUMNS} FROM parking_points p WHERE p.tenant_id = $1 AND p.code = $2`, [tenantId, code]);
}

export interface PointInput {
  code: string;
  name: string;
  kind: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  capacity: number;
  occupancyPct: number;
  turnoverPerDay: number;
}

/** Inserts a point, or returns undefined when the code is taken. */
export async function insertPoint(q: Queryable, tenantId: string, p: PointInput): Promise<string | undefined> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO parking_points (tenant_id, code, name, kind, address, lat, lon, capacity, occupancy_pct, turnover_per_day)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
    [tenantId, p.code, p.name, p.kind, p.address, p.lat, p.lon, p.capacity, p.occupancyPct, p.turnoverPerDay],
  );
  return row?.id;
}

export async function replaceTariffs(q: Queryable, tenantId: string, pointId: string, tariffs: { vehicleType: string; mode: string; amount: number }[]) {
  await q.query("DELETE FROM parking_tariffs WHERE tenant_id = $1 AND point_id = $2", [tenantId, pointId]);
  await q.query(
    `INSERT INTO parking_tariffs (tenant_id, point_id, vehicle_type, mode, amount)
     SELECT $1, $2, x.vehicle_type, x.mode, x.amount FROM jsonb_to_recordset($3::jsonb) AS x(vehicle_type text, mode text, amount int)`,
    [tenantId, pointId, JSON.stringify(tariffs.map((t) => ({ vehicle_type: t.vehicleType, mode: t.mode, amount: t.amount })))],
  );
}

export interface AttendantRow {
  id: string;
  user_id: string | null;
  point_id: string;
  point_code: string;
  point_name: string;
  name: string;
  card_code: string;
  share_pct: string | number;
  active: boolean;
  has_photo: boolean;
}

const ATTENDANT_COLUMNS = `a.id, a.user_id, a.point_id, a.photo_file_id IS NOT NULL AS has_photo, p.code AS point_code, p.name AS point_name, a.name, a.card_code, a.share_pct, a.active
  FROM parking_attendants a JOIN parking_points p ON p.tenant_id = a.tenant_id AND p.id = a.point_id`;

export function attendants(q: Queryable, tenantId: string): Promise<AttendantRow[]> {
  return q.query<AttendantRow>(`SELECT ${ATTENDANT_COLUMNS} WHERE a.tenant_id = $1 ORDER BY p.code, a.name`, [tenantId]);
}
export function attendantByCard(q: Queryable, tenantId: string, card: string): Promise<AttendantRow | undefined> {
  return q.one<AttendantRow>(`SELECT ${ATTENDANT_COLUMNS} WHERE a.tenant_id = $1 AND a.card_code = $2`, [tenantId, card]);
}
export function attendantByUser(q: Queryable, tenantId: string, userId: string): Promise<AttendantRow | undefined> {
  return q.one<AttendantRow>(`SELECT ${ATTENDANT_COLUMNS} WHERE a.tenant_id = $1 AND a.user_id = $2 AND a.active ORDER BY a.created_at DESC LIMIT 1`, [
    tenantId,
    userId,
  ]);
}

export async function insertAttendant(
  q: Queryable,
  tenantId: string,
  a: { userId: string | null; pointId: string; name: string; cardCode: string; sharePct: number },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO parking_attendants (tenant_id, user_id, point_id, name, card_code, share_pct) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [tenantId, a.userId, a.pointId, a.name, a.cardCode, a.sharePct],
  );
  return (row as { id: string }).id;
}

export interface SessionRow {
  id: string;
  point_id: string;
  attendant_id: string | null;
  plate: string;
  vehicle_type: string;
  hours: number;
  expected_amount: number;
  order_id: string;
  gateway: string;
  qris: string;
  created_at: Date;
  paid: boolean;
}

export async function insertSession(
  q: Queryable,
  tenantId: string,
  s: {
    pointId: string;
    attendantId: string | null;
    plate: string;
    vehicleType: string;
    hours: number;
    expectedAmount: number;
    orderId: string;
    gateway: string;
    qris: string;
  },
): Promise<SessionRow> {
  const row = await q.one<SessionRow>(
    `INSERT INTO parking_sessions (tenant_id, point_id, attendant_id, plate, vehicle_type, hours, expected_amount, order_id, gateway, qris)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *, false AS paid`,
    [tenantId, s.pointId, s.attendantId, s.plate, s.vehicleType, s.hours, s.expectedAmount, s.orderId, s.gateway, s.qris],
  );
  return row as SessionRow;
}

const SESSION_PAID = `EXISTS (SELECT 1 FROM parking_payments x WHERE x.tenant_id = s.tenant_id AND x.session_id = s.id AND x.counted AND x.method <> 'correction')`;

export function sessionByOrder(q: Queryable, tenantId: string, orderId: string): Promise<SessionRow | undefined> {
  return q.one<SessionRow>(`SELECT s.*, ${SESSION_PAID} AS paid FROM parking_sessions s WHERE s.tenant_id = $1 AND s.order_id = $2`, [tenantId, orderId]);
}
export function sessionById(q: Queryable, tenantId: string, id: string): Promise<SessionRow | undefined> {
  return q.one<SessionRow>(`SELECT s.*, ${SESSION_PAID} AS paid FROM parking_sessions s WHERE s.tenant_id = $1 AND s.id = $2`, [tenantId, id]);
}
/** The attendant's sessions of today (newest first). */
export function sessionsOfAttendant(q: Queryable, tenantId: string, attendantId: string, since: Date): Promise<SessionRow[]> {
  return q.query<SessionRow>(
    `SELECT s.*, ${SESSION_PAID} AS paid FROM parking_sessions s WHERE s.tenant_id = $1 AND s.attendant_id = $2 AND s.created_at >= $3 ORDER BY s.created_at DESC LIMIT 50`,
    [tenantId, attendantId, since],
  );
}

// ---- the development gateway's ledger ---------------------------------------------------------------------

export async function devLedgerInsert(q: Queryable, tenantId: string, e: { txnId: string; orderId: string; amount: number; status: "PENDING" | "PAID" }) {
  await q.query(
    `INSERT INTO parking_dev_gateway (tenant_id, txn_id, order_id, amount, status) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, txn_id) DO UPDATE SET status = EXCLUDED.status`,
    [tenantId, e.txnId, e.orderId, e.amount, e.status],
  );
}
export function devLedgerLookup(q: Queryable, tenantId: string, txnId: string) {
  return q.one<{ amount: number; status: string }>("SELECT amount, status FROM parking_dev_gateway WHERE tenant_id = $1 AND txn_id = $2", [tenantId, txnId]);
}

/** Locks a session row until the transaction ends (one payment per session at a time). */
export async function lockSession(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q.query("SELECT 1 FROM parking_sessions WHERE tenant_id = $1 AND id = $2 FOR UPDATE", [tenantId, id]);
}

export async function setAttendantPhoto(q: Queryable, tenantId: string, id: string, key: string): Promise<boolean> {
  const r = await q.query("UPDATE parking_attendants SET photo_file_id = $3 WHERE tenant_id = $1 AND id = $2 RETURNING id", [tenantId, id, key]);
  return r.length > 0;
}
export async function photoKeyOfCard(q: Queryable, tenantId: string, card: string): Promise<string | null> {
  const r = await q.one<{ photo_file_id: string | null }>("SELECT photo_file_id FROM parking_attendants WHERE tenant_id = $1 AND card_code = $2", [
    tenantId,
    card,
  ]);
  return r?.photo_file_id ?? null;
}
