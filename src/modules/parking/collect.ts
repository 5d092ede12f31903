/**
 * The jukir's flow on a phone: their point and its static QRIS per vehicle type, a dynamic QRIS per session when
 * they enter a plate, the session's paid state, and cash as a recorded (counted, flagged) exception.
 */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { AppError, conflict, notFound, validationFailed } from "../../platform/errors.ts";
import type { PaymentConfig } from "../../platform/payments/config.ts";
import { pointQris, staticReference, tariffOf, todayIn, type VehicleType } from "./common.ts";
import { gatewayFor } from "./gateways/index.ts";
import { attendantOfUser, toPoint } from "./points.ts";
import * as store from "./store.ts";
import * as pay from "./store-payments.ts";

/** Indonesian number plates: region letters, 1–4 digits, up to 3 letters (BG 1234 ABC). */
export const PLATE = /^[A-Z]{1,2} ?\d{1,4} ?[A-Z]{0,3}$/;
export const normalizePlate = (s: string) => s.toUpperCase().replace(/\s+/g, " ").trim();

export interface SessionView {
  id: string;
  plate: string;
  vehicleType: string;
  hours: number;
  amount: number;
  orderId: string;
  qris: string;
  paid: boolean;
  createdAt: string;
}
const toSession = (s: store.SessionRow): SessionView => ({
  id: s.id,
  plate: s.plate,
  vehicleType: s.vehicle_type,
  hours: s.hours,
  amount: s.expected_amount,
  orderId: s.order_id,
  qris: s.qris,
  paid: s.paid,
  createdAt: new Date(s.created_at).toISOString(),
});

export async function jukirHome(q: Queryable, cfg: PaymentConfig, tenantId: string, userId: string, tz: string) {
  const a = await attendantOfUser(q, tenantId, userId);
  const p = (await store.pointById(q, tenantId, a.point_id)) as store.PointRow;
  const since = new Date(`${todayIn(tz)}T00:00:00${tzOffset(tz)}`);
  const sessions = (await store.sessionsOfAttendant(q, tenantId, a.id, since)).map(toSession);
  return {
    attendant: { id: a.id, name: a.name, cardCode: a.card_code, sharePct: Number(a.share_pct) },
    point: toPoint(p),
    staticQris: p.tariffs.map((t) => ({
      vehicleType: t.vehicle_type,
      mode: t.mode,
      amount: Number(t.amount),
      qris: pointQris(cfg, p, {
        dynamic: false,
        amount: t.mode === "entry" ? Number(t.amount) : undefined,
        reference: staticReference(p.code, t.vehicle_type),
      }),
    })),
    sessions,
    /** The development gateway is on: the phone may simulate the payer. */
    devGateway: cfg.gateway === "dev" && cfg.devSecret !== "",
    today: { sessions: sessions.length, paid: sessions.filter((s) => s.paid).length, amount: sessions.filter((s) => s.paid).reduce((n, s) => n + s.amount, 0) },
  };
}

/** "+07:00" for Asia/Jakarta: Indonesian zones have no daylight saving. */
function tzOffset(tz: string): string {
  return tz === "Asia/Makassar" ? "+08:00" : tz === "Asia/Jayapura" ? "+09:00" : "+07:00";
}

