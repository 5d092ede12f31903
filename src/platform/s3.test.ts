import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliOn, lastLine } from "../../test/cli/in-process.ts";
import { type FakeS3, startFakeS3 } from "../../test/fakes/s3.ts";
import { multipartFile, setupPlatform, signUpCitizen, testConfig, TINY_PNG } from "../../test/helpers.ts";
import { createPlatform } from "../server.ts";
import { S3FileStore } from "./s3.ts";

/** Files in S3-compatible storage (s3rver, which checks every request's SigV4 signature), through the real app. */
let s3: FakeS3;
let other: FakeS3;
const env: Record<string, string> = {};
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-s3-disk-"));

beforeAll(async () => {
  s3 = await startFakeS3();
  other = await startFakeS3({ bucket: "another-bucket" });
  Object.assign(env, s3.env, { BALAI_FILES_DIR: filesDir });
}, 60_000);
const ctx = setupPlatform(env);
afterAll(async () => {
  await s3?.stop();
  await other?.stop();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

async function upload(c: Awaited<ReturnType<typeof signUpCitizen>>) {
  const mp = multipartFile("foto.png", "image/png", TINY_PNG);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/lapor/photos",
    payload: mp.payload,
    headers: { ...mp.headers, "x-balai-tenant": c.tenant, cookie: c.cookie!, "x-csrf-token": c.csrf! },
  });
  return res;
}

async function bucketKeys(fake: FakeS3): Promise<string[]> {
  const store = new S3FileStore(testConfig(fake.env).s3!);
  try {
    const res = await store.client.send(new ListObjectsV2Command({ Bucket: fake.bucket }));
    return (res.Contents ?? []).map((o) => o.Key!);
  } finally {
    store.close();
  }
}

describe("files in S3-compatible storage", () => {
  it("stores an upload in the bucket (not on disk) and reads it back through the API", async () => {
    const c = await signUpCitizen(ctx, "s3-warga@example.id");
    const res = await upload(c);
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const row = await ctx.db.one<{ storage_key: string; thumb_storage_key: string; size: number }>(
      "SELECT f.storage_key, p.thumb_storage_key, f.size FROM complaint_photos p JOIN files f ON f.id = p.file_id WHERE p.file_id = $1",
      [id],
    );
    expect(row).toBeTruthy();
    const keys = await bucketKeys(s3);
    expect(keys).toContain(row!.storage_key);
    expect(keys).toContain(row!.thumb_storage_key);
    expect(fs.existsSync(path.join(filesDir, row!.storage_key))).toBe(false);
    // A path-style, SigV4-signed PutObject of the original (the fake checked the signature).
    const put = s3.requests.find((r) => r.method === "PUT" && r.path === `/${s3.bucket}/${row!.storage_key}`);
    expect(put?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request/);

    const got = await ctx.app.inject({ method: "GET", url: `/api/lapor/photos/${id}`, headers: { "x-balai-tenant": c.tenant, cookie: c.cookie! } });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.length).toBe(Number(row!.size));
    expect(got.rawPayload.subarray(1, 4).toString()).toBe("PNG");
  });

  it("deleting a draft deletes its files' objects from the bucket; a second delete of a key is harmless", async () => {
    const c = await signUpCitizen(ctx, "s3-draf@example.id");
    const draft = await c.request("POST", "/api/cases", { service: "surat-keterangan-domisili", resume: true });
    const mp = multipartFile("ktp.png", "image/png", TINY_PNG);
    const up = await ctx.app.inject({
      method: "POST",
      url: `/api/cases/${draft.body.id}/files?field=ktp`,
      payload: mp.payload,
      headers: { ...mp.headers, "x-balai-tenant": c.tenant, cookie: c.cookie!, "x-csrf-token": c.csrf! },
    });
    expect(up.statusCode).toBe(201);
    const row = await ctx.db.one<{ storage_key: string }>("SELECT storage_key FROM files WHERE id = $1", [up.json().id]);
    expect(await bucketKeys(s3)).toContain(row!.storage_key);
    expect((await c.request("DELETE", `/api/cases/${draft.body.id}`)).status).toBe(204);
    expect(await bucketKeys(s3)).not.toContain(row!.storage_key);
    const store = new S3FileStore(testConfig(s3.env).s3!);
    try {
      await expect(store.delete(row!.storage_key)).resolves.toBeUndefined();
    } finally {
      store.close();
    }
  });

  it("refuses to start with an unreachable endpoint, a missing bucket or rejected keys, naming the variable", async () => {
    const start = (over: Record<string, string>) => createPlatform(testConfig({ ...s3.env, ...over }), ctx.db, { background: false });
    await expect(start({ BALAI_S3_ENDPOINT: "http://127.0.0.1:9" })).rejects.toThrow(/^BALAI_S3_ENDPOINT: cannot reach http:\/\/127\.0\.0\.1:9/);
    await expect(start({ BALAI_S3_BUCKET: "no-such-bucket" })).rejects.toThrow(/^BALAI_S3_BUCKET: bucket "no-such-bucket" does not exist/);
    await expect(start({ BALAI_S3_SECRET_KEY: "wrong" })).rejects.toThrow(/^BALAI_S3_ACCESS_KEY \/ BALAI_S3_SECRET_KEY: .* refused access/);
    expect(() => testConfig({ BALAI_S3_ENDPOINT: s3.endpoint })).toThrow(/BALAI_S3_BUCKET, BALAI_S3_ACCESS_KEY, BALAI_S3_SECRET_KEY must be set/);
  });

  it("`balai files migrate` copies the disk files into the bucket and resumes without copying twice", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-migrate-"));
    try {
      for (const [key, text] of [
        ["16.71/2026/01/a", "satu"],
        ["16.71/2026/01/a.thumb.jpg", "dua"],
        ["35.73/2026/02/b", "tiga"],
      ]) {
        fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
        fs.writeFileSync(path.join(dir, key), text);
      }
      const balai = cliOn(ctx.db, testConfig({ ...other.env, BALAI_FILES_DIR: dir }));
      const first = await balai("files", "migrate");
      expect(first.code).toBe(0);
      expect(lastLine(first.out)).toBe("files: 3 copied (11 bytes), 0 already in bucket another-bucket");
      // An interrupted run: one object is gone again (and one file changed); the rerun copies only those.
      fs.writeFileSync(path.join(dir, "35.73/2026/02/b"), "tiga lagi");
      const again = await balai("files", "migrate");
      expect(lastLine(again.out)).toBe("files: 1 copied (9 bytes), 2 already in bucket another-bucket");
      expect((await bucketKeys(other)).sort()).toEqual(["16.71/2026/01/a", "16.71/2026/01/a.thumb.jpg", "35.73/2026/02/b"]);
      const store = new S3FileStore(testConfig(other.env).s3!);
      expect((await store.get("35.73/2026/02/b")).toString()).toBe("tiga lagi");
      store.close();
      const noS3 = await cliOn(ctx.db, testConfig({ BALAI_FILES_DIR: dir }))("files", "migrate");
      expect(noS3.code).toBe(2);
      expect(noS3.out).toMatch(/BALAI_S3_ENDPOINT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 503 problem+json when the bucket goes away mid-run, and records nothing", async () => {
    const c = await signUpCitizen(ctx, "s3-warga2@example.id");
    const before = await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM complaint_photos");
    await s3.stop();
    const res = await upload(c);
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: "/problems/storage-unavailable", status: 503 });
    const after = await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM complaint_photos");
    expect(after!.n).toBe(before!.n);
  });
});
