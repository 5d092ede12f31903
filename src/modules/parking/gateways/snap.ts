/**
 * SNAP BI (Standar Nasional Open API Pembayaran, Bank Indonesia), QRIS MPM. The acquirer's payment notification
 * (service 52) is signed asymmetrically: X-SIGNATURE = base64(SHA256withRSA(provider key,
 * "POST:" + path + ":" + lowercase(hex(SHA-256(minified body))) + ":" + X-TIMESTAMP)), checked with the provider's
 * public key. The status query (QR MPM Query, service 51, POST /v1.0/qr/qr-mpm-query) needs a B2B access token
 * (POST /v1.0/access-token/b2b, X-SIGNATURE = SHA256withRSA(our key, clientId + "|" + X-TIMESTAMP)) and a symmetric
 * signature: base64(HMAC-SHA512(client secret, "POST:" + path + ":" + token + ":" + hex(SHA-256(body)) + ":" + X-TIMESTAMP)).
 * Source: apidevportal.aspi-indonesia.or.id (SNAP: Authentication, QRIS MPM).
 */
import { createHash, createHmac, createSign, createVerify, randomInt } from "node:crypto";
import { HttpGateway } from "./base.ts";
import { badCallback, badSignature, type CallbackRequest, fetchJson, gatewayUnavailable, type PaymentNotice, parseJson, rupiahOf, wibTime } from "./types.ts";

const bodyHash = (raw: string) =>
  createHash("sha256")
    .update(JSON.stringify(JSON.parse(raw)))
    .digest("hex")
    .toLowerCase();

export const snapStringToSign = (method: string, path: string, rawBody: string, timestamp: string, token?: string) =>
  token === undefined ? `${method}:${path}:${bodyHash(rawBody)}:${timestamp}` : `${method}:${path}:${token}:${bodyHash(rawBody)}:${timestamp}`;

export const snapRsaSign = (privateKeyPem: string, text: string) => createSign("RSA-SHA256").update(text).sign(privateKeyPem, "base64");
export const snapHmac = (secret: string, text: string) => createHmac("sha512", secret).update(text).digest("base64");
/** SNAP timestamps: ISO 8601 with the offset, e.g. 2026-12-02T10:15:00+07:00. */
export const snapTimestamp = (d = new Date()) => `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;

export class SnapGateway extends HttpGateway<{ baseUrl: string; providerPublicKeyPem: string; privateKeyPem: string; clientId: string; clientSecret: string }> {
  readonly name = "snap" as const;

  verifyCallback(req: CallbackRequest): PaymentNotice {
    const timestamp = req.headers["x-timestamp"] ?? "";
    const sig = req.headers["x-signature"] ?? "";
    parseJson(req.rawBody);
    let ok = false;
    try {
      ok = createVerify("RSA-SHA256")
        .update(snapStringToSign("POST", req.path, req.rawBody, timestamp))
        .verify(this.cfg.providerPublicKeyPem, sig, "base64");
    } catch {
      ok = false;
    }
    if (!ok) throw badSignature("X-SIGNATURE does not verify with the provider's public key");
    const b = parseJson(req.rawBody);
    const amt = (b.amount ?? {}) as Record<string, unknown>;
    const amount = rupiahOf(amt.value);
    if (typeof b.originalReferenceNo !== "string" || typeof b.originalPartnerReferenceNo !== "string" || Number.isNaN(amount) || amt.currency !== "IDR")
      throw badCallback("originalReferenceNo, originalPartnerReferenceNo, amount {value, currency IDR}");
    const info = (b.additionalInfo ?? {}) as Record<string, unknown>;
    return {
      txnId: b.originalReferenceNo,
      orderId: b.originalPartnerReferenceNo,
      amount,
      paid: b.latestTransactionStatus === "00",
      paidAt: wibTime(info.paidTime),
      queryKey: b.originalReferenceNo,
    };
  }

  private async accessToken(): Promise<string> {
    const timestamp = snapTimestamp();
    const raw = JSON.stringify({ grantType: "client_credentials" });
    const { status, body } = await fetchJson(`${this.cfg.baseUrl}/v1.0/access-token/b2b`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-TIMESTAMP": timestamp,
        "X-CLIENT-KEY": this.cfg.clientId,
        "X-SIGNATURE": snapRsaSign(this.cfg.privateKeyPem, `${this.cfg.clientId}|${timestamp}`),
      },
      body: raw,
    });
    if (status !== 200 || typeof body.accessToken !== "string") throw gatewayUnavailable(`SNAP access token refused: ${String(body.responseCode ?? status)}`);
    return body.accessToken;
  }

  async queryStatus(n: PaymentNotice) {
    const token = await this.accessToken();
    const path = "/v1.0/qr/qr-mpm-query";
    const timestamp = snapTimestamp();
    const raw = JSON.stringify({ originalReferenceNo: n.queryKey, originalPartnerReferenceNo: n.orderId, serviceCode: "51" });
    const { status, body } = await fetchJson(this.cfg.baseUrl + path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "X-TIMESTAMP": timestamp,
        "X-SIGNATURE": snapHmac(this.cfg.clientSecret, snapStringToSign("POST", path, raw, timestamp, token)),
        "X-PARTNER-ID": this.cfg.clientId,
        "X-EXTERNAL-ID": String(randomInt(1e9, 1e10 - 1)),
        "CHANNEL-ID": "95221",
      },
      body: raw,
    });
    if (status === 401) throw gatewayUnavailable(`SNAP refused the query: ${String(body.responseCode ?? status)}`);
    if (status !== 200) return { paid: false, amount: 0 };
    const amt = (body.amount ?? {}) as Record<string, unknown>;
    return { paid: body.latestTransactionStatus === "00", amount: rupiahOf(amt.value) };
  }
}
