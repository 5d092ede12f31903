import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyFor, client, type Client, loginAs, multipartFile, PALEMBANG, setupPlatform, TINY_PDF, TINY_PNG } from "../../../test/helpers.ts";
import { expectPdfsigValid } from "../../../test/pdfsig.ts";
import { checkPdf } from "./verify.ts";

const s = setupPlatform();
const PASS = "Tanda-Tangan-Lurah-2026";
const tmp = mkdtempSync(path.join(os.tmpdir(), "balai-docs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const view = await c.request("GET", `/api/cases/${id}`);
  return c.request("POST", `/api/cases/${id}/actions/${action}`, { version: view.body.version, ...body });
}

/** A submitted SKD case, verified by the kelurahan operator: it now waits for the lurah's signature. */
async function caseAwaitingSignature(service = "surat-keterangan-domisili") {
  const citizen = await loginAs(s.app, "warga@example.com");
  const sub = await applyFor(s.app, citizen, service);
  const operator = await loginAs(s.app, "operator.kelurahan@palembang.go.id");
  const v = await act(operator, sub.id, "verify");
  if (v.status !== 200) throw new Error(JSON.stringify(v.body));
  return { citizen, caseId: sub.id, number: sub.number };
}

async function upload(c: Client | undefined, bytes: Buffer, name = "surat.pdf", type = "application/pdf") {
  const mp = multipartFile(name, type, bytes);
  const res = await s.app.inject({
    method: "POST",
    url: "/api/public/verify",
    payload: mp.payload,
    headers: { ...mp.headers, "x-balai-tenant": PALEMBANG, ...(c?.cookie ? { cookie: c.cookie, "x-csrf-token": c.csrf ?? "" } : {}) },
  });
  return { status: res.statusCode, body: res.json() };
}

async function download(c: Client, id: string) {
  const res = await s.app.inject({ method: "GET", url: `/api/documents/${id}/download`, headers: { "x-balai-tenant": PALEMBANG, cookie: c.cookie ?? "" } });
  return { status: res.statusCode, bytes: res.rawPayload, headers: res.headers };
}

let lurah: Client;
let signedPdf: Buffer;
let signedCode: string;

describe("official documents: generate → sign → download → verify", () => {
  it("queues the document when the case reaches the lurah, previews it, signs it and hands it to the citizen", async () => {
    lurah = await loginAs(s.app, "lurah@palembang.go.id");
    // No certificate yet: a clear message, nothing signed.
    const { citizen, caseId } = await caseAwaitingSignature();
    const queue = await lurah.request("GET", "/api/documents/queue");
    expect(queue.status).toBe(200);
    const item = queue.body.find((d: { caseId: string }) => d.caseId === caseId);
    expect(item).toMatchObject({ title: "Surat Keterangan Domisili", role: "lurah", delegation: null });
    const noCert = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS });
    expect(noCert.status).toBe(409);
    expect(noCert.problem.type).toBe("/problems/certificate-missing");

    const weak = await lurah.request("POST", "/api/documents/certificates", { passphrase: "aaaa" });
    expect(weak.status).toBe(400);
    const cert = await lurah.request("POST", "/api/documents/certificates", { passphrase: PASS, nip: "198003152005011002", title: "Lurah" });
    expect(cert.status).toBe(201);
    expect(cert.body).toMatchObject({ algorithm: "rsa-2048", nip: "198003152005011002", revokedAt: null });
    expect(JSON.stringify(await s.db.query("SELECT * FROM document_certificates"))).not.toContain(PASS);

    const preview = await s.app.inject({
      method: "GET",
      url: `/api/documents/${item!.id}/preview`,
      headers: { "x-balai-tenant": PALEMBANG, cookie: lurah.cookie ?? "" },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers["content-type"]).toBe("application/pdf");
    expect(preview.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(checkPdf(preview.rawPayload, [])).toEqual([]);

    const signed = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ signed: 1, failed: 0 });
    const result = signed.body.results[0];
    expect(result.number).toMatch(/^470\/\d+\/KEL-1003\/20\d\d$/);
    // The signature performed the workflow step.
    const view = await lurah.request("GET", `/api/cases/${caseId}`);
    expect(view.body.state).toBe("signed");
    expect(view.body.events.at(-1)).toMatchObject({ action: "sign", actorRole: "lurah" });
    expect((await lurah.request("GET", "/api/documents/queue")).body.map((d: { id: string }) => d.id)).not.toContain(item!.id);

    // The citizen sees the document on the case and downloads it.
    const docs = await citizen.request("GET", `/api/cases/${caseId}/output-documents`);
    expect(docs.body).toEqual([
      expect.objectContaining({ status: "signed", number: result.number, signerName: "Dedi Kurniawan", downloadUrl: `/api/documents/${item!.id}/download` }),
    ]);
    const file = await download(citizen, item!.id);
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    signedPdf = file.bytes;
    signedCode = result.code;
    const other = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    expect((await download(other, item!.id)).status).toBe(404);
    expect((await download(client(s.app), item!.id)).status).toBe(401);

    // Anyone: by the QR code's link, and by upload.
    const byCode = await client(s.app).request("GET", `/api/public/verify/${result.code}`);
    expect(byCode.status).toBe(200);
    expect(byCode.body).toMatchObject({
      valid: true,
      reasons: [],
      modifiedAfterSigning: false,
      signature: { signerName: "Dedi Kurniawan", signerTitle: "Lurah 26 Ilir I", nip: "198003152005011002", delegation: null, signedWith: "local" },
      document: { number: result.number, title: "Surat Keterangan Domisili", code: result.code },
    });
    const up = await upload(undefined, signedPdf);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ valid: true, document: { number: result.number } });

    const audits = await s.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE tenant_id = $1 AND subject_type IN ('document', 'document_certificate')",
      [PALEMBANG],
    );
    const actions = audits.map((a) => a.action);
    expect(actions).toContain("document.certificate-issued");
    expect(actions).toContain("document.signed");
    expect(actions.filter((a) => a === "document.verified").length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(await s.db.query("SELECT data FROM audit_log"))).not.toContain(PASS);
  });

  it("finds tampering: one changed byte, appended bytes, no signature, not a PDF, too large", async () => {
    const text = signedPdf.toString("latin1");
    // One byte inside the signed range (the document body, before the signature's /Contents).
    const at = text.indexOf("/Producer");
    const tampered = Buffer.from(signedPdf);
    tampered[at + 2] = tampered[at + 2] === 0x72 ? 0x52 : 0x72;
    const bad = await upload(undefined, tampered);
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.modifiedAfterSigning).toBe(true);
    expect(bad.body.reasons).toContain("signature-invalid");

    const appended = Buffer.concat([signedPdf, Buffer.from("\n1 0 obj\n<< /Evil true >>\nendobj\n%%EOF\n")]);
    const app = await upload(undefined, appended);
    expect(app.body).toMatchObject({ valid: false, modifiedAfterSigning: true });
    expect(app.body.reasons).toContain("modified-after-signing");

    const none = await upload(undefined, TINY_PDF);
    expect(none.body).toMatchObject({ valid: false, reasons: ["no-signature"] });

    const png = await upload(undefined, TINY_PNG, "surat.pdf", "application/pdf");
    expect(png.status).toBe(400);
    expect(png.body.errors[0]).toMatchObject({ field: "file", code: "file-type" });

    const huge = await upload(undefined, Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(100 * 1024 * 1024, 0x20)]));
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0]).toMatchObject({ field: "file", code: "file-too-large" });

    expect((await client(s.app).request("GET", "/api/public/verify/unknown-code-123")).status).toBe(404);
  });

  it("poppler's pdfsig reports the signature valid and the whole document signed", async () => {
    const file = path.join(tmp, "signed.pdf");
    writeFileSync(file, signedPdf);
    const root = await client(s.app).request("GET", "/api/public/documents/root.pem");
    expect(root.status).toBe(200);
    writeFileSync(path.join(tmp, "root.pem"), root.body);
    const { args } = expectPdfsigValid(file, path.join(tmp, "root.pem"), "balai-root");

    const tampered = Buffer.from(signedPdf);
    const at = signedPdf.toString("latin1").indexOf("/Producer");
    tampered[at + 2] ^= 0x20;
    writeFileSync(path.join(tmp, "tampered.pdf"), tampered);
    const bad = spawnSync("pdfsig", [...args.slice(0, -1), path.join(tmp, "tampered.pdf")], { encoding: "utf8" });
    expect(`${bad.stdout}${bad.stderr}`).not.toContain("Signature Validation: Signature is Valid.");
  });
});

