/**
 * DOKU (Jokul / Checkout API): notifications and requests carry Client-Id, Request-Id, Request-Timestamp and
 * Signature = "HMACSHA256=" + base64(HMAC-SHA256(secret key, components)), the components being the lines
 * Client-Id:…, Request-Id:…, Request-Timestamp:…, Request-Target:<path>, and for a body Digest:base64(SHA-256(body)).
 * Status query: GET /orders/v1/status/{invoice_number}. Paid = transaction.status SUCCESS.
 * Source: developers.doku.com "Notification" and "Check Status API" (non-SNAP).
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { checkSecret, HttpGateway } from "./base.ts";
import { badCallback, badSignature, type CallbackRequest, fetchJson, gatewayUnavailable, type PaymentNotice, parseJson, rupiahOf, wibTime } from "./types.ts";

export function dokuSignature(secret: string, h: { clientId: string; requestId: string; timestamp: string; target: string; body?: string }): string {
  const lines = [`Client-Id:${h.clientId}`, `Request-Id:${h.requestId}`, `Request-Timestamp:${h.timestamp}`, `Request-Target:${h.target}`];
  if (h.body !== undefined) lines.push(`Digest:${createHash("sha256").update(h.body).digest("base64")}`);
  return `HMACSHA256=${createHmac("sha256", secret).update(lines.join("\n")).digest("base64")}`;
}

export class DokuGateway extends HttpGateway<{ baseUrl: string; clientId: string; secret: string }> {
  readonly name = "doku" as const;

  verifyCallback(req: CallbackRequest): PaymentNotice {
    const clientId = req.headers["client-id"] ?? "";
    const requestId = req.headers["request-id"] ?? "";
    const timestamp = req.headers["request-timestamp"] ?? "";
    const got = req.headers.signature ?? "";
    if (clientId !== this.cfg.clientId) throw badSignature("Client-Id is not ours");
    checkSecret(got, dokuSignature(this.cfg.secret, { clientId, requestId, timestamp, target: req.path, body: req.rawBody }), "Signature does not match");
    const b = parseJson(req.rawBody);
    const order = (b.order ?? {}) as Record<string, unknown>;
    const txn = (b.transaction ?? {}) as Record<string, unknown>;
    const amount = rupiahOf(order.amount);
    if (typeof order.invoice_number !== "string" || Number.isNaN(amount)) throw badCallback("order.invoice_number, order.amount");
    const txnId = typeof txn.original_request_id === "string" ? txn.original_request_id : requestId;
    return { txnId, orderId: order.invoice_number, amount, paid: txn.status === "SUCCESS", paidAt: wibTime(txn.date), queryKey: order.invoice_number };
  }

  async queryStatus(n: PaymentNotice) {
    const target = `/orders/v1/status/${encodeURIComponent(n.queryKey)}`;
    const requestId = randomUUID();
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const { clientId, secret } = this.cfg;
    const { status, body } = await fetchJson(this.cfg.baseUrl + target, {
      headers: {
        "Client-Id": clientId,
        "Request-Id": requestId,
        "Request-Timestamp": timestamp,
        Signature: dokuSignature(secret, { clientId, requestId, timestamp, target }),
      },
    });
    if (status === 401 || status === 403) throw gatewayUnavailable("DOKU refused the signature");
    if (status !== 200) return { paid: false, amount: 0 };
    const txn = (body.transaction ?? {}) as Record<string, unknown>;
    const order = (body.order ?? {}) as Record<string, unknown>;
    return { paid: txn.status === "SUCCESS", amount: rupiahOf(order.amount) };
  }
}
