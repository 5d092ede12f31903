/**
 * Fake payment gateways for e-Parking: one HTTP server answering the status queries of Midtrans, DOKU, Xendit and
 * SNAP BI (their paths do not collide), checking each request's auth exactly as the provider does and refusing
 * like it (Midtrans 401 status_code, DOKU 401 "invalid signature", Xendit 401 INVALID_API_KEY, SNAP 401 responseCode
 * 4017300 / 4015101). `paid` holds the transactions the fake says are paid. It also signs notifications the way
 * each provider does, for tests to post.
 */
import { createHash, createHmac, createVerify, generateKeyPairSync, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { dokuSignature } from "../../src/modules/parking/gateways/doku.ts";
import { midtransSignature } from "../../src/modules/parking/gateways/midtrans.ts";
import { snapRsaSign, snapStringToSign, snapTimestamp } from "../../src/modules/parking/gateways/snap.ts";
import { buildQris } from "../../src/modules/parking/qris.ts";
import { FakeProvider, type Mode, type RecordedRequest, sendJson } from "./server.ts";

export const KEYS = {
  midtransServerKey: "SB-Mid-server-TEST123",
  dokuClientId: "BRN-0001-TEST",
  dokuSecret: "SK-doku-test-secret",
  xenditSecret: "xnd_development_TEST",
  xenditToken: "xendit-callback-token-TEST",
  snapClientId: "balai-partner",
  snapClientSecret: "snap-client-secret-TEST",
};
/** The provider's key pair (it signs notifications) and ours (we sign the B2B token request). */
export const PROVIDER_KEYS = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
export const OUR_KEYS = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});

export interface FakeTxn {
  txnId: string;
  orderId: string;
  amount: number;
  /** Xendit's qr_id. */
  qrId?: string;
}

