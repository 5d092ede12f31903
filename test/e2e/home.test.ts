/**
 * The home page and what hangs off it: one search box that lands on catalog results, icons on the life events and
 * the city's information, every public page in the menu with its own title, menus by role (a kelurahan operator
 * sees no bus fleet and no 112 unit desk; an admin and a responder OPD's operator do), the kecamatan-first place
 * picker worked by keyboard, and a WITA city (Kota Makassar) showing its own time on a phone set to WIB.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectUsable, launchBrowser, MOBILE, newContext, ROOT, startServer, type TestServer, uiLogin } from "./helpers.ts";

const MAKASSAR = "73.71";
const MAKASSAR_ADMIN = "admin@makassarkota.go.id";
const PASSWORD = "Pantai-Losari-Indah-27";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // A second city in WITA, made with the command line before the server opens the store.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-e2e-home-"));
  const env = { ...process.env, BALAI_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(ROOT, "bin/balai.js"), ...args], { cwd: ROOT, env, stdio: "pipe" });
  cli("tenant", "create", "--region", MAKASSAR);
  cli(
    "user",
    "create",
    "--tenant",
    MAKASSAR,
    "--email",
    MAKASSAR_ADMIN,
    "--name",
    "Admin Makassar",
    "--password",
    PASSWORD,
    "--role",
    "kominfo_admin",
    "--unit",
    "DISKOMINFO",
  );
  server = await startServer({ BALAI_DATA_DIR: dataDir, BALAI_MAP_TILE_URL: "" });
  browser = await launchBrowser();
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("home page", () => {
  it("searches from the one box, shows icons, and reaches every public page with its own title", { timeout: 240_000 }, async () => {
    for (const viewport of [MOBILE, DESKTOP]) {
      const p = await (await newContext(browser, server.url, viewport, { bypassCSP: true })).newPage();
      await p.goto("/");
      await p.getByRole("heading", { level: 1, name: /Layanan publik Kota Palembang/ }).waitFor();
      // The heading comes with the server's HTML; the title is set when the app has started.
      await expect.poll(() => p.title()).toMatch(/^Layanan publik Kota Palembang .* · Balai$/);
      // Life events and the city's information carry icons (decorative: hidden from screen readers).
      const events = p.locator("#life-events-title + .tile-list a");
      await events.first().waitFor();
      expect(await events.count()).toBeGreaterThanOrEqual(4);
      for (const tile of await events.all()) expect(await tile.locator('svg[aria-hidden="true"]').count()).toBe(1);
      expect(await p.locator('.info-card svg[aria-hidden="true"]').count()).toBe(5);
      await expectUsable(p, `home ${viewport.width}`);

      // The one search box: everyday words, answered by the catalog page.
      const box = p.getByRole("searchbox", { name: "Cari layanan" });
      expect(await box.getAttribute("placeholder")).toBe("Cari layanan…");
      await box.fill("akta lahir");
      await box.press("Enter");
      await p.waitForURL(/\/layanan\?q=akta\+lahir$/);
      await p.getByRole("heading", { name: /akta lahir/ }).waitFor();
      const first = p.locator(".service-list a").first();
      await first.waitFor();
      expect(await first.textContent()).toMatch(/Akta Kelahiran/);
      await p.context().close();
    }

    // Every public page is in the menu (opened on a phone) and has a title of its own.
    const p = await (await newContext(browser, server.url, MOBILE)).newPage();
    const pages: [string, RegExp][] = [
      ["Layanan", /\/layanan$/],
      ["Lapor", /\/laporan$/],
      ["Harga pangan", /\/harga$/],
      ["Bus Trans Musi", /\/bus$/],
      ["Puskesmas", /\/puskesmas$/],
      ["APBD", /\/anggaran$/],
      ["Darurat 112", /\/darurat$/],
    ];
    await p.goto("/");
    for (const [label, url] of pages) {
      await p.getByRole("button", { name: "Menu" }).click();
      await p.getByRole("navigation", { name: "Menu utama" }).getByRole("link", { name: label, exact: true }).click();
      await p.waitForURL(url);
      const h1 = p.locator("main h1");
      await h1.waitFor();
      await expect.poll(() => p.title()).toMatch(/^.+ · Balai$/);
      expect(await p.title(), `${label}: its own title`).not.toBe("Balai");
    }
    await p.context().close();
  });
});

describe("the citizen menu", () => {
  it("fits one line at 1280 px, with the city's information under one disclosure worked by keyboard; a 360 px phone lists every page", async () => {
    const ctx = await newContext(browser, server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL(/\/layanan-saya$/);
    const nav = p.getByRole("navigation", { name: "Menu utama" });
    const tops = await nav
      .locator(":scope > div > ul > li")
      .evaluateAll((lis) => lis.filter((li) => li.getClientRects().length).map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThan(6);
    expect(Math.max(...tops) - Math.min(...tops), `menu rows at 1280 px: ${tops.join(", ")}`).toBeLessThan(10);
    const more = nav.getByRole("button", { name: "Informasi kota" });
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    expect(await nav.getByRole("link", { name: "Harga pangan" }).count()).toBe(0);

    // Keyboard: open with Enter, Tab into the links, Escape closes and gives the focus back to the button.
    await more.focus();
    await p.keyboard.press("Enter");
    expect(await more.getAttribute("aria-expanded")).toBe("true");
    await nav.getByRole("link", { name: "Harga pangan" }).waitFor();
    await p.keyboard.press("Tab");
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe("Harga pangan");
    await p.keyboard.press("Escape");
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe("Informasi kota");
    await expectUsable(p, "menu closed at 1280 px");

    // Open, it is usable and on top of the page; a link goes there and the button then marks the current page's group.
    await more.click();
    await expectUsable(p, "menu open at 1280 px");
    await p.screenshot({ path: path.join(ROOT, "docs/screenshots/menu-1280.png"), clip: { x: 0, y: 0, width: 1280, height: 360 } });
    await nav.getByRole("link", { name: "Bus Trans Musi" }).click();
    await p.waitForURL(/\/bus$/);
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    // A click elsewhere closes it too.
    await more.click();
    await p.mouse.click(1100, 700);
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    await ctx.close();

    // On a phone the menu lists every page, the city's information as plain items.
    const phone = await newContext(browser, server.url, MOBILE, { bypassCSP: true });
    const m = await phone.newPage();
    await uiLogin(m, "warga@example.com");
    await m.waitForURL(/\/layanan-saya$/);
    await m.getByRole("button", { name: "Menu" }).click();
    const mnav = m.getByRole("navigation", { name: "Menu utama" });
    for (const name of ["Beranda", "Layanan", "Lapor", "Darurat 112", "Harga pangan", "Bus Trans Musi", "Puskesmas", "APBD", "Layanan saya", "Laporan saya"])
      await mnav.getByRole("link", { name, exact: true }).waitFor();
    expect(await mnav.getByRole("button", { name: "Informasi kota" }).count()).toBe(0);
    await expectUsable(m, "menu open at 360 px");
    await m.screenshot({ path: path.join(ROOT, "docs/screenshots/menu-360.png"), fullPage: true });
    await phone.close();
  });
});

describe("the staff menu", () => {
  it("fits one line at 1280 px for the Kominfo admin, the administration pages under one disclosure; a 360 px phone lists them", async () => {
    const ctx = await newContext(browser, server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "admin@palembang.go.id");
    await p.waitForURL(/\/konsol$/);
    const nav = p.getByRole("navigation", { name: "Menu utama" });
    const tops = await nav
      .locator(":scope > div > ul > li")
      .evaluateAll((lis) => lis.filter((li) => li.getClientRects().length).map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(Math.max(...tops) - Math.min(...tops), `staff menu rows at 1280 px: ${tops.join(", ")}`).toBeLessThan(10);
    const admin = nav.getByRole("button", { name: "Administrasi" });
    expect(await admin.getAttribute("aria-expanded")).toBe("false");
    expect(await nav.getByRole("link", { name: "Log audit" }).count()).toBe(0);
    await admin.click();
    await expectUsable(p, "staff menu open at 1280 px");
    await p.screenshot({ path: path.join(ROOT, "docs/screenshots/menu-staff-1280.png"), clip: { x: 0, y: 0, width: 1280, height: 360 } });
    await nav.getByRole("link", { name: "Log audit" }).click();
    await p.getByRole("heading", { level: 1, name: "Log audit" }).waitFor();
    expect(await admin.getAttribute("aria-expanded")).toBe("false");
    await ctx.close();

    const phone = await newContext(browser, server.url, MOBILE, { bypassCSP: true });
    const m = await phone.newPage();
    await uiLogin(m, "admin@palembang.go.id");
    await m.waitForURL(/\/konsol$/);
    await m.getByRole("button", { name: "Menu" }).click();
    const mnav = m.getByRole("navigation", { name: "Menu utama" });
    for (const name of ["Konsol", "Permohonan", "Unit organisasi", "Pegawai & peran", "Log audit", "Pengiriman pesan"])
      await mnav.getByRole("link", { name, exact: true }).waitFor();
    expect(await mnav.getByRole("button", { name: "Administrasi" }).count()).toBe(0);
    await expectUsable(m, "staff menu open at 360 px");
    await phone.close();
  });
});

describe("menus by role", () => {
  const consoleLinks = async (login: string) => {
    const p = await (await newContext(browser, server.url, DESKTOP)).newPage();
    await uiLogin(p, login);
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.goto("/konsol");
    await p.locator("main h1").waitFor();
    await p.locator("main .card--link a").first().waitFor();
    const hrefs = await p.locator("main a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    return { p, hrefs };
  };

  it("a kelurahan operator sees neither the bus fleet nor the 112 unit desk; an admin and a responder OPD's operator do", { timeout: 180_000 }, async () => {
    const kel = await consoleLinks("operator.kelurahan@palembang.go.id");
    expect(kel.hrefs).toContain("/konsol/permohonan");
    expect(kel.hrefs).not.toContain("/konsol/bus");
    expect(kel.hrefs).not.toContain("/command/unit");
    // Typing the address does not open them either.
    await kel.p.goto("/konsol/bus");
    await kel.p.getByRole("heading", { level: 1, name: "Anda tidak punya akses ke halaman ini" }).waitFor();
    await kel.p.goto("/command/unit");
    await kel.p.getByRole("heading", { level: 1, name: "Anda tidak punya akses ke halaman ini" }).waitFor();
    await kel.p.context().close();

    const admin = await consoleLinks("admin@palembang.go.id");
    expect(admin.hrefs).toContain("/konsol/bus");
    await admin.p.context().close();

    const damkar = await consoleLinks("operator.damkar@palembang.go.id");
    expect(damkar.hrefs).toContain("/command/unit");
    await damkar.p.context().close();
  });
});

describe("place picker", () => {
  it("chooses kecamatan first, then its kelurahan, alphabetical and searchable, by keyboard alone", { timeout: 180_000 }, async () => {
    const p = await (await newContext(browser, server.url, MOBILE, { bypassCSP: true })).newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.goto("/layanan/surat-keterangan-domisili");
    await p.getByRole("button", { name: "Mulai permohonan" }).click();
    await p.waitForURL(/\/permohonan\/[0-9a-f-]{36}$/);

    const kecamatan = p.getByLabel("Kecamatan", { exact: true });
    const kelurahan = p.getByLabel("Kelurahan", { exact: true });
    await kecamatan.waitFor();
    // Kelurahan waits for its kecamatan; kecamatan are in alphabetical order.
    expect(await kelurahan.isDisabled()).toBe(true);
    const names = (await kecamatan.locator("option").allTextContents()).slice(1);
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual([...names].sort(new Intl.Collator("id", { numeric: true, sensitivity: "base" }).compare));

    // Keyboard only: type part of a kelurahan's name ("26 Ilir I" is in one kecamatan), Tab to the lists, arrow to the one match.
    await p.getByLabel("Cari nama wilayah").focus();
    await p.keyboard.type("26 Ilir I");
    await p.getByText(/^\d+ kelurahan cocok$/).waitFor();
    await p.keyboard.press("Tab");
    expect(await kecamatan.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await kecamatan.locator("option:checked").textContent()).toBe("Kecamatan Ilir Barat I");
    await p.keyboard.press("Tab");
    expect(await kelurahan.evaluate((el) => el === document.activeElement)).toBe(true);
    await p.keyboard.press("ArrowDown");
    expect(await kelurahan.locator("option:checked").textContent()).toMatch(/26 Ilir I$/);
    const kelNames = (await kelurahan.locator("option").allTextContents()).slice(1);
    expect(kelNames.every((n) => /26 Ilir I/i.test(n))).toBe(true);
    await expectUsable(p, "application form place picker");
    await p.context().close();
  });
});

describe("time zone", () => {
  it("a WITA city shows its own time to a viewer whose phone is set to WIB", { timeout: 180_000 }, async () => {
    const ctx = await browser.newContext({
      baseURL: server.url,
      viewport: DESKTOP,
      locale: "id-ID",
      timezoneId: "Asia/Jakarta",
      extraHTTPHeaders: { "x-balai-tenant": MAKASSAR },
    });
    const p = await ctx.newPage();
    await uiLogin(p, MAKASSAR_ADMIN, PASSWORD);
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await p.goto("/konsol/audit");
    await p.getByRole("heading", { level: 1, name: "Log audit" }).waitFor();
    const entries = await p.evaluate(async () => (await (await fetch("/api/admin/audit?limit=5")).json()) as { at: string }[]);
    expect(entries.length).toBeGreaterThan(0);
    const at = new Date(entries[0].at);
    const hhmm = (tz: string) => new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", timeZone: tz }).format(at);
    const table = p.locator("main table");
    await table.locator("tbody tr").first().waitFor();
    const text = (await table.textContent()) ?? "";
    expect(text).toContain(hhmm("Asia/Makassar"));
    expect(text).not.toContain(hhmm("Asia/Jakarta"));
    await ctx.close();
  });
});
