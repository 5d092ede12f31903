/**
 * Gateway callbacks: verified the provider's way, confirmed by its status query, recorded once per gateway
 * transaction id (replays answer "duplicate"), counted only when the amount matches the tariff. Also the
 * development gateway's simulated payment, and corrections (new records; a payment is never changed).
 */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import { type Db, type Queryable, inTransaction } from "../../platform/db.ts";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import type { PaymentConfig } from "../../platform/payments/config.ts";
import { isStorableText } from "../../platform/schemas.ts";
import { parseStaticReference, tariffOf } from "./common.ts";
import { devCallbackBody, devSignature } from "./gateways/dev.ts";
import { type CallbackRequest, type GatewayName, gatewayFor, type PaymentNotice } from "./gateways/index.ts";
import * as store from "./store.ts";
import * as pay from "./store-payments.ts";

export interface CallbackResult {
  status: "recorded" | "duplicate" | "ignored";
  paymentId: string | null;
  counted: boolean;
  flag: string | null;
}

/** What the order id of a notice refers to: a session (dynamic QR) or a point + vehicle type (static QR). */
async function resolveOrder(q: Queryable, tenantId: string, n: PaymentNotice) {
  const st = parseStaticReference(n.orderId);
  if (st) {
    const p = await store.pointByCode(q, tenantId, st.pointCode);
    const t = p && tariffOf(p, st.vehicleType);
    if (!p || !t) return undefined;
    // Per hour: any whole number of hours at the tariff is right.
    const ok = t.mode === "hour" ? n.amount > 0 && n.amount % Number(t.amount) === 0 : n.amount === Number(t.amount);
    return {
      pointId: p.id,
      attendantId: null,
      sessionId: null,
      method: "qris_static" as const,
      vehicleType: st.vehicleType,
      expected: ok ? n.amount : Number(t.amount),
      alreadyPaid: false,
    };
  }
  const s = await store.sessionByOrder(q, tenantId, n.orderId);
  if (!s) return undefined;
  return {
    pointId: s.point_id,
    attendantId: s.attendant_id,
    sessionId: s.id,
    method: "qris_dynamic" as const,
    vehicleType: s.vehicle_type,
    expected: s.expected_amount,
    alreadyPaid: s.paid,
  };
}

export async function handleCallback(
  db: Db,
  cfg: PaymentConfig,
  tenantId: string,
  tz: string,
  name: GatewayName,
  req: CallbackRequest,
): Promise<CallbackResult> {
  const gateway = gatewayFor(name, cfg, { lookup: (txnId) => store.devLedgerLookup(db, tenantId, txnId) });
  if (!gateway) throw notFound("payment-gateway-not-configured");
  const notice = gateway.verifyCallback(req);
  if (![notice.txnId, notice.orderId, notice.queryKey].every((v) => v.length > 0 && v.length <= 200 && isStorableText(v)))
    throw badRequest("payment-callback-malformed", { detail: "transaction or order id empty, too long or not storable text" });
  const seen = await pay.paymentByTxn(db, tenantId, name, notice.txnId);
  if (seen) return { status: "duplicate", paymentId: seen.id, counted: seen.counted, flag: seen.flag };
  if (!notice.paid) return { status: "ignored", paymentId: null, counted: false, flag: null };
  // Never count on the callback's word alone: the provider's status query must say paid, for the same amount.
  const confirmed = await gateway.queryStatus(notice);
  if (!confirmed.paid || confirmed.amount !== notice.amount)
    throw conflict("payment-not-confirmed", { detail: `status query: paid=${confirmed.paid}, amount=${confirmed.amount}` });
  return db.tx(async (q) => {
    const order = await resolveOrder(q, tenantId, notice);
    if (!order) throw new AppError("payment-order-unknown", 422, { detail: `order ${notice.orderId} is not a parking session or static QR of this city` });
    if (order.sessionId) await store.lockSession(q, tenantId, order.sessionId);
    const again = order.sessionId ? await store.sessionById(q, tenantId, order.sessionId) : undefined;
    const matches = notice.amount === order.expected;
    const flag = !matches ? "amount-mismatch" : again?.paid ? "session-already-paid" : null;
    const row = await pay.insertPayment(q, tenantId, {
      pointId: order.pointId,
      attendantId: order.attendantId,
      sessionId: order.sessionId,
      method: order.method,
      gateway: name,
      gatewayTxnId: notice.txnId,
      orderId: notice.orderId,
      vehicleType: order.vehicleType,
      amount: notice.amount,
      expectedAmount: order.expected,
      counted: flag === null,
      flag,
      correctsId: null,
      note: null,
      paidAt: notice.paidAt,
      timezone: tz,
      recordedBy: null,
    });
    if (!row) {
      // A replay raced this one and won: the same transaction is recorded once.
      const other = (await pay.paymentByTxn(q, tenantId, name, notice.txnId)) as pay.PaymentRow;
      return { status: "duplicate" as const, paymentId: other.id, counted: other.counted, flag: other.flag };
    }
    await audit(q, {
      tenantId,
      actorId: null,
      action: "parking.payment.recorded",
      subjectType: "parking_payment",
      subjectId: row.id,
      data: { gateway: name, txnId: notice.txnId, orderId: notice.orderId, amount: notice.amount, expected: order.expected, counted: row.counted, flag },
    });
    return { status: "recorded" as const, paymentId: row.id, counted: row.counted, flag: row.flag };
  });
}

