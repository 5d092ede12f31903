/**
 * e-Office in a real browser on a 360 px phone: the head of Dinas Perdagangan disposes an incoming letter to a
 * staff member; the staff member opens it (read) and reports it done. axe-core finds nothing serious.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiSession, expectAccessible, hasHorizontalScroll, MOBILE, newContext, ROOT, setupBrowserTests, uiLogin } from "./helpers.ts";

const SHOTS = path.join(ROOT, "docs/screenshots");
const t = setupBrowserTests();

const SUBJECT = "Undangan rapat dengar pendapat Komisi II tentang pasar tradisional";

describe("e-Office on a phone", () => {
  it("the head disposes a letter; the staff member reads it and reports it done", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "kepala.disdag@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.getByRole("link", { name: "Surat & disposisi" }).click();
    await p.getByRole("heading", { level: 1, name: "Surat & disposisi" }).waitFor();
    await p.getByRole("link", { name: SUBJECT }).waitFor();
    await expectAccessible(p, "desk");
    expect(await hasHorizontalScroll(p)).toBe(false);
    await p.screenshot({ path: path.join(SHOTS, "eoffice-desk-360.png"), fullPage: true });

    await p.getByRole("link", { name: SUBJECT }).click();
    await p.getByRole("heading", { level: 2, name: "Disposisikan" }).waitFor();
    // Nothing chosen: the error summary says what is missing.
    await p.getByRole("button", { name: "Kirim disposisi" }).click();
    await p.getByText("Pilih staf penerima disposisi").first().waitFor();
    await p.getByLabel("Kepada").selectOption({ label: "Rina Marlina" });
    await p.getByLabel("Instruksi").fill("Hadiri dan siapkan bahan paparan harga.");
    await p.getByLabel("Batas waktu (tidak wajib)").fill("2099-01-15");
    await p.getByRole("button", { name: "Kirim disposisi" }).click();
    await p.getByText("Disposisi terkirim kepada Rina Marlina.").waitFor();
    await p.getByTestId("dispositions").getByText("Sri Wahyuni → Rina Marlina").waitFor();
    await expectAccessible(p, "letter");
    expect(await hasHorizontalScroll(p)).toBe(false);
    await p.screenshot({ path: path.join(SHOTS, "eoffice-dispose-360.png"), fullPage: true });
    await ctx.close();

    const sctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const s = await sctx.newPage();
    await uiLogin(s, "operator.disdag@palembang.go.id");
    await s.waitForURL(/\/konsol/);
    await s.goto("/konsol/surat");
    const mine = s.getByTestId("my-dispositions");
    await mine.getByRole("link", { name: SUBJECT }).click();
    const panel = s.getByTestId("my-disposition").first();
    await panel.getByText("Hadiri dan siapkan bahan paparan harga.").waitFor();
    await expectAccessible(s, "my disposition");
    expect(await hasHorizontalScroll(s)).toBe(false);
    await panel.getByLabel("Hasil tindak lanjut").fill("Sudah hadir, bahan paparan diserahkan.");
    await panel.getByRole("button", { name: "Laporkan selesai" }).click();
    await s.getByText("Penyelesaian: Sudah hadir, bahan paparan diserahkan.").waitFor();
    await s.screenshot({ path: path.join(SHOTS, "eoffice-finish-360.png"), fullPage: true });
    await sctx.close();
  }, 240_000);

  it("the head signs an outgoing letter from the phone with the passphrase", async () => {
    const head = await apiSession(t.server.url, "kepala.disdag@palembang.go.id");
    const drafter = await apiSession(t.server.url, "sekretariat.disdag@palembang.go.id");
    const verifier = await apiSession(t.server.url, "operator.disdag@palembang.go.id");
    const headId = (await head.call("GET", "/api/auth/session")).user.id;
    const verifierId = (await verifier.call("GET", "/api/auth/session")).user.id;
    const draft = await drafter.call("POST", "/api/eoffice/outgoing", {
      template: "nota-dinas",
      subject: "Laporan pemantauan harga minggu ini",
      content: "Harga cabai merah naik 12% dibanding minggu lalu di 5 pasar.",
      recipient: "Wali Kota Palembang",
      classificationCode: "500.2",
      confidentiality: "biasa",
      urgency: "segera",
      verifierId,
      signerId: headId,
    });
    await drafter.call("POST", `/api/eoffice/letters/${draft.id}/submit`, {});
    await verifier.call("POST", `/api/eoffice/letters/${draft.id}/review`, { decision: "approve" });
    await head.call("POST", "/api/documents/certificates", { passphrase: "Passphrase-Kadis-2026" });

    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "kepala.disdag@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.goto(`/konsol/surat/${draft.id}`);
    await p.getByRole("heading", { level: 2, name: "Tanda tangani secara elektronik" }).waitFor();
    await expectAccessible(p, "sign");
    expect(await hasHorizontalScroll(p)).toBe(false);
    await p.getByRole("button", { name: "Tanda tangani" }).click();
    await p.getByText("Masukkan passphrase").first().waitFor();
    await p.getByLabel("Passphrase sertifikat").fill("Passphrase-Kadis-2026");
    await p.getByRole("button", { name: "Tanda tangani" }).click();
    await p.getByText("Ditandatangani", { exact: true }).first().waitFor();
    await p.getByText(/^500\.2\/\d+\/DISDAG\/\d{4}$/).waitFor();
    await expectAccessible(p, "signed");
    await p.screenshot({ path: path.join(SHOTS, "eoffice-signed-360.png"), fullPage: true });
    await ctx.close();

    // Anyone scanning the QR code: the public check page.
    const signed = await head.call("GET", `/api/eoffice/letters/${draft.id}`);
    const pub = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const v = await pub.newPage();
    await v.goto(`/surat/verifikasi/${signed.signed.verifyCode}`);
    const result = v.getByTestId("eoffice-verify");
    await result.waitFor();
    expect(await result.textContent()).toContain(signed.number);
    expect(await result.textContent()).toContain("Sri Wahyuni");
    await expectAccessible(v, "verify");
    expect(await hasHorizontalScroll(v)).toBe(false);
    await v.goto("/surat/verifikasi/kode-palsu-123");
    await v.getByText("Kode verifikasi tidak dikenal").waitFor();
    await pub.close();
  }, 240_000);
});
