import { Writable } from "node:stream";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log.ts";

/** The lines a logger wrote, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLogger("info", stream) };
}

describe("the process logger", () => {
  it("writes each request's method, masked address and status, as Fastify logs them", async () => {
    const { lines, log } = capture();
    const app = Fastify({ loggerInstance: log });
    app.get("/cek/:nik", async (_req, reply) => reply.status(404).send({ found: false }));
    await app.inject({ method: "GET", url: "/cek/1671012345678901?hp=081234567890" });
    await app.close();
    const incoming = lines.find((l) => l.msg === "incoming request") as { req: Record<string, unknown> };
    expect(incoming.req).toMatchObject({ method: "GET", url: "/cek/1671********8901?hp=081******890" });
    const done = lines.find((l) => l.msg === "request completed") as { res: Record<string, unknown> };
    expect(done.res).toEqual({ statusCode: 404 });
  });

  it("masks personal identifiers and drops secrets in logged objects and errors", () => {
    const { lines, log } = capture();
    log.info({ applicant: { nik: "1671012345678901", password: "rahasia" } }, "warga 081234567890 mendaftar");
    log.error({ err: new Error("NIK 1671012345678901 tidak cocok") }, "gagal");
    expect(lines[0]).toMatchObject({ applicant: { nik: "1671********8901", password: "[redacted]" }, msg: "warga 081******890 mendaftar" });
    expect((lines[1] as { err: { message: string } }).err.message).toBe("NIK 1671********8901 tidak cocok");
  });
});
