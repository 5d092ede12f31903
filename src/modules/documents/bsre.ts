/**
 * HTTP client for BSrE's older TTE API, v1 (BSRE_API=v1; the esign-client API as public integrations use it).
 * The current hash-signing API (v2, the default) is in bsre-v2.ts.
 *   POST /api/sign/pdf          multipart: file, nik, passphrase, tampilan (visible|invisible), optional image,
 *                               imageTTD, linkQR, page, xAxis, yAxis, width, height, tag_koordinat, reason,
 *                               location; the signed PDF in the body, its id in the `id_dokumen` header
 *   GET  /api/sign/download/{id}
 *   POST /api/sign/verify       multipart: signed_file
 *   GET  /api/user/status/{nik}
 * Basic auth with the client account Kominfo gets from BSrE. The passphrase goes to BSrE only and is never
 * logged or stored here.
 */

export interface BsreConfig {
  url: string;
  user: string;
  password: string;
}

export interface BsreSignOptions {
  nik: string;
  passphrase: string;
  tampilan: "visible" | "invisible";
  image?: boolean;
  imageTTD?: Buffer;
  linkQR?: string;
  page?: number;
  xAxis?: number;
  yAxis?: number;
  width?: number;
  height?: number;
  tag_koordinat?: string;
  reason?: string;
  location?: string;
}

/** passphrase: wrong passphrase; user: NIK not registered; certificate: not active; auth: client credentials or token refused. */
export type BsreErrorKind = "passphrase" | "user" | "certificate" | "auth" | "unavailable" | "rejected";

export class BsreError extends Error {
  readonly kind: BsreErrorKind;
  readonly status: number;
  constructor(kind: BsreErrorKind, status: number, message: string) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/**
 * Turns a BSrE error answer into a BsreError. Both API versions answer `{status_code, error}` (or `message`)
 * with HTTP 400/401: "Passphrase anda salah" (status_code 2031), "User tidak terdaftar" (2011), a certificate that
 * is not active, expired or revoked; the API gateway answers 401 for a bad or expired token; 5xx when BSrE is down.
 */
export async function bsreError(res: Response): Promise<BsreError> {
  const text = await res.text().catch(() => "");
  let body: { error?: unknown; message?: unknown; status_code?: unknown; description?: unknown } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const message = str(body.error) ?? str(body.message) ?? (text.slice(0, 200) || `HTTP ${res.status}`);
  const code = Number(body.status_code);
  if (code === 2031 || /passphrase/i.test(message)) return new BsreError("passphrase", res.status, message);
  if (code === 2011 || (/tidak terdaftar|belum terdaftar|not registered|not found/i.test(message) && /nik|user|pengguna/i.test(message)))
    return new BsreError("user", res.status, message);
  if (/sertifikat|certificate/i.test(message) && /tidak aktif|not active|inactive|expired|kedaluwarsa|revoked|dicabut/i.test(message))
    return new BsreError("certificate", res.status, message);
  if (res.status === 401) return new BsreError("auth", res.status, message);
  if (/nik|user|sertifikat/i.test(message)) return new BsreError("user", res.status, message);
  if (res.status >= 500) return new BsreError("unavailable", 502, message);
  return new BsreError("rejected", res.status, message);
}

export interface BsreUserStatus {
  status_code?: number;
  message?: string;
  status?: string;
}

type FetchFn = typeof fetch;

export class BsreClient {
  private cfg: BsreConfig;
  private fetch: FetchFn;
  private timeoutMs: number;
  constructor(cfg: BsreConfig, opts: { fetch?: FetchFn; timeoutMs?: number } = {}) {
    this.cfg = cfg;
    this.fetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const auth = Buffer.from(`${this.cfg.user}:${this.cfg.password}`).toString("base64");
    let res: Response;
    try {
      res = await this.fetch(`${this.cfg.url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Basic ${auth}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new BsreError("unavailable", 503, `BSrE unreachable: ${(err as Error).message}`);
    }
    if (res.ok) return res;
    const err = await bsreError(res);
    if (err.kind === "auth") throw new BsreError("unavailable", 502, "BSrE rejected the client credentials");
    throw err;
  }

  async signPdf(file: Buffer, o: BsreSignOptions): Promise<{ pdf: Buffer; id: string | null }> {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(file)], { type: "application/pdf" }), "dokumen.pdf");
    form.append("nik", o.nik);
    form.append("passphrase", o.passphrase);
    form.append("tampilan", o.tampilan);
    if (o.image !== undefined) form.append("image", String(o.image));
    if (o.imageTTD) form.append("imageTTD", new Blob([new Uint8Array(o.imageTTD)], { type: "image/png" }), "ttd.png");
    for (const k of ["linkQR", "page", "xAxis", "yAxis", "width", "height", "tag_koordinat", "reason", "location"] as const) {
      if (o[k] !== undefined) form.append(k, String(o[k]));
    }
    const res = await this.call("/api/sign/pdf", { method: "POST", body: form });
    const pdf = Buffer.from(await res.arrayBuffer());
    if (!pdf.subarray(0, 5).equals(Buffer.from("%PDF-"))) throw new BsreError("rejected", 502, "BSrE answered without a PDF");
    return { pdf, id: res.headers.get("id_dokumen") };
  }

  async download(id: string): Promise<Buffer> {
    const res = await this.call(`/api/sign/download/${encodeURIComponent(id)}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async verify(signed: Buffer): Promise<Record<string, unknown>> {
    const form = new FormData();
    form.append("signed_file", new Blob([new Uint8Array(signed)], { type: "application/pdf" }), "dokumen.pdf");
    const res = await this.call("/api/sign/verify", { method: "POST", body: form });
    return (await res.json()) as Record<string, unknown>;
  }

  async userStatus(nik: string): Promise<BsreUserStatus> {
    const res = await this.call(`/api/user/status/${encodeURIComponent(nik)}`);
    return (await res.json()) as BsreUserStatus;
  }
}