const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString("base64")}`;
const eq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export class FakeGateways extends FakeProvider {
  readonly paid: FakeTxn[] = [];
  /** Transactions created through Midtrans's charge API. */
  readonly issued: FakeTxn[] = [];
  private tokens = new Set<string>();

  protected check(r: RecordedRequest): string[] {
    const h = (k: string) => String(r.headers[k] ?? "");
    if (r.path === "/v2/charge") {
      const errs = h("authorization") === basic(KEYS.midtransServerKey) ? [] : ["midtrans: bad basic auth"];
      const b = JSON.parse(r.body || "{}");
      if (h("content-type") !== "application/json" || h("accept") !== "application/json") errs.push("midtrans: content-type/accept");
      if (b.payment_type !== "qris" || typeof b.transaction_details?.order_id !== "string" || !Number.isInteger(b.transaction_details?.gross_amount))
        errs.push("midtrans: charge body");
      return errs;
    }
    if (r.path.startsWith("/v2/")) return h("authorization") === basic(KEYS.midtransServerKey) ? [] : ["midtrans: bad basic auth"];
    if (r.path.startsWith("/orders/v1/status/")) {
      const want = dokuSignature(KEYS.dokuSecret, { clientId: h("client-id"), requestId: h("request-id"), timestamp: h("request-timestamp"), target: r.path });
      const errs = [];
      if (h("client-id") !== KEYS.dokuClientId) errs.push("doku: Client-Id");
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(h("request-timestamp"))) errs.push("doku: Request-Timestamp not UTC ISO8601");
      if (!eq(h("signature"), want)) errs.push("doku: Signature");
      return errs;
    }
    if (r.path.startsWith("/qr_codes/"))
      return h("authorization") === basic(KEYS.xenditSecret) && h("api-version") === "2022-07-31" ? [] : ["xendit: auth or api-version"];
    if (r.path === "/v1.0/access-token/b2b") {
      const ok =
        h("x-client-key") === KEYS.snapClientId &&
        createVerify("RSA-SHA256")
          .update(`${KEYS.snapClientId}|${h("x-timestamp")}`)
          .verify(OUR_KEYS.publicKey, h("x-signature"), "base64") &&
        JSON.parse(r.body || "{}").grantType === "client_credentials";
      return ok ? [] : ["snap: access token signature"];
    }
    if (r.path === "/v1.0/qr/qr-mpm-query") {
      const token = h("authorization").replace(/^Bearer /, "");
      const want = createHmac("sha512", KEYS.snapClientSecret)
        .update(
          `POST:${r.path}:${token}:${createHash("sha256")
            .update(JSON.stringify(JSON.parse(r.body)))
            .digest("hex")}:${h("x-timestamp")}`,
        )
        .digest("base64");
      const errs = [];
      if (!this.tokens.has(token)) errs.push("snap: unknown token");
      if (!eq(h("x-signature"), want)) errs.push("snap: X-SIGNATURE");
      if (h("x-partner-id") !== KEYS.snapClientId || !h("x-external-id") || !h("channel-id")) errs.push("snap: X-PARTNER-ID / X-EXTERNAL-ID / CHANNEL-ID");
      if (JSON.parse(r.body).serviceCode !== "51") errs.push("snap: serviceCode");
      return errs;
    }
    return [`unknown path ${r.path}`];
  }

  protected respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, errors: string[]): void {
    this.reply(mode, r, res, errors);
  }

  private reply(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, errors: string[]): unknown {
    if (mode === "5xx") return sendJson(res, 503, { message: "Service Unavailable" });
    if (mode === "429") return sendJson(res, 429, { message: "Too Many Requests" });
    const p = r.path;
    if (p === "/v2/charge") {
      if (errors.length || mode === "4xx") return sendJson(res, 200, { status_code: "401", status_message: "Access denied due to unauthorized transaction" });
      const b = JSON.parse(r.body);
      const txnId = `mt-${this.nextId()}`;
      this.issued.push({ txnId, orderId: b.transaction_details.order_id, amount: b.transaction_details.gross_amount });
      const qr = buildQris({
        dynamic: true,
        acquirerDomain: "ID.CO.GOJEK.WWW",
        merchantPan: "936009140000000001",
        merchantId: "G000000001",
        nmid: "ID1020000000001",
        mcc: "7523",
        amount: b.transaction_details.gross_amount,
        merchantName: "PARKIR KOTA PALEMBANG",
        merchantCity: "PALEMBANG",
        reference: b.transaction_details.order_id,
      });
      return sendJson(res, 200, {
        status_code: "201",
        status_message: "QRIS transaction is created",
        transaction_id: txnId,
        order_id: b.transaction_details.order_id,
        gross_amount: `${b.transaction_details.gross_amount}.00`,
        payment_type: "qris",
        transaction_status: "pending",
        qr_string: qr,
        acquirer: "gopay",
      });
    }
    if (p.startsWith("/v2/")) {
      if (errors.length || mode === "4xx") return sendJson(res, 401, { status_code: "401", status_message: "Access denied due to unauthorized transaction" });
      const orderId = decodeURIComponent(p.split("/")[2]);
      const t = this.paid.find((x) => x.orderId === orderId);
      if (!t) return sendJson(res, 200, { status_code: "404", status_message: "Transaction doesn't exist." });
      return sendJson(res, 200, {
        status_code: "200",
        transaction_id: t.txnId,
        order_id: t.orderId,
        gross_amount: `${t.amount}.00`,
        payment_type: "qris",
        transaction_status: "settlement",
      });
    }
    if (p.startsWith("/orders/v1/status/")) {
      if (errors.length || mode === "4xx") return sendJson(res, 401, { error: { message: "Invalid Signature" } });
      const t = this.paid.find((x) => x.orderId === decodeURIComponent(p.split("/")[4]));
      if (!t) return sendJson(res, 404, { error: { message: "Transaction not found" } });
      return sendJson(res, 200, { order: { invoice_number: t.orderId, amount: t.amount }, transaction: { status: "SUCCESS", original_request_id: t.txnId } });
    }
    if (p.startsWith("/qr_codes/")) {
      if (errors.length || mode === "4xx")
        return sendJson(res, 401, { error_code: "INVALID_API_KEY", message: "API key is not authorized for this API service" });
      const qrId = decodeURIComponent(p.split("/")[2]);
      const data = this.paid
        .filter((x) => x.qrId === qrId)
        .map((t) => ({ id: t.txnId, qr_id: qrId, reference_id: t.orderId, amount: t.amount, currency: "IDR", status: "SUCCEEDED" }));
      return sendJson(res, 200, { data, has_more: false });
    }
    if (p === "/v1.0/access-token/b2b") {
      if (errors.length || mode === "4xx") return sendJson(res, 401, { responseCode: "4017300", responseMessage: "Unauthorized. Signature" });
      const token = `tok-${this.nextId()}`;
      this.tokens.add(token);
      return sendJson(res, 200, { responseCode: "2007300", responseMessage: "Successful", accessToken: token, tokenType: "Bearer", expiresIn: "900" });
    }
    if (p === "/v1.0/qr/qr-mpm-query") {
      if (errors.length || mode === "4xx") return sendJson(res, 401, { responseCode: "4015101", responseMessage: "Unauthorized. Signature" });
      const b = JSON.parse(r.body);
      const t = this.paid.find((x) => x.txnId === b.originalReferenceNo);
      if (!t) return sendJson(res, 404, { responseCode: "4045101", responseMessage: "Transaction Not Found" });
      return sendJson(res, 200, {
        responseCode: "2005100",
        responseMessage: "Successful",
        originalReferenceNo: t.txnId,
        originalPartnerReferenceNo: t.orderId,
        serviceCode: "51",
        latestTransactionStatus: "00",
        transactionStatusDesc: "Success",
        amount: { value: `${t.amount}.00`, currency: "IDR" },
      });
    }
    return sendJson(res, 404, { message: "not found" });
  }
}

/** Now, as each provider writes a payment's time (the real ones stamp the moment of payment, never a fixed date). */
const paidNow = {
  /** Midtrans: "YYYY-MM-DD HH:MM:SS" in WIB. */
  wib: () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Jakarta", dateStyle: "short", timeStyle: "medium" }).format(new Date()),
  /** DOKU, Xendit: UTC ISO 8601 to the second. */
  utc: () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  /** SNAP: ISO 8601 with the +07:00 offset. */
  snap: () => `${paidNow.wib().replace(" ", "T")}+07:00`,
};

/** Notifications signed the way each provider signs them: [headers, raw body]. */
export const notify = {
  midtrans(t: FakeTxn, key = KEYS.midtransServerKey): [Record<string, string>, string] {
    const gross = `${t.amount}.00`;
    const body = {
      transaction_time: paidNow.wib(),
      transaction_status: "settlement",
      transaction_id: t.txnId,
      status_code: "200",
      signature_key: midtransSignature(t.orderId, "200", gross, key),
      payment_type: "qris",
      order_id: t.orderId,
      gross_amount: gross,
      currency: "IDR",
    };
    return [{ "content-type": "application/json" }, JSON.stringify(body)];
  },
  doku(t: FakeTxn, path: string, secret = KEYS.dokuSecret): [Record<string, string>, string] {
    const body = JSON.stringify({
      order: { invoice_number: t.orderId, amount: t.amount },
      transaction: { status: "SUCCESS", date: paidNow.utc(), original_request_id: t.txnId },
      service: { id: "QRIS" },
      channel: { id: "QRIS" },
    });
    const h = { clientId: KEYS.dokuClientId, requestId: `req-${t.txnId}`, timestamp: paidNow.utc() };
    return [
      {
        "content-type": "application/json",
        "client-id": h.clientId,
        "request-id": h.requestId,
        "request-timestamp": h.timestamp,
        signature: dokuSignature(secret, { ...h, target: path, body }),
      },
      body,
    ];
  },
  xendit(t: FakeTxn, token = KEYS.xenditToken): [Record<string, string>, string] {
    const body = JSON.stringify({
      event: "qr.payment",
      api_version: "2022-07-31",
      data: { id: t.txnId, qr_id: t.qrId, reference_id: t.orderId, amount: t.amount, currency: "IDR", status: "SUCCEEDED", created: paidNow.utc() },
    });
    return [{ "content-type": "application/json", "x-callback-token": token }, body];
  },
  snap(t: FakeTxn, path: string, privateKey = PROVIDER_KEYS.privateKey): [Record<string, string>, string] {
    const body = JSON.stringify({
      originalReferenceNo: t.txnId,
      originalPartnerReferenceNo: t.orderId,
      latestTransactionStatus: "00",
      transactionStatusDesc: "Success",
      amount: { value: `${t.amount}.00`, currency: "IDR" },
      additionalInfo: { paidTime: paidNow.snap() },
    });
    const ts = snapTimestamp();
    return [
      {
        "content-type": "application/json",
        "x-timestamp": ts,
        "x-signature": snapRsaSign(privateKey, snapStringToSign("POST", path, body, ts)),
        "x-partner-id": "ACQ01",
        "x-external-id": "123456789",
        "channel-id": "95221",
      },
      body,
    ];
  },
};

export function gatewayEnv(url: string): Record<string, string> {
  return {
    BALAI_PARKING_GATEWAY_URL: url,
    MIDTRANS_SERVER_KEY: KEYS.midtransServerKey,
    DOKU_CLIENT_ID: KEYS.dokuClientId,
    DOKU_SECRET_KEY: KEYS.dokuSecret,
    XENDIT_SECRET_KEY: KEYS.xenditSecret,
    XENDIT_CALLBACK_TOKEN: KEYS.xenditToken,
    SNAP_PUBLIC_KEY: PROVIDER_KEYS.publicKey,
    SNAP_PRIVATE_KEY: OUR_KEYS.privateKey,
    SNAP_CLIENT_ID: KEYS.snapClientId,
    SNAP_CLIENT_SECRET: KEYS.snapClientSecret,
  };
}
