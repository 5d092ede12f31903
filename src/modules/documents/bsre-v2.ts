/**
 * HTTP client for BSrE's current esign API v2 (BSRE_API=v2, the default): Balai prepares the PDF itself
 * (signature field, visible block, QR code, number) and sends BSrE only the SHA-256 digest of the signed byte
 * ranges; BSrE answers a detached CMS SignedData that Balai puts into the PDF's /Contents.
 *
 *   POST {token URL}   (default https://<BSRE_URL host>/oauth2/token)
 *        Authorization: Basic base64(client_id:client_secret), JSON {"grant_type":"client_credentials"}
 *        → { access_token, token_type: "Bearer", expires_in }
 *   POST {BSRE_URL}/esign/v2/api/entity/sign/hash/pdf   (BSRE_URL e.g. https://api-bsre.bssn.go.id/v2)
 *        Authorization: Bearer <token>, JSON { nik, idSubscriber: null, passphrase,
 *          signaturePropertiesHashMap: { "<id>": { documentDigestBase64, signatureLevel, tampilan, page, originX,
 *          originY, width, height, imageBase64, fieldId, certificationPermission, signingDate,
 *          certificateChainBase64, location, reason, contactInfo } } }
 *        → { data: { cmsSignedDataHashMap: { "<id>": base64 CMS } } }
 *
 * Shapes as public integrations send them (docs/documents.md names the sources). The token is kept
 * until shortly before `expires_in`; an answer 401 that is not about the passphrase (an expired or revoked token)
 * fetches a new token once and repeats the request. The passphrase goes to BSrE only and is never logged or stored.
 */
import { BsreError, bsreError } from "./bsre.ts";
import { parseCms } from "./cms.ts";

export const SIGN_HASH_PATH = "/esign/v2/api/entity/sign/hash/pdf";

export interface BsreV2Config {
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** One signature in a hash-signing request; `id` is its key in the request's and the answer's maps. */
export interface HashSignature {
  id: string;
  /** SHA-256 over the two signed byte ranges of the prepared PDF. */
  digest: Buffer;
  signatureLevel: "PAdES_BASELINE_B" | "PAdES_BASELINE_T" | "PAdES_BASELINE_LT" | "PAdES_BASELINE_LTA";
  /** Balai draws its own block, so it asks for INVISIBLE; page and rectangle say where that block is. */
  tampilan: "VISIBLE" | "INVISIBLE";
  page: number;
  rect: { x: number; y: number; width: number; height: number };
  signingDate: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
}

type FetchFn = typeof fetch;

/** "2026-11-23T03:04:05.678+0000", the format of `signingDate` in BSrE's examples. */
export const bsreDate = (d: Date) => d.toISOString().replace("Z", "+0000");

export class BsreV2Client {
  private cfg: BsreV2Config;
  private fetch: FetchFn;
  private timeoutMs: number;
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  constructor(cfg: BsreV2Config, opts: { fetch?: FetchFn; timeoutMs?: number } = {}) {
    this.cfg = cfg;
    this.fetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new BsreError("unavailable", 503, `BSrE unreachable: ${(err as Error).message}`);
    }
  }

  /** A valid access token: the cached one, or a new one from the token endpoint (one request for concurrent callers). */
  async accessToken(renew = false): Promise<string> {
    if (renew) this.token = undefined;
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const basic = Buffer.from(`${this.cfg.clientId}:${this.cfg.clientSecret}`).toString("base64");
    const res = await this.send(this.cfg.tokenUrl, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    if (!res.ok) {
      const err = await bsreError(res);
      if (res.status >= 500) throw err;
      throw new BsreError("auth", 502, `BSrE refused the client credentials: ${err.message}`);
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== "string" || !body.access_token)
      throw new BsreError("unavailable", 502, "BSrE's token endpoint answered without access_token");
    const ttl = Number(body.expires_in);
    // Renew a little early so a token does not expire between the check and BSrE receiving the request.
    const seconds = Number.isFinite(ttl) && ttl > 0 ? Math.max(ttl - 30, Math.min(ttl, 5)) : 300;
    this.token = { value: body.access_token, expiresAt: Date.now() + seconds * 1000 };
    return body.access_token;
  }

  /** POSTs JSON with the bearer token; a 401 that is not about the passphrase renews the token once. */
  private async authorized(path: string, body: unknown): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const res = await this.send(`${this.cfg.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      if (res.ok) return res;
      const err = await bsreError(res);
      if (err.kind === "auth" && attempt === 0) continue;
      if (err.kind === "auth") throw new BsreError("auth", 502, `BSrE refused the access token: ${err.message}`);
      throw err;
    }
  }

  /** Signs the digests; returns each signature's CMS (DER) by its id, checked to be over the digest that was sent. */
  async signHash(nik: string, passphrase: string, signatures: HashSignature[]): Promise<Map<string, Buffer>> {
    const map: Record<string, unknown> = {};
    for (const s of signatures) {
      if (s.digest.length !== 32) throw new Error("documentDigestBase64 must be a SHA-256 digest");
      map[s.id] = {
        imageBase64: null,
        tampilan: s.tampilan,
        fieldId: null,
        page: s.page,
        originX: s.rect.x,
        originY: s.rect.y,
        width: s.rect.width,
        height: s.rect.height,
        signatureLevel: s.signatureLevel,
        certificationPermission: "CHANGES_PERMITTED",
        signingDate: bsreDate(s.signingDate),
        certificateChainBase64: null,
        location: s.location ?? null,
        reason: s.reason ?? null,
        contactInfo: s.contactInfo ?? null,
        documentDigestBase64: s.digest.toString("base64"),
      };
    }
    const res = await this.authorized(SIGN_HASH_PATH, { nik, idSubscriber: null, passphrase, signaturePropertiesHashMap: map });
    const body = (await res.json().catch(() => ({}))) as { data?: { cmsSignedDataHashMap?: Record<string, unknown> } };
    const cmsMap = body.data?.cmsSignedDataHashMap ?? {};
    const out = new Map<string, Buffer>();
    for (const s of signatures) {
      const b64 = cmsMap[s.id];
      if (typeof b64 !== "string" || !b64) throw new BsreError("rejected", 502, `BSrE answered no CMS for signature ${s.id}`);
      const cms = Buffer.from(b64, "base64");
      let ok = false;
      try {
        const parsed = parseCms(cms);
        ok = parsed.signatureValid && !!parsed.messageDigest?.equals(s.digest);
      } catch {
        ok = false;
      }
      if (!ok) throw new BsreError("rejected", 502, `BSrE's CMS for signature ${s.id} is not a valid signature over the digest sent`);
      out.set(s.id, cms);
    }
    return out;
  }
}
