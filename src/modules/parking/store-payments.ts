/** SQL of e-Parking's payments (append-only: a trigger refuses UPDATE and DELETE), revenue and settlements. */
import type { Queryable } from "../../platform/db.ts";

export interface PaymentRow {
  id: string;
  point_id: string;
  attendant_id: string | null;
  session_id: string | null;
  method: "qris_static" | "qris_dynamic" | "cash" | "correction";
  gateway: string | null;
  gateway_txn_id: string | null;
  order_id: string | null;
  vehicle_type: string | null;
  amount: number;
  expected_amount: number | null;
  counted: boolean;
  flag: string | null;
  corrects_id: string | null;
  note: string | null;
  business_date: string;
  paid_at: Date;
  created_at: Date;
}

export interface PaymentInput {
  pointId: string;
  attendantId: string | null;
  sessionId: string | null;
  method: PaymentRow["method"];
  gateway: string | null;
  gatewayTxnId: string | null;
  orderId: string | null;
  vehicleType: string | null;
  amount: number;
  expectedAmount: number | null;
  counted: boolean;
  flag: string | null;
  correctsId: string | null;
  note: string | null;
  paidAt: Date;
  timezone: string;
  recordedBy: string | null;
}

const RETURNING = "RETURNING *, business_date::text AS business_date";

/** Inserts a payment; undefined when the gateway transaction is already recorded (a replay). */
export function insertPayment(q: Queryable, tenantId: string, p: PaymentInput): Promise<PaymentRow | undefined> {
  return q.one<PaymentRow>(
    `INSERT INTO parking_payments (tenant_id, point_id, attendant_id, session_id, method, gateway, gateway_txn_id, order_id, vehicle_type,
       amount, expected_amount, counted, flag, corrects_id, note, paid_at, business_date, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, ($16::timestamptz AT TIME ZONE $17)::date, $18)
     ON CONFLICT (tenant_id, gateway, gateway_txn_id) WHERE gateway_txn_id IS NOT NULL DO NOTHING ${RETURNING}`,
    [
      tenantId,
      p.pointId,
      p.attendantId,
      p.sessionId,
      p.method,
      p.gateway,
      p.gatewayTxnId,
      p.orderId,
      p.vehicleType,
      p.amount,
      p.expectedAmount,
      p.counted,
      p.flag,
      p.correctsId,
      p.note,
      p.paidAt,
      p.timezone,
      p.recordedBy,
    ],
  );
}

