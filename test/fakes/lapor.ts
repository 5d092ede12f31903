/**
 * A local stand-in for SP4N-LAPOR!'s stream API (`POST /api/stream/addstream`, docs/complaints.md). It checks each
 * request as the integration shape says — method, path, `Content-Type: text/xml; charset=UTF8`, the `token` of the
 * instansi on the root `<lapor>` element, `<pelapor>` with email/telpon/namadepan/namabelakang, `<laporan rahasia anonim>`
 * with 0/1 flags and a non-empty `<isi>` — and answers `<lapor><trackingid/><transaksiid/></lapor>`. A wrong token is
 * refused with HTTP 401 and an XML message; a malformed report with HTTP 400; modes "5xx", "429" and "hang" fail like
 * an overloaded gateway. (The refusal shapes are assumed: LAPOR!'s are not published.)
 */
import type http from "node:http";
import { XMLParser } from "fast-xml-parser";
import { FakeProvider, type Mode, type RecordedRequest } from "./server.ts";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

export interface ReceivedLapor {
  token: string;
  pelapor: { email: string; telpon: string; namadepan: string; namabelakang: string };
  rahasia: string;
  anonim: string;
  isi: string;
}

function sendXml(res: http.ServerResponse, status: number, xml: string) {
  res.writeHead(status, { "content-type": "text/xml; charset=UTF-8" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
}

export class FakeLapor extends FakeProvider {
  readonly token = "7f3c2a9e-5b1d-4c8e-9a2f-0d6b4e8c1a37";
  /** Tracking ids handed out, in order. */
  readonly issued: string[] = [];

  /** The reports received (parsed), whatever their answer. */
  received(): ReceivedLapor[] {
    return this.requests.map((r) => this.parse(r)).filter((x): x is ReceivedLapor => x !== undefined);
  }

  private parse(r: RecordedRequest): ReceivedLapor | undefined {
    try {
      const doc = parser.parse(r.body) as { lapor?: Record<string, unknown> };
      const l = doc.lapor as { "@_token"?: string; pelapor?: Record<string, unknown>; laporan?: Record<string, unknown> } | undefined;
      if (!l) return undefined;
      const p = (l.pelapor ?? {}) as Record<string, unknown>;
      const s = (v: unknown) => (typeof v === "string" ? v : "");
      return {
        token: s(l["@_token"]),
        pelapor: { email: s(p.email), telpon: s(p.telpon), namadepan: s(p.namadepan), namabelakang: s(p.namabelakang) },
        rahasia: s(l.laporan?.["@_rahasia"]),
        anonim: s(l.laporan?.["@_anonim"]),
        isi: s(l.laporan?.isi),
      };
    } catch {
      return undefined;
    }
  }

  protected check(r: RecordedRequest): string[] {
    const errors: string[] = [];
    if (r.method !== "POST") errors.push(`method ${r.method}`);
    if (r.path !== "/api/stream/addstream") errors.push(`path ${r.path}`);
    if (r.headers["content-type"] !== "text/xml; charset=UTF8") errors.push(`content-type ${r.headers["content-type"]}`);
    if (!r.body.startsWith('<?xml version="1.0" encoding="UTF-8"?><lapor ')) errors.push("body does not start with the XML declaration and <lapor>");
    const l = this.parse(r);
    if (!l) return [...errors, "body is not LAPOR! XML"];
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(l.token)) errors.push("token is not a GUID");
    for (const k of ["email", "telpon", "namadepan", "namabelakang"])
      if (!new RegExp(`<pelapor>[\\s\\S]*<${k}>`).test(r.body)) errors.push(`pelapor/${k} missing`);
    if (l.anonim === "0" && !l.pelapor.namadepan) errors.push("namadepan empty for a named report");
    if (l.anonim === "0" && !l.pelapor.email && !l.pelapor.telpon) errors.push("no email or telpon for a named report");
    if (!["0", "1"].includes(l.rahasia)) errors.push("laporan@rahasia must be 0 or 1");
    if (!["0", "1"].includes(l.anonim)) errors.push("laporan@anonim must be 0 or 1");
    if (!l.isi.trim()) errors.push("isi empty");
    return errors;
  }

  protected respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]) {
    if (mode === "5xx") return sendXml(res, 503, "<error>Service Unavailable</error>");
    if (mode === "429") return sendXml(res, 429, "<error>Too Many Requests</error>");
    if (this.parse(r)?.token !== this.token) return sendXml(res, 401, "<lapor><status>error</status><message>Token tidak valid</message></lapor>");
    if (mode === "4xx" || shapeErrors.length)
      return sendXml(res, 400, `<lapor><status>error</status><message>${shapeErrors[0] ?? "Laporan ditolak"}</message></lapor>`);
    const n = this.nextId();
    const tracking = String(4_200_000 + n);
    this.issued.push(tracking);
    return sendXml(res, 200, `<lapor><status>ok</status><trackingid>${tracking}</trackingid><transaksiid>TRX-${n}</transaksiid></lapor>`);
  }
}