/**
 * The development gateway pays an order: its ledger marks the transaction paid and it posts the signed callback,
 * exactly as a provider would (here through handleCallback in-process). Static QRs take the amount the payer typed.
 */
export async function devPay(
  db: Db,
  cfg: PaymentConfig,
  tenantId: string,
  tz: string,
  o: { orderId: string; amount?: number },
): Promise<CallbackResult & { txnId: string }> {
  if (cfg.gateway !== "dev" || !cfg.devSecret) throw notFound("payment-gateway-not-configured");
  let amount = o.amount;
  if (amount === undefined) {
    const s = await store.sessionByOrder(db, tenantId, o.orderId);
    if (!s) throw notFound("parking-session-unknown");
    amount = s.expected_amount;
  }
  if (!Number.isInteger(amount) || amount <= 0) throw badRequest("validation-failed", { detail: "amount" });
  const txnId = `DEV-${randomBytes(8).toString("hex").toUpperCase()}`;
  await store.devLedgerInsert(db, tenantId, { txnId, orderId: o.orderId, amount, status: "PAID" });
  const rawBody = devCallbackBody({ txnId, orderId: o.orderId, amount });
  const r = await handleCallback(db, cfg, tenantId, tz, "dev", {
    headers: { "x-balai-signature": devSignature(cfg.devSecret, rawBody) },
    rawBody,
    path: "/api/parking/callbacks/dev",
  });
  return { ...r, txnId };
}

/** A correction is a new payment record: a signed amount against an earlier record, with the reason. */
export async function recordCorrectionIn(q: Queryable, tenantId: string, actorId: string, tz: string, paymentId: string, c: { amount: number; note: string }) {
  const orig = await pay.paymentById(q, tenantId, paymentId);
  if (!orig) throw notFound("parking-payment-unknown");
  if (c.amount === 0) throw badRequest("validation-failed", { detail: "amount ≠ 0" });
  const row = (await pay.insertPayment(q, tenantId, {
    pointId: orig.point_id,
    attendantId: orig.attendant_id,
    sessionId: orig.session_id,
    method: "correction",
    gateway: null,
    gatewayTxnId: null,
    orderId: orig.order_id,
    vehicleType: orig.vehicle_type,
    amount: c.amount,
    expectedAmount: null,
    counted: true,
    flag: "correction",
    correctsId: orig.id,
    note: c.note,
    paidAt: new Date(`${orig.business_date}T12:00:00+07:00`),
    timezone: tz,
    recordedBy: actorId,
  })) as pay.PaymentRow;
  await audit(q, {
    tenantId,
    actorId,
    action: "parking.payment.corrected",
    subjectType: "parking_payment",
    subjectId: row.id,
    data: { corrects: orig.id, amount: c.amount, note: c.note },
  });
  return { id: row.id, correctsId: orig.id, amount: row.amount, businessDate: row.business_date };
}

export async function listPayments(q: Queryable, tenantId: string, date: string) {
  return (await pay.paymentsOn(q, tenantId, date, 500)).map((r) => ({
    id: r.id,
    pointCode: r.point_code,
    method: r.method,
    gateway: r.gateway,
    gatewayTxnId: r.gateway_txn_id,
    orderId: r.order_id,
    vehicleType: r.vehicle_type,
    amount: r.amount,
    expectedAmount: r.expected_amount,
    counted: r.counted,
    flag: r.flag,
    correctsId: r.corrects_id,
    note: r.note,
    paidAt: new Date(r.paid_at).toISOString(),
  }));
}

/** recordCorrectionIn in a transaction of its own (what the route calls). */
export const recordCorrection = inTransaction(recordCorrectionIn);
