/**
 * A fake Zenziva SMS Reguler API (`POST /reguler/api/sendsms/`, form fields userkey, passkey, to, message): answers
 * `{messageId, to, status: "1", text: "Success"}`, refuses with status "0" and a reason (as Zenziva does, with HTTP 200),
 * and in the 5xx / 429 modes answers like a gateway in trouble.
 */
import type http from "node:http";
import { FakeProvider, type Mode, type RecordedRequest, sendJson } from "./server.ts";

export class ZenzivaFake extends FakeProvider {
  readonly path = "/reguler/api/sendsms/";
  readonly userkey: string;
  readonly passkey: string;
  constructor(userkey = "uk-test", passkey = "pk-test") {
    super();
    this.userkey = userkey;
    this.passkey = passkey;
  }

  get endpoint() {
    return `${this.url}${this.path}`;
  }

  /** The parsed form of every request. */
  get forms(): Record<string, string>[] {
    return this.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
  }

  protected check(r: RecordedRequest): string[] {
    const errors: string[] = [];
    if (r.method !== "POST") errors.push(`method ${r.method}`);
    if (r.path !== this.path) errors.push(`path ${r.path}`);
    if (!String(r.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) errors.push(`content-type ${r.headers["content-type"]}`);
    const f = Object.fromEntries(new URLSearchParams(r.body));
    const keys = Object.keys(f).sort().join(",");
    if (keys !== "message,passkey,to,userkey") errors.push(`fields ${keys}`);
    if (f.userkey !== this.userkey || f.passkey !== this.passkey) errors.push("credentials");
    if (!/^628\d{7,12}$/.test(f.to ?? "")) errors.push(`to ${f.to}`);
    if (!f.message) errors.push("message");
    return errors;
  }

  protected respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]) {
    const to = new URLSearchParams(r.body).get("to") ?? "";
    if (shapeErrors.includes("credentials")) return sendJson(res, 200, { messageId: "", to, status: "0", text: "Userkey / Passkey Salah" });
    if (shapeErrors.length) return sendJson(res, 200, { messageId: "", to, status: "0", text: `Invalid request: ${shapeErrors.join("; ")}` });
    if (mode === "4xx") return sendJson(res, 200, { messageId: "", to, status: "0", text: "Nomor tujuan tidak valid" });
    if (mode === "5xx") {
      res.writeHead(503, { "content-type": "text/html" });
      return res.end("<html><body>503 Service Temporarily Unavailable</body></html>");
    }
    if (mode === "429") {
      res.writeHead(429, { "content-type": "text/plain", "retry-after": "2" });
      return res.end("Too Many Requests");
    }
    sendJson(res, 200, { messageId: String(1000 + this.nextId()), to, status: "1", text: "Success" });
  }
}
