/**
 * BPJS Kesehatan antrean FKTP web service, outbound (the puskesmas tells BPJS about its queue): `antrean/add`,
 * `antrean/panggil` (status 1 hadir / 2 tidak hadir) and `antrean/batal`, as in BPJS's "Katalog WS Antrean FKTP".
 *
 * Every request carries `X-cons-id`, `X-timestamp` (Unix seconds, UTC), `X-signature` =
 * base64(HMAC-SHA256(key = secret, message = consid + "&" + timestamp)) and `user_key`. Replies are
 * `{metadata: {code, message}, response}` where `response`, when not empty, is encrypted: AES-256-CBC with key =
 * SHA-256(consid + secret + timestamp) and IV = the key's first 16 bytes, base64, and the plaintext is
 * LZ-string `compressToEncodedURIComponent` of the JSON. Network errors, timeouts, 5xx and 429 are retried.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";
import LZString from "lz-string";

export interface BpjsConfig {
  /** e.g. https://apijkn.bpjs-kesehatan.go.id/antreanfktp (development: https://apijkn-dev.bpjs-kesehatan.go.id/antreanfktp_dev). */
  baseUrl: string;
  consId: string;
  secret: string;
  userKey: string;
  timeoutMs?: number;
  /** Tries per call (network errors, 5xx, 429). */
  attempts?: number;
  retryDelayMs?: number;
}

export type BpjsPath = "antrean/add" | "antrean/panggil" | "antrean/batal";

export interface BpjsReply {
  code: number;
  message: string;
  response: unknown;
}

/** A call that did not get a BPJS answer (network, timeout, 5xx, 429) after every try; the outbox tries again later. */
export class BpjsUnavailable extends Error {}

export function bpjsSignature(consId: string, secret: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${consId}&${timestamp}`).digest("base64");
}

function keyIv(consId: string, secret: string, timestamp: string) {
  const key = createHash("sha256").update(`${consId}${secret}${timestamp}`).digest();
  return { key, iv: key.subarray(0, 16) };
}

/** BPJS's reply encryption (used by the fake, and to test the decryption). */
export function encryptBpjs(consId: string, secret: string, timestamp: string, value: unknown): string {
  const { key, iv } = keyIv(consId, secret, timestamp);
  const c = createCipheriv("aes-256-cbc", key, iv);
  const plain = LZString.compressToEncodedURIComponent(JSON.stringify(value));
  return Buffer.concat([c.update(plain, "utf8"), c.final()]).toString("base64");
}

export function decryptBpjs(consId: string, secret: string, timestamp: string, payload: string): unknown {
  const { key, iv } = keyIv(consId, secret, timestamp);
  const d = createDecipheriv("aes-256-cbc", key, iv);
  const plain = Buffer.concat([d.update(Buffer.from(payload, "base64")), d.final()]).toString("utf8");
  const json = LZString.decompressFromEncodedURIComponent(plain);
  if (!json) throw new Error("BPJS reply does not decompress");
  return JSON.parse(json);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class BpjsAntreanClient {
  private readonly cfg: Required<BpjsConfig>;
  private readonly now: () => Date;
  constructor(cfg: BpjsConfig, now: () => Date = () => new Date()) {
    this.now = now;
    this.cfg = { timeoutMs: 10_000, attempts: 3, retryDelayMs: 500, ...cfg, baseUrl: cfg.baseUrl.replace(/\/+$/, "") };
  }

  headers(timestamp: string): Record<string, string> {
    return {
      "X-cons-id": this.cfg.consId,
      "X-timestamp": timestamp,
      "X-signature": bpjsSignature(this.cfg.consId, this.cfg.secret, timestamp),
      user_key: this.cfg.userKey,
      "Content-Type": "application/json",
      Accept: "application/json",
    };
  }

  /** POSTs to the path; BPJS's answer (code 200 or its refusal) or BpjsUnavailable after the last try. */
  async post(path: BpjsPath, body: Record<string, unknown>): Promise<BpjsReply> {
    let last = "";
    for (let attempt = 1; attempt <= this.cfg.attempts; attempt++) {
      if (attempt > 1) await sleep(this.cfg.retryDelayMs * 2 ** (attempt - 2));
      const timestamp = String(Math.floor(this.now().getTime() / 1000));
      let res: Response;
      try {
        res = await fetch(`${this.cfg.baseUrl}/${path}`, {
          method: "POST",
          headers: this.headers(timestamp),
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.cfg.timeoutMs),
        });
      } catch (err) {
        last = `network: ${(err as Error).message}`;
        continue;
      }
      if (res.status >= 500 || res.status === 429) {
        last = `HTTP ${res.status}`;
        await res.body?.cancel();
        continue;
      }
      const text = await res.text();
      let parsed: { metadata?: { code?: number | string; message?: string }; response?: unknown };
      try {
        parsed = JSON.parse(text);
      } catch {
        last = `HTTP ${res.status}: not JSON`;
        continue;
      }
      const code = Number(parsed.metadata?.code ?? res.status);
      let response: unknown = parsed.response ?? null;
      if (typeof response === "string" && response !== "") response = decryptBpjs(this.cfg.consId, this.cfg.secret, timestamp, response);
      return { code, message: String(parsed.metadata?.message ?? ""), response };
    }
    throw new BpjsUnavailable(last);
  }
}
