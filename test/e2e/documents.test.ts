/**
 * Official documents in a real browser: the demo lurah signs from the "Tanda tangan"
 * queue on a phone-sized screen; anyone opens the QR code's verification page and uploads a changed copy.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiSession, DESKTOP, expectAccessible, hasHorizontalScroll, MOBILE, newContext, ROOT, setupBrowserTests, uiLogin } from "./helpers.ts";

const SHOTS = path.join(ROOT, "docs/screenshots");

const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const t = setupBrowserTests();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "balai-docs-e2e-"));

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A logged-in HTTP client (cookie + CSRF); uploads send the KTP PDF. */
async function apiLogin(identifier: string) {
  const s = await apiSession(t.server.url, identifier);
  return { call: s.call, upload: (url: string) => s.upload(url, { bytes: PDF, name: "ktp.pdf", type: "application/pdf" }), raw: s.raw };
}

/** An SKD case verified by the kelurahan operator: waiting for the lurah's signature. */
async function caseAwaitingSignature() {
  const citizen = await apiLogin("warga@example.com");
  const draft = await citizen.call("POST", "/api/cases", { service: "surat-keterangan-domisili" });
  const ktp = await citizen.upload(`/api/cases/${draft.id}/files?field=ktp`);
  const saved = await citizen.call("PUT", `/api/cases/${draft.id}/answers`, {
    version: draft.version,
    data: {
      nik: "1671044503900001",
      nama: "Maya Sari",
      alamat: { street: "Jl. Merdeka 10", rt: "003", rw: "002", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
      keperluan: "Pendaftaran sekolah anak",
      ktp: ktp.id,
    },
  });
  const submitted = await citizen.call("POST", `/api/cases/${draft.id}/submit`, { version: saved.version });
  const operator = await apiLogin("operator.kelurahan@palembang.go.id");
  const view = await operator.call("GET", `/api/cases/${draft.id}`);
  await operator.call("POST", `/api/cases/${draft.id}/actions/verify`, { version: view.version });
  return { id: draft.id as string, number: submitted.number as string, citizen };
}

describe("electronic signatures", () => {
  it("the demo lurah signs from the queue on a phone with the documented passphrase; anyone verifies", async () => {
    const { id, number, citizen } = await caseAwaitingSignature();

    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "lurah@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.getByRole("link", { name: "Tanda tangan elektronik" }).click();
    await p.waitForURL(/\/konsol\/tanda-tangan/);
    await p.getByRole("heading", { level: 1, name: "Tanda tangan elektronik" }).waitFor();
    const item = p.getByLabel(`Surat Keterangan Domisili · Permohonan ${number}`);
    await item.waitFor();
    await expectAccessible(p);
    expect(await hasHorizontalScroll(p)).toBe(false);

    // The demo lurah ships with a certificate (README: signing passphrase Balai-TTE-2026).
    await p.getByTestId("cert-active").waitFor();

    // Preview link, then sign with the passphrase.
    expect(await p.getByRole("link", { name: new RegExp(`Pratinjau PDF Surat Keterangan Domisili ${number}`) }).getAttribute("href")).toMatch(
      /\/api\/documents\/.+\/preview$/,
    );
    await item.check();
    await p.screenshot({ path: path.join(SHOTS, "documents-queue-360.png"), fullPage: true });
    await p.getByLabel("Passphrase", { exact: true }).fill("Balai-TTE-2026");
    await p.getByRole("button", { name: "Tandatangani 1 dokumen" }).click();
    await p.getByText("1 dokumen berhasil ditandatangani.").waitFor();
    // The queue reloads after the message: wait for the signed letter to leave it.
    await expect.poll(() => p.getByLabel(`Surat Keterangan Domisili · Permohonan ${number}`).count()).toBe(0);
    await expectAccessible(p);
    await ctx.close();

    // The kelurahan operator hands the letter over: the signed PDF is attached without another upload.
    const opCtx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const op = await opCtx.newPage();
    await uiLogin(op, "operator.kelurahan@palembang.go.id");
    await op.waitForURL(/\/konsol/);
    await op.goto(`/konsol/permohonan/${id}`);
    await op.getByRole("button", { name: "Serahkan surat" }).click();
    await op.getByText(/Surat yang ditandatangani secara elektronik .* dilampirkan/).waitFor();
    await op.getByRole("button", { name: "Lanjutkan: Serahkan surat" }).click();
    await op.getByText("Tindakan “Serahkan surat” berhasil").waitFor();
    await opCtx.close();

    // The citizen's case page offers the signed PDF and its check.
    const docs = await citizen.call("GET", `/api/cases/${id}/output-documents`);
    expect(docs[0]).toMatchObject({ status: "signed" });
    const pdf = Buffer.from(await (await citizen.raw(docs[0].downloadUrl)).arrayBuffer());
    if (process.env.BALAI_E2E_SAVE_PDF) fs.writeFileSync(process.env.BALAI_E2E_SAVE_PDF, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

    // Anyone: the QR code's page, then an upload of a changed copy.
    const pub = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const v = await pub.newPage();
    await v.goto(`/verify/${docs[0].code}`);
    await v.getByRole("heading", { name: /Dokumen asli/ }).waitFor();
    const result = v.getByTestId("verify-code");
    expect(await result.textContent()).toContain("Dedi Kurniawan");
    expect(await result.textContent()).toContain(docs[0].number);
    await expectAccessible(v);
    expect(await hasHorizontalScroll(v)).toBe(false);
    await v.screenshot({ path: path.join(SHOTS, "documents-verify-360.png"), fullPage: true });

    const changed = Buffer.concat([pdf, Buffer.from("\n% changed\n")]);
    const file = path.join(tmp, "changed.pdf");
    fs.writeFileSync(file, changed);
    await v.getByLabel("Berkas PDF").setInputFiles(file);
    await v.getByRole("button", { name: "Periksa" }).click();
    await v.getByRole("heading", { name: /Dokumen tidak sah/ }).waitFor();
    expect(await v.getByText("Berkas diubah atau ditambah setelah ditandatangani").count()).toBe(1);
    await expectAccessible(v);
    await pub.close();
  });

  it("an OPD head edits the output document of a service (saved as a draft)", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "kadis.dishub@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.goto("/konsol/layanan/izin-penyelenggaraan-parkir");
    await p.getByRole("link", { name: /Dokumen hasil/ }).click();
    await p.getByRole("heading", { level: 1, name: "Dokumen hasil layanan" }).waitFor();
    expect(await p.getByLabel("Format nomor").inputValue()).toContain("{seq}");
    expect(await p.getByLabel("Isi surat").inputValue()).toContain("- NIB: {nib}");
    await expectAccessible(p);
    await p.getByLabel("Format nomor").fill("551/IPK/{year}");
    await p.getByRole("button", { name: "Simpan draf" }).click();
    await p.getByRole("link", { name: "Format nomor harus memuat {seq}" }).waitFor();
    await p.getByLabel("Format nomor").fill("551/{seq}/IPK/{year}");
    await p.getByLabel("Judul dokumen").fill("Izin Penyelenggaraan Tempat Parkir (Gedung)");
    await p.getByRole("button", { name: "Simpan draf" }).click();
    await p.getByText(/Draf versi \d+ tersimpan/).waitFor();
    await ctx.close();
    const admin = await apiLogin("kadis.dishub@palembang.go.id");
    const ed = await admin.call("GET", "/api/admin/catalog/services/izin-penyelenggaraan-parkir/editor");
    expect(ed.status).toBe("draft");
    expect(ed.spec.output.template).toMatchObject({
      title: "Izin Penyelenggaraan Tempat Parkir (Gedung)",
      numbering: "551/{seq}/IPK/{year}",
      signer: { role: "opd_admin", action: "approve" },
    });
    expect(ed.spec.output.template.body[1].rows[1]).toEqual({ label: "NIB", value: "{nib}" });
  });
});