describe("bad input when signing", () => {
  it("refuses documents not in the signer's queue, counts wrong passphrases and locks", async () => {
    const { caseId } = await caseAwaitingSignature();
    const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === caseId);
    // An operator has no such document in their queue; a made-up id is not in the lurah's.
    const operator = await loginAs(s.app, "operator.kelurahan@palembang.go.id");
    const notMine = await operator.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS });
    expect(notMine.status).toBe(409);
    expect(notMine.problem.type).toBe("/problems/document-not-in-queue");
    const mixed = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id, "00000000-0000-4000-8000-000000000000"], passphrase: PASS });
    expect(mixed.status).toBe(409);
    expect((await lurah.request("GET", `/api/cases/${caseId}`)).body.state).toBe("verified");
    const citizen = await loginAs(s.app, "warga@example.com");
    expect((await citizen.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS })).status).toBe(403);

    // A fresh lurah certificate for this test (the previous one is superseded, its documents stay valid).
    const wrong = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: "salah-sekali-123" });
    expect(wrong.status).toBe(400);
    expect(wrong.problem.type).toBe("/problems/passphrase-invalid");
    expect(wrong.problem.detail).toBe("4 attempts left");
    for (let i = 0; i < 3; i++)
      expect((await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: `salah-${i}-xyz` })).status).toBe(400);
    const lockedOut = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: "salah-terakhir" });
    expect(lockedOut.status).toBe(423);
    expect(lockedOut.problem.type).toBe("/problems/passphrase-locked");
    // Even the right passphrase waits out the lock; nothing was signed.
    expect((await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS })).status).toBe(423);
    expect((await lurah.request("GET", `/api/cases/${caseId}`)).body.state).toBe("verified");
    const fails = await s.db.query("SELECT 1 FROM audit_log WHERE action = 'document.passphrase-failed'");
    expect(fails.length).toBe(5);

    // Renewing the certificate starts over (a new key, a new passphrase).
    const renewed = await lurah.request("POST", "/api/documents/certificates", { passphrase: PASS, algorithm: "ecdsa-p256" });
    expect(renewed.status).toBe(201);
    const ok = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS });
    expect(ok.body).toMatchObject({ signed: 1 });
    // The first document, signed with the superseded certificate, is still valid.
    expect((await client(s.app).request("GET", `/api/public/verify/${signedCode}`)).body.valid).toBe(true);
  });

  it("a revoked certificate signs nothing, and what it signed no longer verifies", async () => {
    const { caseId } = await caseAwaitingSignature();
    const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === caseId);
    const mine = await lurah.request("GET", "/api/documents/certificates");
    const active = mine.body.find((c: { revokedAt: string | null }) => !c.revokedAt);
    const signedWithIt = await s.db.one<{ code: string }>("SELECT code FROM documents WHERE certificate_id = $1 AND status = 'signed' LIMIT 1", [active!.id]);
    const revoked = await lurah.request("POST", `/api/documents/certificates/${active!.id}/revoke`, { reason: "key_compromise" });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS });
    expect(refused.status).toBe(409);
    expect(refused.problem.type).toBe("/problems/certificate-revoked");
    expect((await lurah.request("GET", `/api/cases/${caseId}`)).body.state).toBe("verified");
    const v = await client(s.app).request("GET", `/api/public/verify/${signedWithIt!.code}`);
    expect(v.body.valid).toBe(false);
    expect(v.body.reasons).toContain("certificate-revoked");
    // The revocation list names it.
    const crl = await s.app.inject({ method: "GET", url: "/api/public/documents/crl", headers: { "x-balai-tenant": PALEMBANG } });
    expect(crl.statusCode).toBe(200);
    expect(crl.rawPayload.includes(Buffer.from(active!.serial, "hex"))).toBe(true);
    // Back to work with a new certificate.
    expect((await lurah.request("POST", "/api/documents/certificates", { passphrase: PASS })).status).toBe(201);
    expect((await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: PASS })).body.signed).toBe(1);
  });
});

