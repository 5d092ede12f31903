/**
 * Bus Trans Musi in the browser: the public live map (/bus) shows the route, its stops and the buses reported
 * through the AVL API, updates as new positions arrive, lists the next arrivals for a chosen stop; the staff fleet
 * page (/konsol/bus) flags buses and refuses a bad GTFS zip. axe-clean, no sideways scrolling at 360 px.
 * Runs without map tiles and without the in-process simulator (positions are posted by the test).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { apiSession, DESKTOP, expectAccessible, hasHorizontalScroll, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "", BALAI_TRANSIT_SIMULATE: "0" } });
let key: string;
const shots = process.env.BALAI_SCREENSHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "balai-transit-shots-"));

async function report(positions: Record<string, unknown>[]) {
  const res = await fetch(`${t.server.url}/api/transit/positions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({ positions }),
  });
  expect(res.status, await res.clone().text()).toBe(202);
}

beforeAll(async () => {
  const admin = await apiSession(t.server.url, "admin@palembang.go.id");
  key = (await admin.call("POST", "/api/admin/api-keys", { name: "Operator Trans Musi", scopes: ["avl"] })).key;
  const now = Math.floor(Date.now() / 1000);
  await report([
    { vehicleId: "BG-7101-TM", label: "TM 101", routeId: "K1", lat: -2.961, lon: 104.7415, bearing: 140, timestamp: now },
    { vehicleId: "BG-7102-TM", label: "TM 102", routeId: "K1", lat: -2.9437, lon: 104.729, bearing: 320, timestamp: now },
  ]);
});

describe("Bus Trans Musi", () => {
  it("shows the live bus map with stops and buses, updates it, and lists next arrivals at 360 px", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: "Lihat bus dan jadwal kedatangan" }).click();
    await page.getByRole("heading", { level: 1, name: "Bus Trans Musi" }).waitFor();
    await expect.poll(() => page.locator(".bus-marker").count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator(".leaflet-interactive").count()).toBeGreaterThanOrEqual(10 + 2); // 10 stops + 2 shapes
    await expect.poll(() => page.getByRole("region", { name: /Peta rute K1/ }).count()).toBe(1);
    const buses = page.getByRole("list").filter({ hasText: "TM 101" });
    await expect.poll(() => buses.textContent()).toContain("TM 102");

    // A third bus reports: the page shows it within a polling round (5 s).
    await report([{ vehicleId: "BG-7103-TM", label: "TM 103", routeId: "K1", lat: -2.9756, lon: 104.7523, timestamp: Math.floor(Date.now() / 1000) }]);
    await expect.poll(() => page.locator(".bus-marker").count(), { timeout: 12_000 }).toBe(3);
    await expect.poll(() => buses.textContent()).toContain("TM 103");

    // Next arrivals at a stop, without the map.
    await page.getByLabel("Halte", { exact: true }).selectOption({ label: "Masjid Agung" });
    await page.getByRole("heading", { name: "Kedatangan berikutnya di Masjid Agung" }).waitFor();
    await expect
      .poll(async () => (await page.locator("table.arrivals tbody tr").count()) + (await page.getByText("Tidak ada bus dijadwalkan").count()))
      .toBeGreaterThan(0);
    expect(page.url()).toContain("halte=MSJA");
    await expectAccessible(page, "/bus");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.screenshot({ path: path.join(shots, "bus-360.png"), fullPage: true });

    // Another route: its own stops, no buses reporting.
    await page.getByLabel("Rute", { exact: true }).selectOption("K3");
    await page.getByText("Tidak ada bus yang melapor di rute ini saat ini.").waitFor();
    expect(await page.locator(".bus-marker").count()).toBe(0);
    await ctx.close();
  });

  it("looks right on a desktop and in English", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const page = await ctx.newPage();
    await page.addInitScript(() => localStorage.setItem("balai_lang", "en"));
    await page.goto("/bus?rute=K1&halte=CHR");
    await page.getByRole("heading", { level: 1, name: "Trans Musi buses" }).waitFor();
    await page.getByRole("heading", { name: "Next arrivals at Simpang Charitas" }).waitFor();
    await expect.poll(() => page.locator(".bus-marker").count(), { timeout: 15_000 }).toBe(3);
    await expectAccessible(page, "/bus (en)");
    await page.screenshot({ path: path.join(shots, "bus-1280.png"), fullPage: true });
    await ctx.close();
  });

  it("gives staff the fleet with the not-reporting flag and refuses a bad GTFS zip", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const page = await ctx.newPage();
    await uiLogin(page, "admin@palembang.go.id");
    await page.waitForURL((u) => !u.pathname.startsWith("/masuk"));
    await page.goto("/konsol");
    await page.getByRole("link", { name: "Bus Trans Musi" }).first().waitFor();
    await page.goto("/konsol/bus");
    await page.getByRole("heading", { level: 1, name: "Armada Bus Trans Musi" }).waitFor();
    const row = page.getByRole("row", { name: /TM 101/ });
    await expect.poll(() => row.textContent()).toContain("melapor");
    expect(await row.textContent()).not.toContain("tidak melapor");
    await page.getByText(/Versi 1, diimpor/).waitFor();
    // A zip without its files: refused, listed by file.
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "balai-gtfs-")), "rusak.zip");
    fs.writeFileSync(bad, "bukan zip");
    await page.getByLabel("Impor feed GTFS (.zip)").setInputFiles(bad);
    await page.getByRole("button", { name: "Impor feed", exact: true }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("feed.zip");
    await page.getByText(/Versi 1, diimpor/).waitFor();
    await expectAccessible(page, "/konsol/bus");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.screenshot({ path: path.join(shots, "konsol-bus-360.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: path.join(shots, "konsol-bus-1280.png"), fullPage: true });
    await ctx.close();
  });
});
