/**
 * The budget in the browser: the public page (/anggaran) shows the demo APBD with its absorption chart and table,
 * a revision side by side with the version before, the signed daily roots and the open-data links (axe-clean, no
 * sideways scrolling at 360 px); a TAPD officer's import of a file with a wrong code lists the line and column.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DESKTOP, expectUsable, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "" } });
const SHOTS = process.env.BUDGET_SHOTS;

describe("anggaran (APBD)", () => {
  it("public page: absorption, a revision side by side, signed roots, open data (360 px and 1280 px)", async () => {
    for (const viewport of [MOBILE, DESKTOP]) {
      const ctx = await newContext(t.browser, t.server.url, viewport, { bypassCSP: true });
      const p = await ctx.newPage();
      await p.goto("/");
      await p.getByRole("link", { name: "APBD kota (transparansi anggaran)" }).click();
      await p.getByRole("heading", { level: 1, name: /^APBD 20\d\d$/ }).waitFor();
      await expect.poll(() => p.getByText("Ditetapkan").count()).toBeGreaterThan(0);
      await p.locator(".budget-chart svg").waitFor();
      await expect.poll(() => p.locator("table").first().textContent()).toContain("Dinas Komunikasi dan Informatika");
      await expectUsable(p, `anggaran ${viewport.width}`);
      await p.getByRole("button", { name: "Bandingkan revisi 1 dengan versi sebelumnya" }).click();
      await p.getByRole("heading", { name: "Versi 0 dan 1 berdampingan" }).waitFor();
      const cmp = await p.locator(".budget-compare table").textContent();
      expect(cmp).toContain("Komputer operator command center");
      expect(cmp).toContain("Langganan internet pusat data kota");
      await expect.poll(() => p.locator("code.hash").count()).toBeGreaterThan(0);
      expect(await p.locator("code.hash").first().textContent()).toMatch(/^[0-9a-f]{64}$/);
      expect(await p.getByRole("link", { name: "Unduh CSV" }).first().getAttribute("href")).toMatch(/apbd\.csv$/);
      await expectUsable(p, `anggaran banding ${viewport.width}`);
      if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `anggaran-${viewport.width}.png`), fullPage: true });
      await ctx.close();
    }
  }, 240_000);

  it("a TAPD officer sees the approved year locked; a wrong code is refused with line and column; a pergeseran must balance, then is revision 2", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "tapd@palembang.go.id");
    await p.getByRole("link", { name: "Anggaran (APBD)" }).click();
    await p.getByRole("heading", { level: 1, name: "Anggaran (cermin SIPD)" }).waitFor();
    // The demo year is approved: the console says changes go through a revision, and lists the lines.
    await expect.poll(() => p.getByText(/sudah ditetapkan/).count()).toBeGreaterThan(0);
    await expect.poll(() => p.locator("table").first().textContent()).toContain("2.16.03.2.02.0005");
    await expectUsable(p, "konsol anggaran");
    // Realisation import with a bad month names line and column.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anggaran-")), "realisasi.csv");
    fs.writeFileSync(file, "kode_opd,kode_sub_kegiatan,kode_rekening,bulan,realisasi\nDISKOMINFO,2.16.3.2.02.0005,5.2.02.10.01.0002,3,1000\n");
    await p.locator("#ang-real-file").setInputFiles(file);
    await p.getByRole("button", { name: "Unggah" }).click();
    await expect.poll(() => p.locator(".error-summary").textContent()).toContain("Baris 2, kolom B");
    await expectUsable(p, "konsol anggaran galat");
    // A pergeseran through the form: unbalanced is refused with the sums, balanced is recorded as revision 2.
    const pdf = path.join(path.dirname(file), "sk.pdf");
    fs.writeFileSync(pdf, "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    const optionValue = async (sel: string, text: string) => (await p.locator(`${sel} option`, { hasText: text }).getAttribute("value")) ?? "";
    await p.getByLabel("Pergeseran").check();
    await p.getByLabel("Alasan").fill("Tambahan bandwidth untuk layanan 112");
    await p.getByLabel("Disetujui oleh").last().fill("Sekda Kota Palembang (Ketua TAPD)");
    await p.getByLabel("Dasar hukum").fill("Keputusan Wali Kota Nomor 411/KPTS/BPKAD/2026");
    await p.locator("#ang-line-0").selectOption(await optionValue("#ang-line-0", "Tenaga administrasi kota cerdas"));
    await p.locator("#ang-amount-0").fill("162800000");
    await p.getByRole("button", { name: "Tambah baris" }).click();
    await p.locator("#ang-line-1").selectOption(await optionValue("#ang-line-1", "Langganan internet pusat data kota"));
    await p.locator("#ang-amount-1").fill("499000000");
    await expect.poll(() => p.getByText("Selisih total saat ini").textContent()).toMatch(/-1\.000\.000/);
    await p.locator("#ang-decree-file").setInputFiles(pdf);
    await p.getByRole("button", { name: "Catat revisi" }).click();
    await expect
      .poll(() => p.locator("#ang-revise ~ .error-summary, section[aria-labelledby=ang-revise] .error-summary").first().textContent())
      .toContain("tidak seimbang");
    await p.locator("#ang-amount-1").fill("500000000");
    await p.getByRole("button", { name: "Catat revisi" }).click();
    await expect.poll(() => p.getByText("Revisi 2 tercatat.").count()).toBeGreaterThan(0);
    await expectUsable(p, "konsol anggaran revisi");
    if (SHOTS) await p.screenshot({ path: path.join(SHOTS, "konsol-anggaran.png"), fullPage: true });
    await ctx.close();
  }, 180_000);

  it("SPBE: an OPD operator answers an assigned indicator on a phone; a level outside the range is named; index and radar shown", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "operator.dukcapil@palembang.go.id");
    await p.getByRole("link", { name: "Evaluasi SPBE / Indeks Pemerintah Digital" }).click();
    await p.getByRole("heading", { level: 1, name: "Evaluasi SPBE dan Indeks Pemerintah Digital" }).waitFor();
    await p.locator(".spbe-radar svg").waitFor();
    await expect.poll(() => p.getByTestId("spbe-index").textContent()).toMatch(/^\d\.\d\d$/);
    expect(await p.locator("#spbe-ind ~ * table, section[aria-labelledby=spbe-ind] table").first().textContent()).toContain(
      "Layanan Pengaduan Pelayanan Publik",
    );
    await expectUsable(p, "spbe 360");
    await p.getByRole("button", { name: "Jawab 42" }).click();
    await p.getByRole("heading", { name: /Indikator 42/ }).waitFor();
    await p.getByRole("button", { name: "Simpan jawaban" }).click(); // no level chosen
    await expect.poll(() => p.locator(".error-summary").textContent()).toContain("Tingkat harus 1–5");
    await p.getByLabel("4 — Terpadu dan Terukur").check();
    await p.getByLabel("Penjelasan").fill("Pengaduan terpadu lewat e-Lapor Balai dan SP4N-LAPOR!");
    await p.getByRole("button", { name: "Simpan jawaban" }).click();
    await expect.poll(() => p.getByText("Jawaban tersimpan.").count()).toBeGreaterThan(0);
    await expect.poll(() => p.locator("tr", { hasText: "Layanan Pengaduan Pelayanan Publik" }).first().textContent()).toContain("Menunggu reviu");
    await expectUsable(p, "spbe jawab 360");
    if (SHOTS) await p.screenshot({ path: path.join(SHOTS, "spbe-360.png"), fullPage: true });
    await ctx.close();
  }, 180_000);

  it("SPBE: Kominfo opens a Pemdi evaluation and assigns an indicator to an OPD", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "admin@palembang.go.id");
    await p.getByRole("link", { name: "Evaluasi SPBE / Indeks Pemerintah Digital" }).click();
    await p.locator(".spbe-radar svg").waitFor();
    await p.getByText("Buka evaluasi baru").first().click();
    await p.getByLabel("Kerangka evaluasi").selectOption("pemdi-2026");
    await p.getByRole("button", { name: "Buka evaluasi" }).click();
    await expect.poll(() => p.locator("#spbe-assessment option:checked").textContent()).toContain("Indeks Pemerintah Digital 2026");
    await expect.poll(() => p.getByTestId("spbe-index").textContent()).toBe("0.00");
    await p.getByLabel("Kode OPD untuk indikator P9.1").fill("DISKOMINFO");
    await p.getByRole("button", { name: "Tugaskan indikator P9.1" }).click();
    await expect.poll(() => p.getByLabel("Kode OPD untuk indikator P9.1").inputValue()).toBe("DISKOMINFO");
    await expectUsable(p, "spbe kominfo");
    if (SHOTS) await p.screenshot({ path: path.join(SHOTS, "spbe-kominfo.png"), fullPage: false });
    await ctx.close();
  }, 180_000);
});