export async function startSessionIn(
  q: Queryable,
  cfg: PaymentConfig,
  tenantId: string,
  userId: string,
  input: { plate: string; vehicleType: VehicleType; hours?: number },
): Promise<SessionView> {
  const a = await attendantOfUser(q, tenantId, userId);
  const p = (await store.pointById(q, tenantId, a.point_id)) as store.PointRow;
  const plate = normalizePlate(input.plate);
  if (!PLATE.test(plate))
    throw validationFailed([{ field: "plate", code: "parking-plate", message: "Nomor polisi seperti BG 1234 ABC / a plate like BG 1234 ABC" }]);
  const tariff = tariffOf(p, input.vehicleType);
  if (!tariff)
    throw validationFailed([
      {
        field: "vehicleType",
        code: "parking-no-tariff",
        message: "Titik ini tidak punya tarif untuk jenis kendaraan ini / no tariff for this vehicle type here",
      },
    ]);
  const hours = tariff.mode === "hour" ? (input.hours ?? 1) : 1;
  const amount = Number(tariff.amount) * hours;
  const orderId = `PKR-${randomBytes(8).toString("hex").toUpperCase()}`;
  // A provider that issues per-transaction QRs (Midtrans) makes the QRIS; otherwise it is built with the merchant fields.
  const issuer = cfg.gateway === "dev" ? undefined : gatewayFor(cfg.gateway, cfg, { lookup: async () => undefined });
  const qris = issuer?.issueDynamicQris
    ? (await issuer.issueDynamicQris({ orderId, amount })).qris
    : pointQris(cfg, p, { dynamic: true, amount, reference: orderId });
  const s = await store.insertSession(q, tenantId, {
    pointId: p.id,
    attendantId: a.id,
    plate,
    vehicleType: input.vehicleType,
    hours,
    expectedAmount: amount,
    orderId,
    gateway: cfg.gateway,
    qris,
  });
  // The development gateway "issues" the QR: its ledger knows the order, still unpaid.
  if (cfg.gateway === "dev") await store.devLedgerInsert(q, tenantId, { txnId: `DEV-${orderId}`, orderId, amount, status: "PENDING" });
  await audit(q, {
    tenantId,
    actorId: userId,
    action: "parking.session.opened",
    subjectType: "parking_session",
    subjectId: s.id,
    data: { point: p.code, plate, vehicleType: input.vehicleType, hours, amount, orderId },
  });
  return toSession(s);
}

export async function sessionOfJukir(q: Queryable, tenantId: string, userId: string, id: string): Promise<SessionView> {
  const a = await attendantOfUser(q, tenantId, userId);
  const s = await store.sessionById(q, tenantId, id);
  if (!s || s.attendant_id !== a.id) throw notFound("parking-session-unknown");
  return toSession(s);
}

/** Cash the jukir took: counted (at the tariff) and flagged, once per session. */
export async function recordCashIn(q: Queryable, tenantId: string, userId: string, id: string, tz: string) {
  const a = await attendantOfUser(q, tenantId, userId);
  const s = await store.sessionById(q, tenantId, id);
  if (!s || s.attendant_id !== a.id) throw notFound("parking-session-unknown");
  if (s.paid) throw conflict("parking-session-paid", { detail: "Sesi ini sudah dibayar / this session is already paid" });
  // Serialise cash on one session: the session row is the lock.
  await store.lockSession(q, tenantId, s.id);
  const again = await store.sessionById(q, tenantId, id);
  if (again?.paid) throw conflict("parking-session-paid", { detail: "Sesi ini sudah dibayar / this session is already paid" });
  const row = await pay.insertPayment(q, tenantId, {
    pointId: s.point_id,
    attendantId: a.id,
    sessionId: s.id,
    method: "cash",
    gateway: null,
    gatewayTxnId: null,
    orderId: s.order_id,
    vehicleType: s.vehicle_type,
    amount: s.expected_amount,
    expectedAmount: s.expected_amount,
    counted: true,
    flag: "cash",
    correctsId: null,
    note: null,
    paidAt: new Date(),
    timezone: tz,
    recordedBy: userId,
  });
  if (!row) throw new AppError("parking-payment-failed", 500);
  await audit(q, {
    tenantId,
    actorId: userId,
    action: "parking.payment.cash",
    subjectType: "parking_payment",
    subjectId: row.id,
    data: { session: s.id, amount: s.expected_amount },
  });
  return { paymentId: row.id, amount: row.amount, flag: row.flag };
}

/** startSessionIn in a transaction of its own (what the route calls). */
export const startSession = inTransaction(startSessionIn);

/** recordCashIn in a transaction of its own (what the route calls). */
export const recordCash = inTransaction(recordCashIn);
