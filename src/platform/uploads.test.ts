import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryAdapter, multipartFile, openTestDb, PALEMBANG, testConfig } from "../../test/helpers.ts";
import type { Db } from "./db.ts";
import { DiskFileStore } from "./files.ts";
import { type App, buildApp, type Deps } from "./http.ts";
import { LiveHub } from "./live.ts";
import { createLogger } from "./log.ts";
import { TenantResolver } from "./tenancy.ts";
import { readParts, readUpload, registerUploads } from "./uploads.ts";

/** The one upload reader, through a module that uses it the way the real routes do, on the real app (errors included). */
const KB = 1024;
let db: Db;
let app: App;

beforeAll(async () => {
  db = await openTestDb();
  const config = testConfig();
  const log = createLogger("silent");
  const deps: Deps = {
    config,
    db,
    tenants: new TenantResolver(db),
    adapters: { email: new MemoryAdapter(), sms: new MemoryAdapter(), whatsapp: new MemoryAdapter() },
    log,
    files: new DiskFileStore(config.filesDir),
    live: new LiveHub(db),
  };
  const probe = async (a: App) => {
    await registerUploads(a);
    a.post("/probe/one", { schema: { hide: true } }, async (req) => {
      const up = await readUpload(req, { maxBytes: 4 * KB });
      return { filename: up.filename, size: up.bytes.length };
    });
    a.post("/probe/many", { schema: { hide: true } }, async (req) => {
      const { files, fields } = await readParts(req, { maxBytes: 4 * KB, maxFiles: 2, fields: ["message"], tooManyCode: "too-many-photos" });
      return { sizes: files.map((f) => f.bytes.length), message: fields.message ?? null };
    });
  };
  app = await buildApp(deps, [probe]);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** A multipart body with the given files (field "file") and text fields. */
function multipart(files: Buffer[], fields: Record<string, string> = {}) {
  const boundary = `----probe${randomBytes(6).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  files.forEach((bytes, i) => {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    );
    parts.push(bytes, Buffer.from("\r\n"));
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const post = (url: string, body: { payload: Buffer | string; headers: Record<string, string> }) =>
  app.inject({ method: "POST", url, payload: body.payload, headers: { ...body.headers, "x-balai-tenant": PALEMBANG } });

describe("platform upload reader", () => {
  it("reads one file within its limit", async () => {
    const res = await post("/probe/one", multipartFile("a.bin", "application/octet-stream", Buffer.alloc(4 * KB, 1)));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ filename: "a.bin", size: 4 * KB });
  });

  it("answers a file over the limit with 413 problem+json and the file-too-large field error", async () => {
    const res = await post("/probe/one", multipartFile("big.bin", "application/octet-stream", Buffer.alloc(4 * KB + 1, 1)));
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: "/problems/payload-too-large", status: 413 });
    expect(res.json().errors).toEqual([expect.objectContaining({ field: "file", code: "file-too-large" })]);

    const many = await post("/probe/many", multipart([Buffer.alloc(10), Buffer.alloc(4 * KB + 1)]));
    expect(many.statusCode).toBe(413);
    expect(many.json().errors[0]).toMatchObject({ field: "file", code: "file-too-large" });
  });

  it("refuses no file (400 required), a body that is not multipart (415) and too many files (400)", async () => {
    const none = await post("/probe/one", multipart([], { message: "tanpa berkas" }));
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: "file", code: "required" })]);

    const json = await app.inject({ method: "POST", url: "/probe/one", payload: { a: 1 }, headers: { "x-balai-tenant": PALEMBANG } });
    expect(json.statusCode).toBe(415);
    expect(json.json().type).toBe("/problems/unsupported-media-type");

    const three = await post("/probe/many", multipart([Buffer.alloc(1), Buffer.alloc(1), Buffer.alloc(1)]));
    expect(three.statusCode).toBe(400);
    expect(three.json().errors).toEqual([expect.objectContaining({ field: "file", code: "too-many-photos" })]);
  });

  it("reads several files and the named text field", async () => {
    const res = await post("/probe/many", multipart([Buffer.alloc(3), Buffer.alloc(5)], { message: "Sudah ditambal" }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sizes: [3, 5], message: "Sudah ditambal" });
  });
});
