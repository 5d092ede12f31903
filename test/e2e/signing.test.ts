/**
 * Signing that guides, in a real browser: a Plh. deputy without a certificate is led through issuing one and then
 * signs; the lurah (seeded with the demo certificate) signs a batch with progress, a failure listed with its reason,
 * and continues after a wrong passphrase; the citizen sees "Selesai — surat dapat diunduh" and downloads the letter,
 * which poppler's pdfsig accepts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectPdfsigValid } from "../pdfsig.ts";
import { apiSession, DESKTOP, expectUsable, launchBrowser, MOBILE, newContext, ROOT, startServer, type TestServer, uiLogin } from "./helpers.ts";

/** The demo signers' passphrase, as README "Try it" documents it. */
const DEMO_SIGNING_PASSPHRASE = "Balai-TTE-2026";
const SHOTS = path.join(ROOT, "docs/screenshots");
const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

let server: TestServer;
let browser: Browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "balai-signing-e2e-"));

// A first start migrates and seeds the whole demo city: on a shared, busy machine that can take many minutes.
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** SKD cases verified by the kelurahan operator: each waits for the lurah's signature. */
async function casesAwaitingSignature(n: number) {
  const citizen = await apiSession(server.url, "warga@example.com");
  const operator = await apiSession(server.url, "operator.kelurahan@palembang.go.id");
  const out: { id: string; number: string }[] = [];
  for (let i = 0; i < n; i++) {
    const draft = await citizen.call("POST", "/api/cases", { service: "surat-keterangan-domisili" });
    const ktp = await citizen.upload(`/api/cases/${draft.id}/files?field=ktp`, { bytes: PDF, name: "ktp.pdf", type: "application/pdf" });
    const saved = await citizen.call("PUT", `/api/cases/${draft.id}/answers`, {
      version: draft.version,
      data: {
        nik: "1671044503900001",
        nama: "Maya Sari",
        alamat: { street: "Jl. Merdeka 10", rt: "003", rw: "002", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
        keperluan: `Pendaftaran sekolah anak ${i + 1}`,
        ktp: ktp.id,
      },
    });
    const submitted = await citizen.call("POST", `/api/cases/${draft.id}/submit`, { version: saved.version });
    const view = await operator.call("GET", `/api/cases/${draft.id}`);
    await operator.call("POST", `/api/cases/${draft.id}/actions/verify`, { version: view.version });
    out.push({ id: draft.id, number: submitted.number });
  }
  return { cases: out, citizen, operator };
}

/** A browser context with patient waits: the shared test machine is often busy. */
async function context(viewport: typeof MOBILE) {
  const ctx = await newContext(browser, server.url, viewport, { bypassCSP: true });
  ctx.setDefaultTimeout(120_000);
  return ctx;
}

const itemLabel = (number: string) => `Surat Keterangan Domisili · Permohonan ${number}`;
const jakartaToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());

let signedCase: { id: string; number: string };

