/**
 * Base of the provider fakes: a real HTTP server on 127.0.0.1:0 that records each request, checks its exact shape
 * (a request the real provider would refuse is answered the way the provider refuses it, and listed in `problems`),
 * and answers from a queue of modes: success, a 4xx refusal, a 5xx, a 429 rate limit, or hang (never answers).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Mode = "success" | "4xx" | "5xx" | "429" | "hang";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export abstract class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  /** Shape errors found in requests (a test asserts this stays empty). */
  readonly problems: string[] = [];
  url = "";
  private queue: Mode[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  private counter = 0;

  /** The next requests are answered with these modes, in order; afterwards with success. */
  answer(...modes: Mode[]) {
    this.queue.push(...modes);
    return this;
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected nextId() {
    return ++this.counter;
  }

  /** Shape errors of a request (empty when the real provider would accept it). */
  protected abstract check(r: RecordedRequest): string[];
  /** Answers in the given mode ("success" only for a well-formed request). */
  protected abstract respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]): void;

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://fake");
      const r: RecordedRequest = {
        method: req.method ?? "",
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      this.requests.push(r);
      const errors = this.check(r);
      this.problems.push(...errors);
      const mode = this.queue.shift() ?? "success";
      if (mode === "hang") return; // keep the socket open and never answer
      this.respond(mode, r, res, errors);
    });
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
