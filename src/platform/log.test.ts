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

  it("takes the secrets out of the logged address: token path segments and code/state/token parameters; case ids stay", async () => {
    const { lines, log } = capture();
    const app = Fastify({ loggerInstance: log });
    app.get("/*", async () => ({ ok: true }));
    await app.inject({ method: "GET", url: "/api/track/Xy7kP2mQ9vLr4TzW8bN1cD5e" });
    await app.inject({ method: "GET", url: "/api/auth/inapas/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj&next=/layanan" });
    await app.inject({ method: "GET", url: "/api/cases/6bafd71f-281d-452d-b9be-fdec6d3bf012/history" });
    await app.inject({ method: "GET", url: "/api/catalog/services/surat-keterangan-usaha?q=SKTM-2025-000012" });
    await app.close();
    const urls = lines.filter((l) => l.msg === "incoming request").map((l) => (l.req as { url: string }).url);
    expect(urls).toEqual([
      "/api/track/[redacted]",
      "/api/auth/inapas/callback?code=[redacted]&state=[redacted]&next=/layanan",
      "/api/cases/6bafd71f-281d-452d-b9be-fdec6d3bf012/history",
      "/api/catalog/services/surat-keterangan-usaha?q=SKTM-2025-000012",
    ]);
  });

  it("masks personal identifiers and drops secrets in logged objects and errors", () => {
    const { lines, log } = capture();
    log.info({ applicant: { nik: "1671012345678901", password: "rahasia" } }, "warga 081234567890 mendaftar");
    log.error({ err: new Error("NIK 1671012345678901 tidak cocok") }, "gagal");
    expect(lines[0]).toMatchObject({ applicant: { nik: "1671********8901", password: "[redacted]" }, msg: "warga 081******890 mendaftar" });
    expect((lines[1] as { err: { message: string } }).err.message).toBe("NIK 1671********8901 tidak cocok");
  });
});
