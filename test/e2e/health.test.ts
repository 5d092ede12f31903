/**
 * e-Puskesmas in the browser: a citizen books a queue number on a 360 px phone and lands on the live ticket; the
 * Puskesmas Dempo counter gives a walk-in a number and calls it while the poli's TV display follows live. axe-clean,
 * no sideways scrolling on the phone. Screenshots go to $HEALTH_SHOTS when set (to look at the screens).
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeSerious, describeViolations, DESKTOP, hasHorizontalScroll, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "" } });
const shots = process.env.HEALTH_SHOTS;

async function expectAccessible(p: Page, what: string, phone = false) {
  const v = await axeSerious(p);
  expect(v, `${what}:\n${describeViolations(v)}`).toEqual([]);
  if (phone) expect(await hasHorizontalScroll(p), `${what}: scrolls sideways`).toBe(false);
  if (shots) await p.screenshot({ path: path.join(shots, `${what.replace(/\W+/g, "-")}.png`), fullPage: true });
}

describe("e-Puskesmas", () => {
  it("a citizen books a number on a 360 px phone and sees the live ticket", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.goto("/");
    await p.getByRole("link", { name: "Antrean puskesmas" }).click();
    await p.getByRole("heading", { level: 1, name: "Antrean puskesmas" }).waitFor();
    await p.getByLabel(/Puskesmas Dempo/).check();
    await p.getByRole("group", { name: "Tanggal dan dokter" }).waitFor();
    await expectAccessible(p, "booking sessions phone", true);
    // The first session that still has places.
    await p.locator('input[name="session"]:not([disabled])').first().check();
    // A family member: the error summary names a bad NIK first.
    await p.getByLabel("Anggota keluarga").check();
    await p.getByLabel("Nama pasien").fill("Rudi Hartono");
    await p.getByLabel("NIK pasien").fill("12345");
    await p.getByRole("button", { name: "Ambil nomor antrean" }).click();
    await p.getByRole("link", { name: "NIK harus 16 angka" }).waitFor();
    await expectAccessible(p, "booking error phone", true);
    await p.getByLabel("NIK pasien").fill("1671041203850007");
    await p.getByLabel("Nomor kartu BPJS Kesehatan (jika ada)").fill("0001234567890");
    await p.getByRole("button", { name: "Ambil nomor antrean" }).click();
    await p.waitForURL(/\/antrean\//);
    await p.getByRole("heading", { level: 1, name: "Nomor antrean Anda" }).waitFor();
    await expect.poll(() => p.locator(".hq-ticket__code").textContent(), { timeout: 15_000 }).toMatch(/^A-\d{3}$/);
    await expect.poll(() => p.getByText("Diperbarui langsung").isVisible(), { timeout: 15_000 }).toBe(true);
    await expectAccessible(p, "ticket phone", true);
    // The number is listed under "Antrean saya".
    await p.goto("/puskesmas");
    await p.getByRole("heading", { name: "Antrean saya" }).waitFor();
    await ctx.close();
  }, 120_000);

  it("the counter gives a walk-in a number and calls it; the TV display follows live", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "loket.dempo@palembang.go.id");
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.getByRole("link", { name: "Loket puskesmas" }).click();
    await p.getByRole("heading", { level: 1, name: "Loket puskesmas" }).waitFor();
    await p.getByLabel("Poli", { exact: true }).selectOption({ label: "Poli Lansia (012)" });
    await p.getByRole("link", { name: "Buka layar TV poli ini" }).waitFor();
    const tvHref = await p.getByRole("link", { name: "Buka layar TV poli ini" }).getAttribute("href");
    const tv = await ctx.newPage();
    await tv.goto(tvHref!);
    await tv.getByRole("heading", { name: "Sekarang dilayani" }).waitFor();

    await p.getByLabel("Nama pasien").fill("Siti Rahma");
    await p.getByLabel("NIK pasien").fill("1671045506600003");
    await p.getByRole("button", { name: "Beri nomor" }).click();
    await p.getByText(/Nomor D-\d{3} diberikan/).waitFor();
    const code = /D-\d{3}/.exec((await p.getByText(/Nomor D-\d{3} diberikan/).textContent()) ?? "")![0];
    await expectAccessible(p, "counter walk-in");
    await p.getByRole("button", { name: "Panggil berikutnya" }).click();
    await expect.poll(() => p.locator(".hq-counter__code").textContent(), { timeout: 15_000 }).toBe(code);
    // The TV shows the call without reloading.
    await expect.poll(() => tv.locator(".hq-display__code").textContent(), { timeout: 15_000 }).toBe(code);
    await expectAccessible(tv, "tv display");
    await p.getByRole("button", { name: "Selesai dilayani" }).click();
    await expect.poll(() => p.locator("table").textContent(), { timeout: 15_000 }).toContain("Selesai dilayani");
    await expectAccessible(p, "counter served");
    await ctx.close();
  }, 120_000);

  it("Dinkes sees the dashboard with charts", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "dinkes@palembang.go.id");
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.goto("/konsol/puskesmas/dasbor");
    await p.getByRole("heading", { level: 1, name: "Dasbor antrean puskesmas" }).waitFor();
    await p.locator(".hq-chart svg").first().waitFor();
    await expect.poll(() => p.locator("table").first().textContent(), { timeout: 15_000 }).toContain("Puskesmas Dempo");
    await expectAccessible(p, "dashboard");
    await ctx.close();
  }, 120_000);
});
