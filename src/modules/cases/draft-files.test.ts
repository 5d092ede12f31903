import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../platform/log.ts";
import { setupPlatform, signUpCitizen, TINY_PNG, uploadTo } from "../../../test/helpers.ts";

// Its own file store, so the test can look at the bytes on disk; warnings logged are kept to be read.
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-draft-files-"));
const warnings: { msg: string; storageKeys?: string[]; caseId?: string }[] = [];
const log = createLogger(
  "warn",
  new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) warnings.push(JSON.parse(line));
      done();
    },
  }),
);
const ctx = setupPlatform({ BALAI_FILES_DIR: filesDir }, { log });
afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));
const SERVICE = "surat-keterangan-domisili";

const storedKeys = (caseId: string) =>
  ctx.db.query<{ id: string; storage_key: string }>("SELECT id, storage_key FROM files WHERE case_id = $1 ORDER BY created_at", [caseId]);

describe("deleting a draft deletes its uploaded files", () => {
  it("the rows and the bytes in the file store go; the audit entry names the files", async () => {
    const citizen = await signUpCitizen(ctx, "draf.berkas@example.com");
    const draft = await citizen.request("POST", "/api/cases", { service: SERVICE, resume: true });
    const ktp = await uploadTo(ctx.app, citizen, draft.body.id, "ktp");
    expect(ktp.status).toBe(201);
    const again = await uploadTo(ctx.app, citizen, draft.body.id, "ktp", TINY_PNG, "ktp.png", "image/png");
    expect(again.status).toBe(201);
    const files = await storedKeys(draft.body.id);
    expect(files).toHaveLength(2);
    for (const f of files) expect(fs.existsSync(path.join(filesDir, f.storage_key))).toBe(true);

    const del = await citizen.request("DELETE", `/api/cases/${draft.body.id}`);
    expect(del.status).toBe(204);
    expect(await storedKeys(draft.body.id)).toEqual([]);
    for (const f of files) expect(fs.existsSync(path.join(filesDir, f.storage_key))).toBe(false);
    expect((await citizen.request("GET", `/api/files/${files[0].id}`)).status).toBe(404);

    const entry = await ctx.db.one<{ actor_id: string; data: { files?: string[] } }>(
      "SELECT actor_id, data FROM audit_log WHERE subject_id = $1 AND action = 'case.draft-deleted'",
      [draft.body.id],
    );
    expect(entry?.data.files?.sort()).toEqual(files.map((f) => f.id).sort());
  });

  it("a refused delete (a submitted case, someone else's draft) keeps the bytes", async () => {
    const owner = await signUpCitizen(ctx, "draf.berkas.dua@example.com");
    const other = await signUpCitizen(ctx, "draf.berkas.tiga@example.com");
    const draft = await owner.request("POST", "/api/cases", { service: SERVICE, resume: true });
    expect((await uploadTo(ctx.app, owner, draft.body.id, "ktp")).status).toBe(201);
    const [file] = await storedKeys(draft.body.id);
    expect((await other.request("DELETE", `/api/cases/${draft.body.id}`)).status).toBe(404);
    expect(fs.existsSync(path.join(filesDir, file.storage_key))).toBe(true);
    expect(await storedKeys(draft.body.id)).toHaveLength(1);
  });

  it("a file store that fails to delete the bytes does not undo the delete: the keys left are logged", async () => {
    const citizen = await signUpCitizen(ctx, "draf.berkas.empat@example.com");
    const draft = await citizen.request("POST", "/api/cases", { service: SERVICE, resume: true });
    expect((await uploadTo(ctx.app, citizen, draft.body.id, "ktp")).status).toBe(201);
    const [file] = await storedKeys(draft.body.id);
    // A directory with something in it where the bytes were: the disk store's delete fails on it.
    const where = path.join(filesDir, file.storage_key);
    fs.rmSync(where);
    fs.mkdirSync(path.join(where, "sisa"), { recursive: true });

    expect((await citizen.request("DELETE", `/api/cases/${draft.body.id}`)).status).toBe(204);
    expect(await storedKeys(draft.body.id)).toEqual([]);
    expect(warnings.find((w) => w.caseId === draft.body.id)).toMatchObject({
      msg: "draft deleted; the file store kept these files' bytes",
      storageKeys: [file.storage_key],
    });
  });
});
