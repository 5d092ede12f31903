/**
 * Xendit (QR Codes API, api-version 2022-07-31): the callback carries the fixed verification token of the
 * account in header `x-callback-token`; event `qr.payment` with data {id, qr_id, reference_id, amount, status
 * SUCCEEDED}. Status query: GET /qr_codes/{qr_id}/payments (Basic auth, secret key as user).
 * Source: developers.xendit.co "QR Codes" (callbacks, list payments by QR code).
 */
import { timingSafeEqual } from "node:crypto";
import {
  badCallback,
  badSignature,
  type CallbackRequest,
  fetchJson,
  gatewayUnavailable,
  type PaymentGateway,
  type PaymentNotice,
  parseJson,
  rupiahOf,
  wibTime,
} from "./types.ts";

export class XenditGateway implements PaymentGateway {
  readonly name = "xendit" as const;
  private baseUrl: string;
  private secretKey: string;
  private callbackToken: string;
  constructor(baseUrl: string, secretKey: string, callbackToken: string) {
    this.baseUrl = baseUrl;
    this.secretKey = secretKey;
    this.callbackToken = callbackToken;
  }

  verifyCallback(req: CallbackRequest): PaymentNotice {
    const got = req.headers["x-callback-token"] ?? "";
    if (!this.callbackToken || got.length !== this.callbackToken.length || !timingSafeEqual(Buffer.from(got), Buffer.from(this.callbackToken)))
      throw badSignature("x-callback-token does not match");
    const b = parseJson(req.rawBody);
    const d = (b.data ?? {}) as Record<string, unknown>;
    const amount = rupiahOf(d.amount);
    if (b.event !== "qr.payment" || typeof d.id !== "string" || typeof d.qr_id !== "string" || typeof d.reference_id !== "string" || Number.isNaN(amount))
      throw badCallback("event qr.payment with data.id, data.qr_id, data.reference_id, data.amount");
    return { txnId: d.id, orderId: d.reference_id, amount, paid: d.status === "SUCCEEDED", paidAt: wibTime(d.created), queryKey: d.qr_id };
  }

  async queryStatus(n: PaymentNotice) {
    const { status, body } = await fetchJson(`${this.baseUrl}/qr_codes/${encodeURIComponent(n.queryKey)}/payments`, {
      headers: { authorization: `Basic ${Buffer.from(`${this.secretKey}:`).toString("base64")}`, "api-version": "2022-07-31" },
    });
    if (status === 401) throw gatewayUnavailable("Xendit refused the secret key");
    if (status !== 200 || !Array.isArray(body.data)) return { paid: false, amount: 0 };
    const p = (body.data as Record<string, unknown>[]).find((x) => x.id === n.txnId);
    return p ? { paid: p.status === "SUCCEEDED", amount: rupiahOf(p.amount) } : { paid: false, amount: 0 };
  }
}
