/**
 * A fake city SMS gateway for the URL-template adapter: `GET /send?to=…&text=…` or `POST /api/sms` with a JSON
 * body `{"to": …, "message": …}` and an `X-Api-Key` header. Success is a 2xx with `{"id": …}`; 4xx / 5xx / 429 as asked.
 */
import type http from "node:http";
import { FakeProvider, type Mode, type RecordedRequest, sendJson } from "./server.ts";

export class GenericSmsFake extends FakeProvider {
  readonly apiKey: string;
  constructor(apiKey = "city-key") {
    super();
    this.apiKey = apiKey;
  }

  protected check(r: RecordedRequest): string[] {
    const errors: string[] = [];
    let to: string | null;
    let text: string | null;
    if (r.method === "GET" && r.path === "/send") {
      to = r.query.get("to");
      text = r.query.get("text");
      if ([...r.query.keys()].sort().join(",") !== "text,to") errors.push(`query ${[...r.query.keys()]}`);
      if (r.body) errors.push("GET with a body");
    } else if (r.method === "POST" && r.path === "/api/sms") {
      if (r.headers["x-api-key"] !== this.apiKey) errors.push("x-api-key");
      if (!String(r.headers["content-type"]).startsWith("application/json")) errors.push(`content-type ${r.headers["content-type"]}`);
      let b: { to?: string; message?: string } = {};
      try {
        b = JSON.parse(r.body) as typeof b;
      } catch {
        errors.push("body is not JSON");
      }
      if (Object.keys(b).sort().join(",") !== "message,to") errors.push(`body keys ${Object.keys(b)}`);
      to = b.to ?? null;
      text = b.message ?? null;
    } else {
      return [`${r.method} ${r.path}`];
    }
    if (!/^628\d{7,12}$/.test(to ?? "")) errors.push(`to ${to}`);
    if (!text) errors.push("text");
    return errors;
  }

  protected respond(mode: Exclude<Mode, "hang">, _r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]) {
    if (shapeErrors.includes("x-api-key")) return sendJson(res, 401, { error: "unauthorized" });
    if (shapeErrors.length) return sendJson(res, 400, { error: shapeErrors.join("; ") });
    if (mode === "4xx") return sendJson(res, 422, { error: "invalid number" });
    if (mode === "5xx") return sendJson(res, 502, { error: "upstream SMSC down" });
    if (mode === "429") return sendJson(res, 429, { error: "slow down" }, { "retry-after": "1" });
    sendJson(res, 202, { id: `city-${this.nextId()}` });
  }
}