describe("delegation (Plt./Plh.)", () => {
  it("a named deputy signs in the lurah's place for a date range, and the document says so", async () => {
    const { caseId } = await caseAwaitingSignature();
    const deputy = await loginAs(s.app, "operator.kelurahan@palembang.go.id");
    expect((await deputy.request("GET", "/api/documents/queue")).body).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    // Only the principal (or Kominfo) delegates; the operator has no signing role to give.
    expect((await deputy.request("POST", "/api/documents/delegations", { deputy: "lurah@palembang.go.id", from: today, to: later, kind: "plh" })).status).toBe(
      403,
    );
    const bad = await lurah.request("POST", "/api/documents/delegations", {
      deputy: "operator.kelurahan@palembang.go.id",
      from: later,
      to: today,
      kind: "plt",
    });
    expect(bad.status).toBe(400);
    const past = await lurah.request("POST", "/api/documents/delegations", {
      deputy: "operator.kelurahan@palembang.go.id",
      from: "2020-01-01",
      to: "2020-01-31",
      kind: "plh",
    });
    expect(past.status).toBe(201);
    expect((await deputy.request("GET", "/api/documents/queue")).body).toEqual([]);
    const d = await lurah.request("POST", "/api/documents/delegations", { deputy: "operator.kelurahan@palembang.go.id", from: today, to: later, kind: "plt" });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ role: "lurah", kind: "plt", deputyName: "Nurul Fitri" });

    const queue = (await deputy.request("GET", "/api/documents/queue")).body;
    const item = queue.find((x: { caseId: string }) => x.caseId === caseId);
    expect(item!.delegation).toMatchObject({ kind: "plt", principalName: "Dedi Kurniawan" });
    expect((await deputy.request("POST", "/api/documents/certificates", { passphrase: "Wakil-Lurah-Plt-2026", nip: "199001012015032001" })).status).toBe(201);
    const signed = await deputy.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: "Wakil-Lurah-Plt-2026" });
    expect(signed.body).toMatchObject({ signed: 1 });
    const view = await lurah.request("GET", `/api/cases/${caseId}`);
    expect(view.body.state).toBe("signed");
    expect(view.body.events.at(-1)).toMatchObject({ action: "sign", actorName: "Nurul Fitri", actorRole: "lurah" });
    const v = await client(s.app).request("GET", `/api/public/verify/${signed.body.results[0].code}`);
    expect(v.body).toMatchObject({
      valid: true,
      signature: { signerName: "Nurul Fitri", signerTitle: "Plt. Lurah 26 Ilir I", delegation: { kind: "plt", principalName: "Dedi Kurniawan" } },
    });

    // Revoked: the deputy's queue is empty again.
    await caseAwaitingSignature();
    expect((await deputy.request("GET", "/api/documents/queue")).body.length).toBe(1);
    expect((await lurah.request("POST", `/api/documents/delegations/${d.body.id}/revoke`)).status).toBe(200);
    expect((await deputy.request("GET", "/api/documents/queue")).body).toEqual([]);
    const audits = await s.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_type = 'document_delegation'");
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["document.delegation-created", "document.delegation-revoked"]));
  });
});

