/**
 * Midtrans (Core API, QRIS): HTTP notification with `signature_key` = SHA-512 hex of
 * order_id + status_code + gross_amount + server key; status query `GET /v2/{order_id}/status` with Basic auth
 * (server key as user, empty password). Paid = transaction_status settlement (or capture).
 * Source: docs.midtrans.com "HTTP(S) Notification / Webhooks" and "Get Transaction Status".
 */
import { createHash } from "node:crypto";
import { basicAuth, checkSecret, HttpGateway } from "./base.ts";
import { badCallback, type CallbackRequest, fetchJson, gatewayUnavailable, type PaymentNotice, parseJson, rupiahOf, wibTime } from "./types.ts";

export const midtransSignature = (orderId: string, statusCode: string, grossAmount: string, serverKey: string) =>
  createHash("sha512")
    .update(orderId + statusCode + grossAmount + serverKey)
    .digest("hex");

const PAID = ["settlement", "capture"];

/** The headers of Core API requests: JSON, the server key as the Basic user. */
const coreApiHeaders = (serverKey: string) => ({ accept: "application/json", "content-type": "application/json", authorization: basicAuth(serverKey) });

export class MidtransGateway extends HttpGateway<{ baseUrl: string; serverKey: string }> {
  readonly name = "midtrans" as const;

  verifyCallback(req: CallbackRequest): PaymentNotice {
    const b = parseJson(req.rawBody);
    const { order_id, status_code, gross_amount, signature_key, transaction_id } = b;
    if (![order_id, status_code, gross_amount, signature_key, transaction_id].every((v) => typeof v === "string"))
      throw badCallback("order_id, status_code, gross_amount, signature_key, transaction_id");
    const want = midtransSignature(order_id as string, status_code as string, gross_amount as string, this.cfg.serverKey);
    checkSecret(String(signature_key), want, "signature_key does not match");
    const amount = rupiahOf(gross_amount);
    if (Number.isNaN(amount)) throw badCallback("gross_amount");
    return {
      txnId: transaction_id as string,
      orderId: order_id as string,
      amount,
      paid: PAID.includes(String(b.transaction_status)),
      paidAt: wibTime(b.settlement_time ?? b.transaction_time),
      queryKey: order_id as string,
    };
  }

  /** Core API charge with payment_type qris: the answer's qr_string is the dynamic QRIS (status 201 pending). */
  async issueDynamicQris(o: { orderId: string; amount: number }) {
    const { status, body } = await fetchJson(`${this.cfg.baseUrl}/v2/charge`, {
      method: "POST",
      headers: coreApiHeaders(this.cfg.serverKey),
      body: JSON.stringify({ payment_type: "qris", transaction_details: { order_id: o.orderId, gross_amount: o.amount }, qris: { acquirer: "gopay" } }),
    });
    if (status !== 200 || body.status_code !== "201" || typeof body.qr_string !== "string" || typeof body.transaction_id !== "string")
      throw gatewayUnavailable(`Midtrans charge refused: ${String(body.status_code ?? status)} ${String(body.status_message ?? "")}`);
    return { qris: body.qr_string, txnId: body.transaction_id };
  }

  async queryStatus(n: PaymentNotice) {
    const { status, body } = await fetchJson(`${this.cfg.baseUrl}/v2/${encodeURIComponent(n.queryKey)}/status`, {
      headers: coreApiHeaders(this.cfg.serverKey),
    });
    if (status === 401) throw gatewayUnavailable("Midtrans refused the server key");
    if (status !== 200 || body.status_code === "404") return { paid: false, amount: 0 };
    return { paid: PAID.includes(String(body.transaction_status)) && body.transaction_id === n.txnId, amount: rupiahOf(body.gross_amount) };
  }
}
