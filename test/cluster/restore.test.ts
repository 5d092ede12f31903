/**
 * The restore drill (issue 15, operations): a PostgreSQL database with the demo city and its files in an
 * S3-compatible bucket is backed up with pg_dump, wiped, restored with pg_restore; then `balai audit verify`
 * passes and every stored file is readable with its recorded SHA-256. Needs PostgreSQL on 127.0.0.1:5432.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { createPlatform } from "../../src/server.ts";
import { openDb } from "../../src/platform/db.ts";
import { S3FileStore } from "../../src/platform/s3.ts";
import { cliOn, lastLine } from "../cli/in-process.ts";
import { type FakeS3, startFakeS3 } from "../fakes/s3.ts";
import { loginAs, MemoryAdapter, multipartFile, TINY_PNG, testConfig } from "../helpers.ts";

const ADMIN_URL = process.env.CLUSTER_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `balai_restore_${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-restore-"));
let s3: FakeS3 | undefined;

const dbUrl = () => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
};
async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await s3?.stop();
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

it("back up, wipe, restore: the audit chain verifies and every file is readable", async () => {
  s3 = await startFakeS3();
  const config = testConfig({ ...s3.env, BALAI_DEMO: "1", BALAI_DATA_DIR: dir });
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const memory = new MemoryAdapter();
  const platform = await createPlatform(config, await openDb({ databaseUrl: dbUrl() }), {
    adapters: { email: memory, sms: memory, whatsapp: memory },
    background: false,
  });
  // Files in the bucket: photos uploaded by the demo citizen through the API.
  const warga = await loginAs(platform.app, "warga@example.com");
  for (let i = 0; i < 3; i++) {
    const mp = multipartFile(`foto-${i}.png`, "image/png", TINY_PNG);
    const res = await platform.app.inject({
      method: "POST",
      url: "/api/lapor/photos",
      payload: mp.payload,
      headers: { ...mp.headers, "x-balai-tenant": warga.tenant, cookie: warga.cookie!, "x-csrf-token": warga.csrf! },
    });
    expect(res.statusCode).toBe(201);
  }
  const before = await platform.db.one<{ files: number; audit: number }>(
    "SELECT (SELECT count(*) FROM files)::int AS files, (SELECT count(*) FROM audit_log)::int AS audit",
  );
  await platform.close();
  expect(before!.files).toBeGreaterThanOrEqual(3);

  const dump = path.join(dir, "balai.dump");
  execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${dump}`, dbUrl()]);
  await admin(`DROP DATABASE ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${dbUrl()}`, dump]);

  const db = await openDb({ databaseUrl: dbUrl() });
  try {
    const after = await db.one<{ files: number; audit: number }>(
      "SELECT (SELECT count(*) FROM files)::int AS files, (SELECT count(*) FROM audit_log)::int AS audit",
    );
    expect(after).toEqual(before);
    const verify = await cliOn(db, config)("audit", "verify");
    expect(verify.code).toBe(0);
    expect(lastLine(verify.out)).toMatch(/^audit verify: OK, \d+ tenant chain\(s\) intact$/);

    const store = new S3FileStore(config.s3!);
    try {
      const files = await db.query<{ storage_key: string; sha256: string }>("SELECT storage_key, sha256 FROM files ORDER BY created_at");
      for (const f of files)
        expect(
          createHash("sha256")
            .update(await store.get(f.storage_key))
            .digest("hex"),
        ).toBe(f.sha256);
    } finally {
      store.close();
    }
  } finally {
    await db.close();
  }
});
