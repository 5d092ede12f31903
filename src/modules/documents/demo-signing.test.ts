/**
 * The demo signers (seeded with a certificate and the documented passphrase) sign right away, and the citizen's case
 * says the letter is ready — explicitly, from the server — as soon as it is signed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOn, applyFor, client, type Client, loginAs, PALEMBANG, setupPlatform, testConfig } from "../../../test/helpers.ts";
import { expectPdfsigValid } from "../../../test/pdfsig.ts";
import { DEMO_SIGNERS, DEMO_SIGNING_PASSPHRASE, seedDemoSigners } from "./index.ts";

const s = setupPlatform();
const tmp = mkdtempSync(path.join(os.tmpdir(), "balai-demo-sign-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let citizen: Client;
let operator: Client;
let lurah: Client;

/** An SKD case verified by the kelurahan operator: waiting for the lurah's signature. */
async function caseAwaitingSignature() {
  const sub = await applyFor(s.app, citizen, "surat-keterangan-domisili");
  expect((await actOn(operator, sub.id, "verify")).status).toBe(200);
  return sub;
}

beforeAll(async () => {
  // What seedDemoPlatform runs on a first start (the per-file store holds the demo logins, not the rest of the demo).
  expect(await seedDemoSigners(s.db, PALEMBANG, testConfig().caSecret)).toBe(DEMO_SIGNERS.length);
  citizen = await loginAs(s.app, "warga@example.com");
  operator = await loginAs(s.app, "operator.kelurahan@palembang.go.id");
  lurah = await loginAs(s.app, "lurah@palembang.go.id");
});

describe("demo signers", () => {
  it("each demo signer holds an ECDSA certificate from the tenant's CA; seeding again issues nothing", async () => {
    for (const signer of DEMO_SIGNERS) {
      const official = await loginAs(s.app, signer.login);
      const certs = await official.request("GET", "/api/documents/certificates");
      expect(certs.status).toBe(200);
      expect(certs.body).toHaveLength(1);
      expect(certs.body[0]).toMatchObject({ algorithm: "ecdsa-p256", nip: signer.nip, revokedAt: null });
    }
    expect(await seedDemoSigners(s.db, PALEMBANG, testConfig().caSecret)).toBe(0);
    // The passphrase is never stored.
    expect(JSON.stringify(await s.db.query("SELECT * FROM document_certificates"))).not.toContain(DEMO_SIGNING_PASSPHRASE);
  });

  it("the demo lurah signs right after seeding with the documented passphrase; pdfsig accepts the letter", async () => {
    const sub = await caseAwaitingSignature();
    const queue = await lurah.request("GET", "/api/documents/queue");
    const item = queue.body.find((d: { caseId: string }) => d.caseId === sub.id);
    expect(item).toBeDefined();
    const signed = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: DEMO_SIGNING_PASSPHRASE });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ signed: 1, failed: 0 });

    const view = await citizen.request("GET", `/api/cases/${sub.id}`);
    const pdf = await s.app.inject({
      method: "GET",
      url: view.body.readyDocument!.downloadUrl,
      headers: { "x-balai-tenant": PALEMBANG, cookie: citizen.cookie ?? "" },
    });
    expect(pdf.statusCode).toBe(200);
    const file = path.join(tmp, "signed.pdf");
    writeFileSync(file, pdf.rawPayload);
    const root = await client(s.app).request("GET", "/api/public/documents/root.pem");
    writeFileSync(path.join(tmp, "root.pem"), root.body);
    expectPdfsigValid(file, path.join(tmp, "root.pem"), "balai-demo-root");
  });

  it("the signing status says who can sign now and what is missing otherwise", async () => {
    expect((await lurah.request("GET", "/api/documents/signing-status")).body).toEqual({ signer: "local", ready: true, missing: null });
    expect((await operator.request("GET", "/api/documents/signing-status")).body).toEqual({ signer: "local", ready: false, missing: "certificate-missing" });
    expect((await citizen.request("GET", "/api/documents/signing-status")).status).toBe(403);
  });

  it("a wrong passphrase is refused (the demo passphrase is not the login password)", async () => {
    const sub = await caseAwaitingSignature();
    const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === sub.id);
    const wrong = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: "Balai-Demo-2026" });
    expect(wrong.status).toBe(400);
    expect(wrong.problem.type).toBe("/problems/passphrase-invalid");
  });
});

describe("the citizen's case says when the letter is ready", () => {
  it("not ready while waiting for the signature; ready (with the download link) once signed, and after the hand-over", async () => {
    const sub = await caseAwaitingSignature();
    const before = await citizen.request("GET", `/api/cases/${sub.id}`);
    expect(before.body).toMatchObject({ state: "verified", documentReady: false, readyDocument: null });
    const mineBefore = (await citizen.request("GET", "/api/cases/mine")).body.find((c: { id: string }) => c.id === sub.id);
    expect(mineBefore).toMatchObject({ documentReady: false, readyDocument: null });

    const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === sub.id);
    const signed = await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase: DEMO_SIGNING_PASSPHRASE });
    expect(signed.body.results[0]).toMatchObject({ status: "signed" });
    const number = signed.body.results[0].number;

    // The workflow still has a hand-over step ("Serahkan surat"): the case is open, but the letter is ready.
    const after = await citizen.request("GET", `/api/cases/${sub.id}`);
    expect(after.body).toMatchObject({
      state: "signed",
      isOpen: true,
      documentReady: true,
      readyDocument: { title: "Surat Keterangan Domisili", number, downloadUrl: `/api/documents/${item!.id}/download` },
    });
    const mine = (await citizen.request("GET", "/api/cases/mine")).body.find((c: { id: string }) => c.id === sub.id);
    expect(mine).toMatchObject({ isOpen: true, documentReady: true, readyDocument: { number } });
    const tracked = await client(s.app).request("GET", `/api/track/${sub.trackingToken}`);
    expect(tracked.body).toMatchObject({ state: "signed", documentReady: true });
    expect(tracked.body.readyDocument).toBeUndefined();

    const letter = (await operator.request("GET", `/api/cases/${sub.id}`)).body.files.find((f) => f.field === "__document");
    expect((await actOn(operator, sub.id, "complete", { fileIds: [letter!.id] })).status).toBe(200);
    const done = await citizen.request("GET", `/api/cases/${sub.id}`);
    expect(done.body).toMatchObject({ state: "completed", isOpen: false, documentReady: true });
  });

  it("a rejected case has no ready letter", async () => {
    const sub = await caseAwaitingSignature();
    expect((await actOn(operator, sub.id, "reject", { comment: "Alamat di luar wilayah kelurahan" })).status).toBe(200);
    const view = await citizen.request("GET", `/api/cases/${sub.id}`);
    expect(view.body).toMatchObject({ state: "rejected", documentReady: false, readyDocument: null });
  });
});