describe("bulk signing and the engine hook", () => {
  it("signs 50 documents at once with one passphrase, numbered without gaps", { timeout: 300_000 }, async () => {
    const { caseId } = await caseAwaitingSignature();
    // 49 more cases in the same state, cloned in SQL (the HTTP path is covered above).
    const caseIds = new Set([caseId]);
    for (let i = 0; i < 49; i++) {
      await s.db.tx(async (q) => {
        const c = await q.one<{ id: string }>(
          `INSERT INTO cases (tenant_id, tracking_token, service_key, service_version, kind, applicant_id, applicant_name, data, state, is_open, assignee_unit_id,
                              kecamatan_code, kelurahan_code, submitted_at, number)
           SELECT tenant_id, md5(random()::text), service_key, service_version, kind, applicant_id, applicant_name, data, state, is_open, assignee_unit_id,
                  kecamatan_code, kelurahan_code, submitted_at, number || '-' || $2 FROM cases WHERE id = $1 RETURNING id`,
          [caseId, i],
        );
        await q.query(
          `INSERT INTO documents (tenant_id, case_id, service_key, service_version, unit_id, signer_role, sign_action, code, title)
           SELECT tenant_id, $2, service_key, service_version, unit_id, signer_role, sign_action, md5(random()::text), title FROM documents WHERE case_id = $1 AND status = 'pending'`,
          [caseId, c!.id],
        );
        caseIds.add(c!.id);
      });
    }
    const queue = ((await lurah.request("GET", "/api/documents/queue")).body as { id: string; caseId: string }[]).filter((d) => caseIds.has(d.caseId));
    expect(queue.length).toBe(50);
    const res = await lurah.request("POST", "/api/documents/sign", { ids: queue.map((d) => d.id), passphrase: PASS });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ signed: 50, failed: 0 });
    const seqs = res.body.results.map((r) => Number(r.number!.split("/")[1])).sort((a: number, b: number) => a - b);
    expect(new Set(seqs).size).toBe(50);
    expect(seqs.at(-1)! - seqs[0]).toBe(49);
    expect((await lurah.request("GET", "/api/documents/queue")).body.filter((d: { caseId: string }) => caseIds.has(d.caseId))).toEqual([]);
    const states = await s.db.query<{ state: string }>(
      "SELECT DISTINCT c.state FROM cases c JOIN documents d ON d.case_id = c.id WHERE d.id = ANY($1::uuid[])",
      [`{${queue.map((d) => d.id).join(",")}}`],
    );
    expect(states).toEqual([{ state: "signed" }]);
  });

  it("cancels the pending document when the case leaves the signing step another way", async () => {
    const { caseId } = await caseAwaitingSignature();
    const before = await s.db.one<{ status: string }>("SELECT status FROM documents WHERE case_id = $1", [caseId]);
    expect(before?.status).toBe("pending");
    expect((await act(lurah, caseId, "request_correction", { comment: "Alamat kurang lengkap" })).status).toBe(200);
    const after = await s.db.one<{ status: string }>("SELECT status FROM documents WHERE case_id = $1", [caseId]);
    expect(after?.status).toBe("cancelled");
  });

  it("the catalog refuses a template whose signer cannot perform the signing action", async () => {
    const admin = await loginAs(s.app, "kadis.dishub@palembang.go.id");
    const ed = await admin.request("GET", "/api/admin/catalog/services/izin-penyelenggaraan-parkir/editor");
    const spec = ed.body.spec as { output: { template: { [key: string]: unknown } } };
    const bad = { ...spec, output: { ...spec.output, template: { ...spec.output.template, signer: { role: "lurah", action: "approve" } } } };
    const res = await admin.request("PUT", "/api/admin/catalog/services/izin-penyelenggaraan-parkir/draft", { spec: bad });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.problem.errors)).toContain('may not perform the signing action \\"approve\\"');
    const missing = { ...spec, output: { ...spec.output, template: { ...spec.output.template, signer: { role: "opd_admin", action: "sign" } } } };
    expect((await admin.request("PUT", "/api/admin/catalog/services/izin-penyelenggaraan-parkir/draft", { spec: missing })).status).toBe(400);
  });

  it("Dishub: the kepala dinas's approval is the signature of the permit", async () => {
    const citizen = await loginAs(s.app, "warga@example.com");
    const sub = await applyFor(s.app, citizen, "izin-penyelenggaraan-parkir");
    const admin = await loginAs(s.app, "kadis.dishub@palembang.go.id");
    // Dishub's operator verifies and records the site survey; its head approves, and the approval signs the permit.
    const op = await loginAs(s.app, "operator.dishub@palembang.go.id");
    expect((await act(op, sub.id, "verify")).status).toBe(200);
    const fileId = (await s.db.one<{ id: string }>("SELECT id FROM files WHERE case_id = $1 LIMIT 1", [sub.id]))!.id;
    expect((await act(op, sub.id, "technical_review", { comment: "Lokasi sesuai", fileIds: [fileId] })).status).toBe(200);
    const item = (await admin.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === sub.id);
    expect(item).toMatchObject({ title: "Izin Penyelenggaraan Tempat Parkir", role: "opd_admin" });
    expect((await admin.request("POST", "/api/documents/certificates", { passphrase: "Kepala-Dinas-2026!" })).status).toBe(201);
    const res = await admin.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: "Kepala-Dinas-2026!" });
    expect(res.body).toMatchObject({ signed: 1 });
    expect(res.body.results[0].number).toMatch(/^551\/\d+\/IPK\/DISHUB\/[IVX]+\/20\d\d$/);
    expect((await admin.request("GET", `/api/cases/${sub.id}`)).body.state).toBe("approved");
    const v = await client(s.app).request("GET", `/api/public/verify/${res.body.results[0].code}`);
    expect(v.body).toMatchObject({ valid: true, signature: { signerTitle: "Kepala Dinas Perhubungan" } });
  });
});
