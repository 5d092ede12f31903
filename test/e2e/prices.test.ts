/**
 * Harga bahan pokok in the browser: the public page (/harga) shows today's demo prices with arrows, per market and
 * as a chart; a Dinas Perdagangan enumerator enters prices on a phone, a 10× price is questioned until confirmed,
 * the correction history shows both versions, and a malformed CSV names its line and column. axe-clean, no
 * sideways scrolling at 360 px.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DESKTOP, expectUsable, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "" } });

describe("harga bahan pokok", () => {
  it("shows today's prices with changes, per market and as a chart (360 px and 1280 px)", async () => {
    for (const viewport of [MOBILE, DESKTOP]) {
      const ctx = await newContext(t.browser, t.server.url, viewport, { bypassCSP: true });
      const p = await ctx.newPage();
      await p.goto("/");
      await p.getByRole("link", { name: "Lihat harga hari ini" }).click();
      await p.getByRole("heading", { level: 1, name: "Harga bahan pokok" }).waitFor();
      const row = p.locator('tr[data-commodity="beras-medium-1"]');
      await expect.poll(() => row.textContent()).toMatch(/Beras Kualitas Medium I.*Rp1\d\.\d{3}/);
      // Arrows carry words for screen readers.
      expect(await p.locator(".chg--up, .chg--down").count()).toBeGreaterThan(5);
      expect(await p.locator(".chg .visually-hidden").first().textContent()).toMatch(/naik|turun|tetap/);
      await expectUsable(p, `harga ${viewport.width}`);

      await p.getByRole("tab", { name: "Per pasar" }).click();
      await p.locator("#harga-pasar").selectOption({ label: "Pasar Cinde" });
      await expect.poll(() => p.locator("table").textContent()).toContain("Cabai Rawit Merah");
      await expectUsable(p, `harga per pasar ${viewport.width}`);

      await p.getByRole("tab", { name: "Grafik" }).click();
      await p.locator("[data-testid=price-chart] svg").waitFor();
      await p.getByLabel("90 hari").check();
      await expect.poll(() => p.locator("figcaption").textContent()).toContain("90 hari");
      await expectUsable(p, `harga grafik ${viewport.width}`);
      await ctx.close();
    }
  });

  it("an enumerator enters prices on a phone; a questioned price needs confirmation; history keeps both versions", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "operator.disdag@palembang.go.id");
    await p.getByRole("link", { name: "Harga bahan pokok" }).click();
    await p.locator("#kh-market").selectOption({ label: "Pasar Lemabang" });
    const input = p.locator("#kh-p-telur-ayam-ras");
    await input.waitFor();
    const meta = await p.locator('li[data-commodity="telur-ayam-ras"] .price-grid__meta').textContent();
    expect(meta).toMatch(/Sebelumnya: Rp\d\d\.\d{3}/);
    await expectUsable(p, "konsol harga");

    const placeholder = Number(await input.getAttribute("placeholder"));
    expect(placeholder).toBeGreaterThan(20_000);
    await input.fill(String(placeholder * 10));
    await p.locator("#kh-p-gula-pasir-lokal").fill("17900");
    await p.getByRole("button", { name: "Simpan harga" }).click();
    await p.getByText("Periksa harga yang ditandai").waitFor();
    expect(await p.locator('li[data-commodity="telur-ayam-ras"] .price-grid__msg').textContent()).toMatch(/\d+(\.\d)?× harga sebelumnya/);
    await expectUsable(p, "konsol harga, questioned");
    await p.getByLabel("Saya sudah memeriksa harga yang ditandai dan harga itu benar").check();
    await p.getByRole("button", { name: "Simpan termasuk harga yang ditandai" }).click();
    await p.getByText(/Tersimpan: \d+ baru, 2 koreksi/).waitFor();

    await p.getByRole("button", { name: "Riwayat Telur Ayam Ras Segar" }).click();
    const history = p.locator('li[data-commodity="telur-ayam-ras"] table');
    await history.waitFor();
    await expect.poll(() => history.locator("tbody tr").count()).toBe(2);
    expect(await history.textContent()).toMatch(/v2 berlaku · dikonfirmasi.*Rina Marlina.*v1 dikoreksi/s);
    await expectUsable(p, "konsol harga, history");

    // A malformed CSV: line and column named, nothing stored.
    await p.getByRole("tab", { name: "Impor CSV/XLSX" }).click();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-prices-"));
    const file = path.join(dir, "harga.csv");
    fs.writeFileSync(file, "tanggal,pasar,komoditas,harga\n2026-01-05,CINDE,beras-medium-1,13500\n2026-01-05,CINDE,durian,abc\n");
    await p.getByLabel("Berkas CSV atau XLSX").setInputFiles(file);
    await p.getByRole("button", { name: "Impor", exact: true }).click();
    const errors = p.getByTestId("import-errors");
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/Baris 3, kolom komoditas.*Baris 3, kolom harga/s);
    await expectUsable(p, "konsol harga, import errors");

    await p.getByRole("tab", { name: "Peringatan" }).click();
    await p.getByRole("columnheader", { name: "Aturan" }).waitFor();
    await expectUsable(p, "konsol harga, alerts");
    fs.rmSync(dir, { recursive: true, force: true });
    await ctx.close();
  });
});
