/**
 * School reports in the browser: the demo principal, on a 360 px phone, opens this month's attendance report from
 * the console, sends it empty (the error summary takes focus and names the fields), fills every class and sends it;
 * the confirmation says what happens next. axe-clean, no sideways scrolling. Disdik's dashboard shows the period.
 */
import { describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

// SCHOOLS_E2E_URL: drive a demo server already running (a loaded machine may need longer than startServer waits).
const t = setupBrowserTests({ url: process.env.SCHOOLS_E2E_URL, env: { BALAI_MAP_TILE_URL: "" } });

const SHOTS = process.env.BALAI_SCREENSHOTS ?? "";

describe("school reports", () => {
  it("a principal sends the monthly attendance report on a phone", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "kepsek.sdn1@palembang.go.id");
    await p.getByRole("link", { name: "Laporan sekolah" }).first().click();
    await p.getByRole("heading", { level: 1, name: "Laporan sekolah" }).waitFor();
    await expectAccessible(p, "sekolah list");
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/schools-list.png`, fullPage: true });
    await p.getByRole("link", { name: /Isi laporan.*Kehadiran bulanan/ }).click();
    await p.getByRole("heading", { level: 1, name: /Kehadiran bulanan siswa dan guru/ }).waitFor();
    await expectAccessible(p, "form");

    await p.getByRole("button", { name: "Kirim laporan" }).click();
    const summary = p.locator(".error-summary");
    await summary.waitFor();
    expect(await p.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    expect(await summary.textContent()).toMatch(/Hari efektif sekolah: Wajib diisi/);
    await expectAccessible(p, "form with errors");
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/schools-errors.png`, fullPage: true });

    await p.getByLabel("Hari efektif sekolah").fill("20");
    const classes = await p.locator("fieldset.class-row").count();
    expect(classes).toBe(6);
    for (let i = 0; i < classes; i++) {
      for (const [col, v] of [
        ["hadir", "540"],
        ["sakit", "4"],
        ["izin", "2"],
        ["alpa", "1"],
      ])
        await p.locator(`[id="data.kelas[${i}].${col}"]`).fill(v);
    }
    await p.getByLabel("Hari-guru hadir").fill("198");
    await p.getByLabel("Hari-guru tidak hadir").fill("2");
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/schools-filled.png`, fullPage: true });
    await p.getByRole("button", { name: "Kirim laporan" }).click();
    await p.getByRole("heading", { level: 1, name: "Laporan terkirim" }).waitFor();
    expect(await p.locator("main").textContent()).toMatch(/Dinas Pendidikan akan memeriksa/);
    await expectAccessible(p, "confirmation");
    await p.getByRole("link", { name: "Kembali ke laporan sekolah" }).click();
    await expect.poll(() => p.locator(".school-due__item").first().textContent()).toMatch(/Menunggu pemeriksaan/);
    await ctx.close();
  }, 240_000);

  it("Disdik's dashboard shows reports per kecamatan with a chart and the review queue", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "operator.disdik@palembang.go.id");
    await p.getByRole("link", { name: "Dasbor laporan sekolah" }).click();
    await p.getByRole("heading", { level: 1, name: "Laporan sekolah per kecamatan" }).waitFor();
    await p.locator(".school-chart svg").waitFor();
    await expect.poll(() => p.locator("table").textContent()).toMatch(/Kecamatan/);
    await expectAccessible(p, "dashboard");
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/schools-dashboard.png`, fullPage: true });
    await ctx.close();
  }, 240_000);
});