describe("signing that guides", () => {
  it("a signer without a certificate is guided through issuing one, then the documents they chose are signed", { timeout: 600_000 }, async () => {
    const { cases } = await casesAwaitingSignature(2);
    // The lurah is away today: the kelurahan operator signs as Plh. and holds no certificate.
    const lurah = await apiSession(server.url, "lurah@palembang.go.id");
    await lurah.call("POST", "/api/documents/delegations", {
      deputy: "operator.kelurahan@palembang.go.id",
      from: jakartaToday(),
      to: jakartaToday(),
      kind: "plh",
    });

    const ctx = await context(MOBILE);
    const p = await ctx.newPage();
    await uiLogin(p, "operator.kelurahan@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.goto("/konsol/tanda-tangan");
    await p.getByRole("heading", { level: 1, name: "Tanda tangan elektronik" }).waitFor();
    for (const c of cases) await p.getByLabel(itemLabel(c.number)).check();
    await p.getByText("Anda belum memiliki sertifikat elektronik. Saat Anda menandatangani").waitFor();
    await p.getByRole("button", { name: "Tandatangani 2 dokumen" }).click();

    const dialog = p.getByRole("dialog", { name: "Terbitkan sertifikat elektronik Anda" });
    await dialog.waitFor();
    await dialog.getByText("Ingat passphrase ini").waitFor();
    // A short passphrase is refused in the dialog, with the error summary.
    await dialog.getByLabel("Passphrase baru").fill("pendek");
    await dialog.getByRole("button", { name: "Terbitkan dan tandatangani 2 dokumen" }).click();
    await dialog.getByRole("link", { name: "Passphrase terlalu pendek: minimal 8 karakter" }).waitFor();
    await dialog.getByLabel("Passphrase baru").fill("Sungai-Musi-Plh-2026");
    await dialog.getByText("Kuat").waitFor();
    await dialog.getByLabel("Ulangi passphrase").fill("Sungai-Musi-Plh-2026");
    await expectUsable(p, "certificate dialog at 360 px");
    await p.screenshot({ path: path.join(SHOTS, "signing-certificate-dialog-360.png"), fullPage: false });
    await p.setViewportSize(DESKTOP);
    await p.screenshot({ path: path.join(SHOTS, "signing-certificate-dialog-1280.png"), fullPage: false });
    await p.setViewportSize(MOBILE);
    await dialog.getByRole("button", { name: "Terbitkan dan tandatangani 2 dokumen" }).click();

    // The key is made (status shown in the dialog), then the two documents are signed with the new passphrase.
    await p.getByText("2 dokumen berhasil ditandatangani.").waitFor({ timeout: 180_000 });
    expect(await dialog.count()).toBe(0);
    await p.getByTestId("cert-active").waitFor();
    for (const c of cases) await expect.poll(() => p.getByLabel(itemLabel(c.number)).count()).toBe(0);
    await expectUsable(p, "queue after guided signing");
    await ctx.close();

    const mine = await apiSession(server.url, "operator.kelurahan@palembang.go.id");
    const view = await mine.call("GET", `/api/cases/${cases[0].id}`);
    expect(view.state).toBe("signed");
  });

  it("bulk signing shows n of m, lists a failure with its reason, and continues after a wrong passphrase", { timeout: 600_000 }, async () => {
    const { cases, operator } = await casesAwaitingSignature(3);
    const ctx = await context(DESKTOP);
    const p = await ctx.newPage();
    await uiLogin(p, "lurah@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.goto("/konsol/tanda-tangan");
    await p.getByTestId("cert-active").waitFor();
    for (const c of cases) await p.getByLabel(itemLabel(c.number)).check();

    // Meanwhile the operator sends the second application back for correction: it leaves the lurah's queue.
    const view = await operator.call("GET", `/api/cases/${cases[1].id}`);
    await operator.call("POST", `/api/cases/${cases[1].id}/actions/request_correction`, { version: view.version, comment: "Foto KTP buram" });

    // A wrong passphrase stops the batch before anything is signed; the rest can be continued.
    await p.getByLabel("Passphrase", { exact: true }).fill("Balai-Demo-2026");
    await p.getByRole("button", { name: "Tandatangani 3 dokumen" }).click();
    const progress = p.getByTestId("bulk-progress");
    await progress.getByText(/3 dokumen belum ditandatangani\. Masukkan passphrase yang benar/).waitFor();
    await expectUsable(p, "bulk signing stopped at a wrong passphrase");

    await p.getByLabel("Passphrase", { exact: true }).fill(DEMO_SIGNING_PASSPHRASE);
    await p.getByRole("button", { name: "Lanjutkan: tandatangani 3 dokumen lagi" }).click();
    await progress.getByText("2 dari 3 dokumen ditandatangani.").waitFor({ timeout: 180_000 });
    expect(await progress.locator("progress").getAttribute("value")).toBe("3");
    const failures = p.getByTestId("bulk-failures");
    expect(await failures.textContent()).toContain(`Permohonan ${cases[1].number}`);
    expect(await failures.textContent()).toContain("sudah tidak ada di antrean Anda");
    await p.getByText("2 dokumen berhasil ditandatangani. 1 dokumen gagal; alasannya di bawah.").waitFor();
    await expectUsable(p, "bulk signing summary");
    await p.screenshot({ path: path.join(SHOTS, "signing-bulk-1280.png"), fullPage: true });
    await p.setViewportSize(MOBILE);
    await expectUsable(p, "bulk signing summary at 360 px");
    await p.screenshot({ path: path.join(SHOTS, "signing-bulk-360.png"), fullPage: true });
    await ctx.close();
    signedCase = cases[0];
  });

  it("the citizen sees the signed case as done and downloads the letter; pdfsig accepts it", { timeout: 600_000 }, async () => {
    const ctx = await context(MOBILE);
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.goto("/layanan-saya");
    const done = p.locator("section", { has: p.getByRole("heading", { name: /^Selesai \(\d+\)$/ }) });
    const entry = done.locator("li", { hasText: signedCase.number });
    await entry.getByText("Selesai — surat dapat diunduh").waitFor();
    // Not under "Sedang diproses" any more.
    const open = p.locator("section", { has: p.getByRole("heading", { name: /^Sedang diproses/ }) });
    expect(await open.locator("li", { hasText: signedCase.number }).count()).toBe(0);
    await expectUsable(p, "my applications");

    await entry.getByRole("link").click();
    await p.getByTestId("case-state").getByText("Selesai — surat dapat diunduh").waitFor();
    await p.screenshot({ path: path.join(SHOTS, "signing-citizen-ready-360.png"), fullPage: false });
    await p.setViewportSize(DESKTOP);
    await p.screenshot({ path: path.join(SHOTS, "signing-citizen-ready-1280.png"), fullPage: false });
    await p.setViewportSize(MOBILE);
    await expectUsable(p, "case page with the ready letter");
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p
        .getByRole("link", { name: /^Unduh Surat Keterangan Domisili/ })
        .first()
        .click(),
    ]);
    const file = path.join(tmp, "surat.pdf");
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    fs.writeFileSync(path.join(tmp, "root.pem"), await (await fetch(`${server.url}/api/public/documents/root.pem`)).text());
    expectPdfsigValid(file, path.join(tmp, "root.pem"), "balai-signing-root");
    await ctx.close();
  });
});