export function paymentByTxn(q: Queryable, tenantId: string, gateway: string, txnId: string): Promise<PaymentRow | undefined> {
  return q.one<PaymentRow>(
    "SELECT *, business_date::text AS business_date FROM parking_payments WHERE tenant_id = $1 AND gateway = $2 AND gateway_txn_id = $3",
    [tenantId, gateway, txnId],
  );
}
export function paymentById(q: Queryable, tenantId: string, id: string): Promise<PaymentRow | undefined> {
  return q.one<PaymentRow>("SELECT *, business_date::text AS business_date FROM parking_payments WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

/** Payments of a day, newest first (for the console list). */
export function paymentsOn(q: Queryable, tenantId: string, date: string, limit: number): Promise<(PaymentRow & { point_code: string })[]> {
  return q.query(
    `SELECT x.*, x.business_date::text AS business_date, p.code AS point_code FROM parking_payments x
       JOIN parking_points p ON p.tenant_id = x.tenant_id AND p.id = x.point_id
      WHERE x.tenant_id = $1 AND x.business_date = $2::date ORDER BY x.created_at DESC LIMIT $3`,
    [tenantId, date, limit],
  );
}

/** Gateway payments of one day and gateway, for reconciliation. */
export function gatewayPaymentsOn(q: Queryable, tenantId: string, gateway: string, date: string) {
  return q.query<{ gateway_txn_id: string; order_id: string | null; amount: number; counted: boolean }>(
    `SELECT gateway_txn_id, order_id, amount, counted FROM parking_payments
      WHERE tenant_id = $1 AND gateway = $2 AND business_date = $3::date AND gateway_txn_id IS NOT NULL`,
    [tenantId, gateway, date],
  );
}

export interface TotalsRow {
  point_id: string;
  attendant_key: string;
  gross: string | number;
  qris: string | number;
  cash: string | number;
  paid: string | number;
  flagged: string | number;
  uncounted: string | number;
}

const SUMS = "sum(gross) AS gross, sum(qris) AS qris, sum(cash) AS cash, sum(paid) AS paid, sum(flagged) AS flagged, sum(uncounted) AS uncounted";

/**
 * Totals per point and attendant over a period: whole months from the monthly totals, the days before the first
 * and after the last whole month from the daily ones (`months` null = no whole month in the period).
 */
export function revenueTotals(
  q: Queryable,
  tenantId: string,
  p: { months: { from: string; to: string } | null; days: { from: string; to: string }[] },
): Promise<TotalsRow[]> {
  const d = [...p.days, { from: "1900-01-01", to: "1900-01-01" }, { from: "1900-01-01", to: "1900-01-01" }];
  return q.query<TotalsRow>(
    `SELECT point_id, attendant_key, ${SUMS} FROM (
       SELECT point_id, attendant_key, gross, qris, cash, paid, flagged, uncounted FROM parking_monthly
        WHERE tenant_id = $1 AND $2::date IS NOT NULL AND month BETWEEN $2::date AND $3::date
       UNION ALL
       SELECT point_id, attendant_key, gross, qris, cash, paid, flagged, uncounted FROM parking_daily
        WHERE tenant_id = $1 AND (date BETWEEN $4::date AND $5::date OR date BETWEEN $6::date AND $7::date)
     ) x GROUP BY point_id, attendant_key`,
    [tenantId, p.months?.from ?? null, p.months?.to ?? null, d[0].from, d[0].to, d[1].from, d[1].to],
  );
}

/** Counted revenue per day over a period, the whole city. */
export function revenueByDay(q: Queryable, tenantId: string, from: string, to: string) {
  return q.query<{ date: string; gross: string | number }>(
    "SELECT date::text AS date, gross FROM parking_city_daily WHERE tenant_id = $1 AND date BETWEEN $2::date AND $3::date",
    [tenantId, from, to],
  );
}

export async function insertSettlement(
  q: Queryable,
  tenantId: string,
  s: { gateway: string; date: string; sha256: string; lines: number; settledAmount: number; mismatches: unknown[]; importedBy: string },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO parking_settlements (tenant_id, gateway, business_date, file_sha256, lines, settled_amount, mismatches, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING id`,
    [tenantId, s.gateway, s.date, s.sha256, s.lines, s.settledAmount, JSON.stringify(s.mismatches), s.importedBy],
  );
  return (row as { id: string }).id;
}

/**
 * Demo / bench history: per point and day, `perSlot` × capacity payments at the point's lowest tariff (scaled by
 * `factor` per point), spread over the day, a few in cash. One statement with generate_series.
 */
export async function generatePayments(
  q: Queryable,
  tenantId: string,
  o: { from: string; to: string; pointCodes: string[]; factors: number[]; gateway: string },
) {
  await q.query(
    `INSERT INTO parking_payments (tenant_id, point_id, attendant_id, method, gateway, gateway_txn_id, order_id, vehicle_type, amount, expected_amount,
                                   counted, flag, business_date, paid_at)
     SELECT p.tenant_id, p.id, a.id,
            CASE WHEN n % 17 = 0 THEN 'cash' ELSE 'qris_static' END,
            CASE WHEN n % 17 = 0 THEN NULL ELSE $5 END,
            CASE WHEN n % 17 = 0 THEN NULL ELSE 'GEN-' || p.code || '-' || to_char(d, 'YYYYMMDD') || '-' || n END,
            'S-' || p.code || '-' || t.vehicle_type, t.vehicle_type, t.amount, t.amount,
            true, CASE WHEN n % 17 = 0 THEN 'cash' END, d::date, d + make_interval(mins => 420 + (n * 37) % 720)
       FROM parking_points p
       JOIN unnest($3::text[], $4::float8[]) AS f(code, factor) ON f.code = p.code
       JOIN LATERAL (SELECT vehicle_type, amount FROM parking_tariffs WHERE tenant_id = p.tenant_id AND point_id = p.id ORDER BY amount LIMIT 1) t ON true
       LEFT JOIN LATERAL (SELECT id FROM parking_attendants WHERE tenant_id = p.tenant_id AND point_id = p.id ORDER BY created_at LIMIT 1) a ON true
       CROSS JOIN generate_series($1::date, $2::date, interval '1 day') d
       CROSS JOIN LATERAL generate_series(1, greatest(1, (p.capacity * f.factor * (0.85 + 0.3 * abs(sin(extract(doy FROM d) + length(p.code)))))::int)) n
      WHERE p.tenant_id = $6`,
    [o.from, o.to, `{${o.pointCodes.join(",")}}`, `{${o.factors.join(",")}}`, o.gateway, tenantId],
  );
}
