/**
 * Xendit (QR Codes API, api-version 2022-07-31): the callback carries the fixed verification token of the
 * account in header `x-callback-token`; event `qr.payment` with data {id, qr_id, reference_id, amount, status
 * SUCCEEDED}. Status query: GET /qr_codes/{qr_id}/payments (Basic auth, secret key as user).
 * Source: developers.xendit.co "QR Codes" (callbacks, list payments by QR code).
 */
import { basicAuth, checkSecret, HttpGateway } from "./base.ts";
import { badCallback, type CallbackRequest, fetchJson, gatewayUnavailable, type PaymentNotice, parseJson, rupiahOf, wibTime } from "./types.ts";

export class XenditGateway extends HttpGateway<{ baseUrl: string; secretKey: string; callbackToken: string }> {
  readonly name = "xendit" as const;

  verifyCallback(req: CallbackRequest): PaymentNotice {
    checkSecret(req.headers["x-callback-token"] ?? "", this.cfg.callbackToken, "x-callback-token does not match");
    const b = parseJson(req.rawBody);
    const d = (b.data ?? {}) as Record<string, unknown>;
    const amount = rupiahOf(d.amount);
    if (b.event !== "qr.payment" || typeof d.id !== "string" || typeof d.qr_id !== "string" || typeof d.reference_id !== "string" || Number.isNaN(amount))
      throw badCallback("event qr.payment with data.id, data.qr_id, data.reference_id, data.amount");
    return { txnId: d.id, orderId: d.reference_id, amount, paid: d.status === "SUCCEEDED", paidAt: wibTime(d.created), queryKey: d.qr_id };
  }

  async queryStatus(n: PaymentNotice) {
    const { status, body } = await fetchJson(`${this.cfg.baseUrl}/qr_codes/${encodeURIComponent(n.queryKey)}/payments`, {
      headers: { authorization: basicAuth(this.cfg.secretKey), "api-version": "2022-07-31" },
    });
    if (status === 401) throw gatewayUnavailable("Xendit refused the secret key");
    if (status !== 200 || !Array.isArray(body.data)) return { paid: false, amount: 0 };
    const p = (body.data as Record<string, unknown>[]).find((x) => x.id === n.txnId);
    return p ? { paid: p.status === "SUCCEEDED", amount: rupiahOf(p.amount) } : { paid: false, amount: 0 };
  }
}
