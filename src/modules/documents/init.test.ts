import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, PALEMBANG, TINY_PDF, TINY_PNG, testConfig } from "../../../test/helpers.ts";
import { sampleAnswer } from "../../../test/sample-answers.ts";
import { actorForUser } from "../../platform/auth/sessions.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { Db } from "../../platform/db.ts";
import { DiskFileStore } from "../../platform/files.ts";
import { listTenants, type Tenant } from "../../platform/tenancy.ts";
import { act, getCase, saveAnswers, specOf, startApplication, submit, uploadCaseFile } from "../cases/index.ts";
import { init } from "./index.ts";
import { documentsOfCase } from "./citizen-copy.ts";

// No HTTP app in this file: the case engine is driven through its service, as a worker or the CLI would.
let db: Db;
let tenant: Tenant;
let citizen: Actor;
let operator: Actor;
const dir = mkdtempSync(path.join(os.tmpdir(), "balai-docs-init-"));
const files = new DiskFileStore(dir);
const config = testConfig();

beforeAll(async () => {
  db = await openTestDb();
  tenant = (await listTenants(db)).find((t) => t.id === PALEMBANG) as Tenant;
  citizen = (await actorForUser(db, PALEMBANG, "warga@example.com", "test")) as Actor;
  operator = (await actorForUser(db, PALEMBANG, "operator.kelurahan@palembang.go.id", "test")) as Actor;
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Surat Keterangan Domisili applied for and verified by the kelurahan: it now waits for the lurah's signature. */
async function verifiedDomicileCase(): Promise<string> {
  const ctx = (actor: Actor) => ({ db, tenant, actor, files });
  const draft = await startApplication(ctx(citizen), "surat-keterangan-domisili");
  const row = await getCase(db, tenant.id, draft.id);
  const spec = await specOf(db, tenant.id, "surat-keterangan-domisili", row?.service_version as number);
  const data: Record<string, unknown> = {};
  for (const f of spec.form.fields) {
    if (f.type !== "file") data[f.name] = sampleAnswer(f);
    else if (!f.accept || f.accept.includes("application/pdf")) data[f.name] = (await uploadCaseFile(ctx(citizen), draft.id, f.name, "ktp.pdf", TINY_PDF)).id;
    else data[f.name] = (await uploadCaseFile(ctx(citizen), draft.id, f.name, "ktp.png", TINY_PNG)).id;
  }
  const saved = await saveAnswers(ctx(citizen), draft.id, draft.version, data);
  const submitted = await submit(ctx(citizen), draft.id, saved.version);
  await act(ctx(operator), draft.id, "verify", { version: submitted.version });
  return draft.id;
}

const documentsOf = (caseId: string) => documentsOfCase({ db, tenant, actor: citizen, files, config }, caseId);

describe("documents init() wires the case engine without the HTTP app", () => {
  it("queues nothing while the module is not initialised (nothing registers the hook as a side effect of an import)", async () => {
    const caseId = await verifiedDomicileCase();
    expect((await getCase(db, tenant.id, caseId))?.state).not.toBe("submitted");
    expect(await documentsOf(caseId)).toEqual([]);
  });

  it("after init() (called twice, as several composition roots may) a case moved by the case engine gets exactly one document queued", async () => {
    init();
    init();
    const caseId = await verifiedDomicileCase();
    expect(await documentsOf(caseId)).toEqual([expect.objectContaining({ title: "Surat Keterangan Domisili", status: "pending", number: null })]);
    const rows = await db.query<{ status: string; signer_role: string }>("SELECT status, signer_role FROM documents WHERE tenant_id = $1 AND case_id = $2", [
      tenant.id,
      caseId,
    ]);
    expect(rows).toEqual([{ status: "pending", signer_role: "lurah" }]);
  });
});
