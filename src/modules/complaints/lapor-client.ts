/**
 * SP4N-LAPOR! stream API, outbound (e-Lapor forwards a report to the national complaints system):
 * `POST {base}/api/stream/addstream`, `Content-Type: text/xml; charset=UTF8`, body
 * `<lapor token="…"><pelapor><email/><telpon/><namadepan/><namabelakang/></pelapor><laporan rahasia="0|1"
 * anonim="0|1"><isi/></laporan></lapor>`; the answer is XML carrying `<trackingid>` and `<transaksiid>`.
 *
 * The shape is the one public integrations use (docs/complaints.md, "Forwarding to SP4N-LAPOR!"); KemenPANRB grants the
 * token per instansi and must confirm it. Network errors, timeouts, 5xx and 429 are `LaporUnavailable` (the outbox
 * tries again later); any other answer without a tracking id is `LaporRefused` (not retried: a bad token or a
 * malformed report does not get better by waiting).
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";

export interface LaporConfig {
  /** e.g. https://www.lapor.go.id (`LAPOR_API_URL`). */
  baseUrl: string;
  /** The instansi's GUID token (`LAPOR_TOKEN`). */
  token: string;
  timeoutMs?: number;
}

/** What one forwarded report says: the XML's fields, kept as the outbox row's body. */
export interface LaporReport {
  email: string;
  telpon: string;
  namadepan: string;
  namabelakang: string;
  rahasia: boolean;
  anonim: boolean;
  isi: string;
}

export interface LaporAnswer {
  trackingId: string;
  transactionId: string | null;
}

export class LaporUnavailable extends Error {}
export class LaporRefused extends Error {}

export const LAPOR_PATH = "/api/stream/addstream";
const MAX_ANSWER_BYTES = 64 * 1024;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: false });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false, trimValues: true });

/** The request body (text escaped by the XML builder: `&`, `<`, `>`, quotes). */
export function laporXml(token: string, r: LaporReport): string {
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    lapor: {
      "@_token": token,
      pelapor: { email: r.email, telpon: r.telpon, namadepan: r.namadepan, namabelakang: r.namabelakang },
      laporan: { "@_rahasia": r.rahasia ? "1" : "0", "@_anonim": r.anonim ? "1" : "0", isi: r.isi },
    },
  });
}

/** Finds a tag anywhere in the parsed answer (LAPOR! wraps it in a root element whose name is not documented). */
function findTag(node: unknown, tag: string): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k.toLowerCase() === tag && (typeof v === "string" || typeof v === "number")) return String(v).trim() || undefined;
    const inner = findTag(v, tag);
    if (inner) return inner;
  }
  return undefined;
}

/** Reads LAPOR!'s answer: the tracking id, or the message it refused with. No DTDs (no entity expansion). */
export function parseLaporAnswer(text: string): { trackingId?: string; transactionId?: string; message?: string } {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { message: "answer carries a DTD" };
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return { message: "answer is not XML" };
  }
  const trackingId = findTag(doc, "trackingid");
  const transactionId = findTag(doc, "transaksiid");
  const message = findTag(doc, "message") ?? findTag(doc, "pesan") ?? findTag(doc, "status");
  return { trackingId: trackingId && /^[A-Za-z0-9./_-]{1,64}$/.test(trackingId) ? trackingId : undefined, transactionId, message };
}

export class LaporClient {
  private readonly cfg: Required<LaporConfig>;
  constructor(cfg: LaporConfig) {
    this.cfg = { timeoutMs: 15_000, ...cfg, baseUrl: cfg.baseUrl.replace(/\/+$/, "") };
  }

  async addStream(report: LaporReport): Promise<LaporAnswer> {
    let res: Response;
    try {
      res = await fetch(`${this.cfg.baseUrl}${LAPOR_PATH}`, {
        method: "POST",
        headers: { "Content-Type": "text/xml; charset=UTF8", Accept: "text/xml, application/xml" },
        body: laporXml(this.cfg.token, report),
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
    } catch (err) {
      throw new LaporUnavailable(`SP4N-LAPOR! unreachable: ${(err as Error).message}`);
    }
    const text = (await res.text()).slice(0, MAX_ANSWER_BYTES);
    if (res.status >= 500 || res.status === 429) throw new LaporUnavailable(`SP4N-LAPOR! HTTP ${res.status}`);
    const answer = parseLaporAnswer(text);
    if (res.ok && answer.trackingId) return { trackingId: answer.trackingId, transactionId: answer.transactionId ?? null };
    throw new LaporRefused(`SP4N-LAPOR! HTTP ${res.status}: ${answer.message ?? "no tracking id in the answer"}`);
  }
}

/** `LAPOR_API_URL` (default https://www.lapor.go.id) and `LAPOR_TOKEN`; no token = forwarding stays queued. */
export function laporConfig(env: NodeJS.ProcessEnv = process.env): LaporConfig | undefined {
  const token = env.LAPOR_TOKEN?.trim();
  if (!token) return undefined;
  const baseUrl = env.LAPOR_API_URL?.trim() || "https://www.lapor.go.id";
  if (!/^https?:\/\//.test(baseUrl)) throw new Error(`LAPOR_API_URL must be an http(s) URL (got ${baseUrl})`);
  return { baseUrl, token };
}
