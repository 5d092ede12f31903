/**
 * Command center "Lawang Jabo" and Call Center 112 in the browser: a call taker records an incident with the
 * keyboard only while the wall screen (a second browser context, the command-center operator) shows it live
 * without a reload (ticker, marker, counter); the dispatcher assigns a unit and moves it on; a citizen sends an
 * emergency location from /darurat at 360 px (which loads no map, chart or video code). axe-clean pages;
 * screenshots of the wall (1920×1080), the 112 console and /darurat (360×740) go to BALAI_SCREENSHOTS_DIR or
 * /tmp/shots. Runs without map tiles and without the bus simulator.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { apiSession, DESKTOP, expectAccessible, hasHorizontalScroll, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "", BALAI_TRANSIT_SIMULATE: "0" } });
const shots = process.env.BALAI_SCREENSHOTS_DIR ?? "/tmp/shots";
const WALL = { width: 1920, height: 1080 };

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
});

async function login(page: Page, who: string) {
  await uiLogin(page, who);
  await page.waitForURL((u) => !u.pathname.startsWith("/masuk"));
}

/** A wall counter's number, as text. */
const counter = async (page: Page, id: string) => ((await page.locator(`[data-counter="${id}"] .wall-counter__value`).textContent()) ?? "").trim();

describe("Command center and Call Center 112", () => {
  it("a call taker records an incident with the keyboard; the open wall shows it at once, without a reload", async () => {
    // The wall: the command-center operator's large display.
    const wallCtx = await newContext(t.browser, t.server.url, WALL, { bypassCSP: true });
    const wall = await wallCtx.newPage();
    await login(wall, "lawangjabo@palembang.go.id");
    await wall.goto("/command");
    await wall.getByRole("heading", { level: 1, name: /Lawang Jabo/ }).waitFor();
    await wall.locator(".live-badge--on", { hasText: "Langsung" }).waitFor({ timeout: 15_000 });
    await expect.poll(() => counter(wall, "openIncidents")).toMatch(/^\d+$/);
    const openBefore = Number(await counter(wall, "openIncidents"));
    const todayBefore = Number(await counter(wall, "incidentsToday"));
    await wall.locator(".wall-map.leaflet-container").waitFor();
    const markersBefore = await wall.locator("path.wall-incident").count();
    // No scrolling on the wall; the whole viewport is used.
    expect(await wall.evaluate(() => [document.documentElement.scrollHeight <= innerHeight, document.documentElement.scrollWidth <= innerWidth])).toEqual([
      true,
      true,
    ]);
    await expectAccessible(wall, "wall");
    // A marker that survives only if the page is not reloaded.
    await wall.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    // The call taker, keyboard only.
    const takerCtx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const taker = await takerCtx.newPage();
    await login(taker, "operator.112@palembang.go.id");
    await taker.goto("/command/112");
    await taker.getByRole("heading", { level: 1, name: "Call Center 112" }).waitFor();
    await taker.locator(".map.leaflet-container").waitFor();
    await expectAccessible(taker, "112 console");
    // The first field has focus; Enter without type or place shows the error summary.
    await expect.poll(() => taker.evaluate(() => document.activeElement?.id)).toBe("callerName");
    await taker.keyboard.press("Enter");
    const summary = taker.locator(".error-summary");
    await summary.getByText("Pilih jenis kejadian").waitFor();
    await summary.getByText(/Tentukan lokasi kejadian/).waitFor();
    await expect.poll(() => taker.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);

    await taker.locator("#callerName").focus();
    await taker.keyboard.type("Rahmat");
    await taker.keyboard.press("Tab");
    await taker.keyboard.type("081234500112");
    await taker.keyboard.press("Tab");
    // The caller's shared location, as a Google Maps link.
    await taker.keyboard.type("https://www.google.com/maps/@-2.9761,104.7458,17z");
    await taker.getByText("Lokasi terbaca: -2.9761, 104.7458").waitFor();
    await taker.keyboard.press("Tab");
    await taker.keyboard.type("Depan Pasar 16 Ilir");
    expect(await taker.locator("#lat").inputValue()).toBe("-2.9761");
    expect(await taker.locator("#lon").inputValue()).toBe("104.7458");
    await taker.keyboard.press("Tab"); // lat
    await taker.keyboard.press("Tab"); // lon
    await taker.keyboard.press("Tab"); // kelurahan (optional; the demo city has no boundaries, so nothing is preselected)
    await expect.poll(() => taker.evaluate(() => document.activeElement?.id)).toBe("kelurahan");
    expect(await taker.locator("#kelurahan").inputValue()).toBe("");
    await taker.keyboard.press("ArrowDown");
    const kelurahan = await taker.locator("#kelurahan").inputValue();
    expect(kelurahan).toMatch(/^16\.71\.\d{2}\.\d{4}$/);
    await taker.keyboard.press("Tab"); // the type group
    await expect.poll(() => taker.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("type");
    await taker.keyboard.press("1"); // fire
    expect(await taker.locator('input[name="type"]:checked').getAttribute("value")).toBe("fire");
    // The type's priority was filled in.
    expect(await taker.locator('input[name="priority"]:checked').getAttribute("value")).toBe("1");
    await taker.keyboard.press("Enter");
    await taker.getByRole("heading", { name: "Kejadian tercatat" }).waitFor();
    const number = ((await taker.getByTestId("incident-number").textContent()) ?? "").trim();
    expect(number).toMatch(/\S+/);
    // Today's open incidents list it.
    await taker.locator(".cmd-open").getByText(number).waitFor();
    // The kelurahan went with it.
    const desk = await apiSession(t.server.url, "operator.112@palembang.go.id");
    const created = (await desk.call<{ items: { number: string; kelurahan: string | null }[] }>("GET", "/api/emergency/incidents?limit=20")).items;
    expect(created.find((i) => i.number === number)?.kelurahan).toBe(kelurahan);
    await taker.screenshot({ path: path.join(shots, "command-112-saved.png"), fullPage: true });

    // The wall, without a reload: a fresh ticker line, one more marker, counters up.
    await wall.locator(".ticker__item--fresh").first().waitFor({ timeout: 15_000 });
    await expect.poll(() => wall.locator("path.wall-incident").count(), { timeout: 10_000 }).toBe(markersBefore + 1);
    await expect.poll(() => counter(wall, "openIncidents"), { timeout: 10_000 }).toBe(String(openBefore + 1));
    await expect.poll(() => counter(wall, "incidentsToday"), { timeout: 10_000 }).toBe(String(todayBefore + 1));
    expect(await wall.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await wall.screenshot({ path: path.join(shots, "command-wall.png") });

    // A second call about the same fire: the console offers to link it instead of a new incident.
    await taker.getByRole("button", { name: "Catat panggilan berikutnya" }).click();
    await expect.poll(() => taker.evaluate(() => document.activeElement?.id)).toBe("callerName");
    // A point outside the city is flagged.
    await taker.locator("#gps").fill("-6.2000, 106.8166");
    const outside = taker.locator(".cmd-outside");
    await outside.getByText("Titik di luar wilayah kota").waitFor();
    await outside.scrollIntoViewIfNeeded();
    await taker.screenshot({ path: path.join(shots, "command-112-outside.png") });
    await taker.locator("#gps").fill("-2.97615, 104.74585");
    await outside.waitFor({ state: "detached" });
    await taker.locator("#kelurahan").selectOption("16.71.04.1003");
    await taker.locator("#type").check();
    const nearby = taker.locator(".cmd-nearby");
    await nearby.getByText("Kejadian serupa di dekat sini (1 jam terakhir)").waitFor();
    await nearby.getByText(number).waitFor();
    await taker.screenshot({ path: path.join(shots, "command-112.png"), fullPage: true });
    await nearby.getByRole("button", { name: `Tautkan panggilan ke kejadian ${number}` }).click();
    await taker.getByRole("heading", { name: "Panggilan ditautkan" }).waitFor();
    await wallCtx.close();
    await takerCtx.close();
  });

  it("the dispatcher assigns a unit and moves it on; only the next statuses are offered", async () => {
    const taker = await apiSession(t.server.url, "operator.112@palembang.go.id");
    const inc = await taker.call<{ number: string }>("POST", "/api/emergency/incidents", { type: "tree", lat: -2.951, lon: 104.731, address: "Jl. Merdeka" });
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const page = await ctx.newPage();
    await login(page, "lawangjabo@palembang.go.id");
    await page.goto("/command/dispatch");
    await page.getByRole("heading", { level: 1, name: "Dispatch" }).waitFor();
    await page.getByRole("button", { name: `Buka ${inc.number}` }).click();
    await page.getByRole("heading", { name: `Kejadian ${inc.number}` }).waitFor();
    const detail = page.locator(".dispatch-detail");
    await detail.waitFor();
    await expectAccessible(page, "dispatch");
    // Assign without choosing a unit: the summary says so.
    await page.getByRole("button", { name: "Tugaskan", exact: true }).click();
    await page.locator(".error-summary").getByText("Pilih unit yang ditugaskan").waitFor();
    await page.locator("#responderId").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Tugaskan", exact: true }).click();
    const unit = detail.locator(".dispatch-unit").first();
    await unit.getByText("Diberangkatkan").waitFor();
    await unit.getByRole("button", { name: /Dalam perjalanan$/ }).click();
    await unit.locator(".tag", { hasText: "Dalam perjalanan" }).waitFor();
    // Backwards is never offered.
    expect(await unit.getByRole("button", { name: /Diberangkatkan$/ }).count()).toBe(0);
    await unit.getByRole("button", { name: /Tiba di lokasi$/ }).waitFor();
    await expectAccessible(page, "dispatch: unit en route");
    await ctx.close();
  });

  it("/darurat: 112 first, then a citizen sends an emergency location at 360 px and follows its status", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    await ctx.grantPermissions(["geolocation"]);
    await ctx.setGeolocation({ latitude: -2.9905, longitude: 104.7561, accuracy: 15 });
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await page.goto("/");
    await page.getByRole("link", { name: "Kirim lokasi darurat" }).click();
    await page.getByRole("heading", { level: 1, name: "Darurat" }).waitFor();
    const call = page.getByRole("link", { name: "Telepon 112" });
    expect(await call.getAttribute("href")).toBe("tel:112");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectAccessible(page, "darurat");
    await page.screenshot({ path: path.join(shots, "command-darurat.png"), fullPage: true });

    await page.getByRole("button", { name: "Bagikan lokasi saya dan kirim" }).click();
    await page.locator(".error-summary").getByText("Pilih apa yang terjadi").waitFor();
    await page.getByText("Medis / ambulans").click();
    await page.getByRole("button", { name: "Bagikan lokasi saya dan kirim" }).click();
    await page.getByRole("heading", { name: "Lokasi darurat terkirim" }).waitFor({ timeout: 20_000 });
    await page.locator(".panel__number").getByText(/\S/).waitFor();
    await page.locator(".darurat-step--done", { hasText: "Diterima petugas" }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectAccessible(page, "darurat: sent");
    await page.screenshot({ path: path.join(shots, "command-darurat-sent.png"), fullPage: true });
    // The citizen never downloads the map, chart or video code.
    expect(scripts.filter((u) => /leaflet|charts|hls|echarts/i.test(u))).toEqual([]);

    // Without location permission: the page explains and offers the call.
    const denied = await newContext(t.browser, t.server.url, MOBILE);
    const p2 = await denied.newPage();
    await p2.goto("/darurat");
    await p2.getByText("Kebakaran").click();
    await p2.getByRole("button", { name: "Bagikan lokasi saya dan kirim" }).click();
    const notice = p2.locator(".darurat-geo");
    await notice.getByText("Izin lokasi ditolak").waitFor({ timeout: 20_000 });
    expect(await notice.getByRole("link", { name: "Telepon 112" }).getAttribute("href")).toBe("tel:112");
    await denied.close();
    await ctx.close();
  });

  it("an OPD liaison sees its Damkar crew's dispatch live on /command/unit and moves it on; the response-time report and its CSV", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const page = await ctx.newPage();
    await login(page, "operator.damkar@palembang.go.id");
    // The console links the liaison desk.
    await page.goto("/konsol");
    await page.getByRole("link", { name: "Penugasan unit" }).click();
    await page.getByRole("heading", { level: 1, name: "Penugasan unit" }).waitFor();
    await page.locator(".live-badge--on").waitFor({ timeout: 15_000 });

    // A fire recorded (with its kelurahan) and a Damkar crew dispatched, through the API for speed.
    const taker = await apiSession(t.server.url, "operator.112@palembang.go.id");
    const dispatcher = await apiSession(t.server.url, "dispatcher.112@palembang.go.id");
    const inc = await taker.call<{ id: string; number: string }>("POST", "/api/emergency/incidents", {
      type: "fire",
      lat: -2.9862,
      lon: 104.7536,
      address: "Jl. Jenderal Sudirman, ruko lantai 2",
      kelurahan: "16.71.04.1003",
    });
    const meta = await dispatcher.call<{ responders: { id: string; name: string; agency: string }[] }>("GET", "/api/emergency/meta");
    const damkar = meta.responders.find((r) => r.agency === "damkar");
    if (!damkar) throw new Error("no Damkar responder in the seed");
    await dispatcher.call("POST", `/api/emergency/incidents/${inc.id}/dispatches`, { responderId: damkar.id, note: "Masuk dari sisi pasar" });

    // The desk shows it without a reload (the live stream), with the incident's place and the crew's status.
    const card = page.locator(".unit-card", { hasText: inc.number });
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole("heading", { level: 3, name: `${inc.number} · Kebakaran` }).waitFor();
    await card.getByText("Kelurahan 26 Ilir I").waitFor();
    await card.getByText("Masuk dari sisi pasar").waitFor();
    const crewStatus = card.locator(".unit-card__crew .tag");
    expect(await crewStatus.textContent()).toBe("Diberangkatkan");
    await expectAccessible(page, "unit desk");
    await page.screenshot({ path: path.join(shots, "command-unit.png"), fullPage: true });
    await card.getByRole("button", { name: `Ubah status ${damkar.name} menjadi Dalam perjalanan` }).click();
    await expect.poll(() => crewStatus.textContent()).toBe("Dalam perjalanan");
    await card.getByText(/Perjalanan \d{2}\.\d{2}/).waitFor();
    // Never backwards; the next step is offered.
    expect(await card.getByRole("button", { name: /Diberangkatkan$/ }).count()).toBe(0);
    await card.getByRole("button", { name: /Tiba di lokasi$/ }).waitFor();
    // The pressed button is gone: focus moved on to the crew's next step.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Tiba di lokasi");
    // The dispatcher sees the liaison's update.
    const detail = await dispatcher.call<{ dispatches: { responderId: string; status: string }[] }>("GET", `/api/emergency/incidents/${inc.id}`);
    expect(detail.dispatches.find((d) => d.responderId === damkar.id)?.status).toBe("en_route");
    await expectAccessible(page, "unit desk: en route");
    await page.screenshot({ path: path.join(shots, "command-unit-en-route.png"), fullPage: true });
    await ctx.close();

    // The response-time report (an auditor reads it): per type, then per kecamatan; CSV; a bad range.
    const rctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const report = await rctx.newPage();
    await login(report, "auditor@palembang.go.id");
    await report.goto("/konsol");
    await report.getByRole("link", { name: "Laporan waktu respons" }).click();
    await report.getByRole("heading", { level: 1, name: "Laporan waktu respons" }).waitFor();
    const table = report.locator(".report-table");
    const fireRow = table.getByRole("row", { name: /^Kebakaran/ });
    await fireRow.waitFor();
    // The fire was dispatched, so its dispatch median is a duration.
    expect((await fireRow.locator("td").nth(3).textContent())?.trim()).toMatch(/^(\d+ mnt )?\d+ dtk$|^\d+ mnt$/);
    await expectAccessible(report, "report");
    await report.screenshot({ path: path.join(shots, "command-report.png"), fullPage: true });
    const csvHref = await report.getByRole("link", { name: "Unduh CSV" }).getAttribute("href");
    expect(csvHref).toMatch(/format=csv/);
    const csv = await report.request.get(csvHref ?? "");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain("Kebakaran");

    await report.getByLabel("Per kecamatan").check();
    await report.getByRole("button", { name: "Tampilkan" }).click();
    await table.getByRole("row", { name: /^Kecamatan Ilir Barat I\b/ }).waitFor();
    expect(report.url()).toContain("by=kecamatan");

    // From after to: the server refuses, the summary says why and links to the field.
    await report.getByLabel("Dari tanggal").fill("2026-12-31");
    await report.getByLabel("Sampai tanggal").fill("2026-12-01");
    await report.getByRole("button", { name: "Tampilkan" }).click();
    const summary = report.locator(".error-summary");
    await summary.getByText(/Tanggal mulai tidak boleh setelah tanggal akhir/).waitFor();
    await expect.poll(() => report.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await report.locator("#from-error").waitFor();
    await expectAccessible(report, "report: bad range");
    await report.screenshot({ path: path.join(shots, "command-report-error.png"), fullPage: true });
    await rctx.close();
  });

  it("a Kominfo admin manages the alert rules on /command/cameras: seeded rules, add, deactivate, error summary", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const page = await ctx.newPage();
    await login(page, "admin@palembang.go.id");
    await page.goto("/command/cameras");
    await page.getByRole("heading", { level: 1, name: "Kamera CCTV & integrasi" }).waitFor();
    const section = page.locator("section.cmd-rules");
    await section.getByRole("heading", { level: 2, name: "Aturan peringatan" }).waitFor();
    const table = section.getByRole("table", { name: "Aturan peringatan" });
    // The seeded rules: flood watch and alert levels, rainfall, low water pressure; for all sources.
    await table.getByRole("row", { name: /water_level.*≥ 250.*Kritis/ }).waitFor();
    await table.getByRole("row", { name: /water_level.*≥ 180.*Waspada/ }).waitFor();
    await table.getByRole("row", { name: /rainfall.*≥ 50/ }).waitFor();
    await table.getByRole("row", { name: /water_pressure.*< 0,5/ }).waitFor();
    expect(await table.getByText("semua sumber").count()).toBeGreaterThanOrEqual(4);
    await expectAccessible(page, "alert rules");

    // An empty form: the server's problem+json errors, in a summary that takes focus and links to the fields.
    await section.getByRole("button", { name: "Tambah aturan" }).click();
    await section.getByLabel("Jenis data").waitFor();
    await section.getByRole("button", { name: "Simpan aturan" }).click();
    const summary = section.locator(".error-summary");
    await summary.getByText("Jenis data: Wajib diisi").waitFor();
    await summary.getByText("Ambang batas: Wajib diisi").waitFor();
    await summary.getByText("Pesan (Bahasa Indonesia): Wajib diisi").waitFor();
    await summary.getByText("Pesan (bahasa Inggris): Wajib diisi").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await page.locator("#rule-threshold-error").waitFor();
    await expectAccessible(page, "alert rules: errors");
    await summary.getByRole("link", { name: "Ambang batas: Wajib diisi" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("rule-threshold");

    // A rule for traffic counters.
    await section.getByLabel("Jenis data").fill("traffic_count");
    await section.getByLabel("Kondisi").selectOption(">");
    await section.getByLabel("Ambang batas").fill("900");
    await section.getByLabel("Tingkat").selectOption("info");
    await section.getByLabel("Pesan (Bahasa Indonesia)").fill("Lalu lintas padat: {value} kendaraan per jam ({source})");
    await section.getByLabel("Pesan (bahasa Inggris)").fill("Heavy traffic: {value} vehicles per hour ({source})");
    await page.screenshot({ path: path.join(shots, "command-rules-form.png"), fullPage: true });
    await section.getByRole("button", { name: "Simpan aturan" }).click();
    await section.getByText("Aturan traffic_count > 900 ditambahkan dan langsung aktif.").waitFor();
    const row = table.getByRole("row", { name: /traffic_count/ });
    await row.waitFor();
    expect(await row.getByRole("cell").allTextContents()).toEqual([
      "semua sumber",
      "> 900",
      "Info",
      "Lalu lintas padat: {value} kendaraan per jam ({source})",
      "Aktif",
      "Nonaktifkan",
    ]);
    await expectAccessible(page, "alert rules: added");
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(shots, "command-rules.png") });

    // Deactivated: still listed, marked inactive, and can be switched back on.
    await row.getByRole("button", { name: "Nonaktifkan aturan traffic_count > 900", exact: true }).click();
    await section.getByText("Aturan traffic_count > 900 dinonaktifkan.").waitFor();
    await row.getByRole("button", { name: "Aktifkan aturan traffic_count > 900", exact: true }).waitFor();
    await expect.poll(async () => (await row.getByRole("cell").nth(4).textContent())?.trim()).toBe("Nonaktif");
    const admin = await apiSession(t.server.url, "admin@palembang.go.id");
    const rules = await admin.call<{ items: { kind: string; op: string; threshold: number; severity: string; active: boolean }[] }>(
      "GET",
      "/api/command/ingest/rules",
    );
    expect(rules.items.find((r) => r.kind === "traffic_count")).toMatchObject({ op: ">", threshold: 900, severity: "info", active: false });
    await expectAccessible(page, "alert rules: deactivated");
    await ctx.close();

    // The command-center viewer sees cameras and the log, but not the rules.
    const vctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const viewer = await vctx.newPage();
    await login(viewer, "lawangjabo@palembang.go.id");
    await viewer.goto("/command/cameras");
    await viewer.getByRole("heading", { level: 2, name: "Log integrasi OPD" }).waitFor();
    expect(await viewer.getByRole("heading", { name: "Aturan peringatan" }).count()).toBe(0);
    await vctx.close();
  });
});
