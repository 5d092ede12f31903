/**
 * A local stand-in for BPJS Kesehatan's antrean FKTP service (outbound side: antrean/add, antrean/panggil,
 * antrean/batal). It checks each request as BPJS does — `X-cons-id`, `X-timestamp` (Unix seconds, within 5 minutes),
 * `X-signature` = base64(HMAC-SHA256(consid&timestamp, secret)), `user_key`, and the body fields of the path — and
 * answers `{metadata: {code, message}, response}` with `response` encrypted as BPJS does (AES-256-CBC with
 * SHA-256(consid+secret+timestamp), LZ-string). A bad signature is refused with HTTP 401 and metadata code 401; a
 * malformed body with metadata 201; modes "5xx", "429" and "hang" fail like an overloaded gateway.
 */
import type http from "node:http";
import { bpjsSignature, encryptBpjs } from "../../src/modules/health/bpjs.ts";
import { FakeProvider, type Mode, type RecordedRequest, sendJson } from "./server.ts";

const FIELDS: Record<string, Record<string, "string" | "number">> = {
  "/antrean/add": {
    nomorkartu: "string",
    nik: "string",
    nohp: "string",
    kodepoli: "string",
    namapoli: "string",
    norm: "string",
    tanggalperiksa: "string",
    kodedokter: "number",
    namadokter: "string",
    jampraktek: "string",
    nomorantrean: "string",
    angkaantrean: "number",
    keterangan: "string",
  },
  "/antrean/panggil": { tanggalperiksa: "string", kodepoli: "string", nomorkartu: "string", status: "number", waktu: "number" },
  "/antrean/batal": { tanggalperiksa: "string", kodepoli: "string", nomorkartu: "string", alasan: "string" },
};

export class FakeBpjs extends FakeProvider {
  readonly consId = "12345";
  readonly secret = "rahasia-bpjs";
  readonly userKey = "user-key-abc";

  private signatureOk(r: RecordedRequest): boolean {
    const ts = String(r.headers["x-timestamp"] ?? "");
    return (
      r.headers["x-cons-id"] === this.consId && r.headers["x-signature"] === bpjsSignature(this.consId, this.secret, ts) && r.headers.user_key === this.userKey
    );
  }

  protected check(r: RecordedRequest): string[] {
    const errors: string[] = [];
    const ts = Number(r.headers["x-timestamp"]);
    if (!/^\d{10}$/.test(String(r.headers["x-timestamp"] ?? ""))) errors.push("X-timestamp is not Unix seconds");
    else if (Math.abs(ts - Date.now() / 1000) > 300) errors.push("X-timestamp is more than 5 minutes off");
    if (!this.signatureOk(r)) errors.push("bad X-cons-id / X-signature / user_key");
    if (r.method !== "POST") errors.push(`method ${r.method}`);
    const path = r.path.replace(/^.*(\/antrean\/[a-z]+)$/, "$1");
    const fields = FIELDS[path];
    if (!fields) return [...errors, `unknown path ${r.path}`];
    if (!String(r.headers["content-type"] ?? "").startsWith("application/json")) errors.push("content-type is not JSON");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(r.body);
    } catch {
      return [...errors, "body is not JSON"];
    }
    for (const [k, t] of Object.entries(fields)) if (typeof body[k] !== t) errors.push(`${path}: ${k} should be a ${t}`);
    if (path === "/antrean/panggil" && body.status !== 1 && body.status !== 2) errors.push("status must be 1 or 2");
    if (typeof body.tanggalperiksa === "string" && !/^\d{4}-\d{2}-\d{2}$/.test(body.tanggalperiksa)) errors.push("tanggalperiksa format");
    return errors;
  }

  protected respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]) {
    if (mode === "5xx") return sendJson(res, 503, { message: "Service Unavailable" });
    if (mode === "429") return sendJson(res, 429, { message: "Too Many Requests" });
    if (!this.signatureOk(r)) return sendJson(res, 401, { metadata: { code: 401, message: "Authentication failed" }, response: null });
    if (mode === "4xx") return sendJson(res, 200, { metadata: { code: 201, message: "Data pasien tidak ditemukan" }, response: null });
    if (shapeErrors.length) return sendJson(res, 200, { metadata: { code: 201, message: shapeErrors[0] }, response: null });
    const ts = String(r.headers["x-timestamp"]);
    return sendJson(res, 200, { metadata: { code: 200, message: "Ok" }, response: encryptBpjs(this.consId, this.secret, ts, { id: this.nextId() }) });
  }

  /** The decoded bodies received on a path. */
  bodies(path: string): Record<string, unknown>[] {
    return this.requests.filter((r) => r.path.endsWith(path)).map((r) => JSON.parse(r.body));
  }
}
