/**
 * Nothing typed is lost (issue 14 item 3, docs/offline.md): the e-Lapor report (with a photo) and an application
 * form survive a reload at the step in the address; a report made without signal waits in the visible queue and is
 * sent when the phone is back online (once, with its Idempotency-Key), a queued one can be cancelled; drafts are
 * listed and deleted on "Layanan saya"; the app is an installable PWA with a service worker.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSession, expectUsable, launchBrowser, MOBILE, newContext, ROOT, startServer, type TestServer, uiLogin } from "./helpers.ts";

let server: TestServer;
let browser: Browser;
let pngPath: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ BALAI_MAP_TILE_URL: "" });
  browser = await launchBrowser();
  const sharp = createRequire(path.join(ROOT, "package.json"))("sharp") as (o: unknown) => { png: () => { toBuffer: () => Promise<Buffer> } };
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#1f6f43" } })
    .png()
    .toBuffer();
  pngPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "balai-offline-")), "selokan.png");
  fs.writeFileSync(pngPath, png);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (pngPath) fs.rmSync(path.dirname(pngPath), { recursive: true, force: true });
});

async function citizenPage(): Promise<Page> {
  const ctx = await newContext(browser, server.url, MOBILE, { bypassCSP: true });
  contexts.push(ctx);
  const p = await ctx.newPage();
  await uiLogin(p, "warga@example.com");
  await p.waitForURL(/\/layanan-saya$/);
  return p;
}

/** How many drafts this browser keeps in IndexedDB. */
const draftsOnPhone = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open("balai-drafts");
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("drafts")) return resolve(0);
          const req = db.transaction("drafts").objectStore("drafts").count();
          req.onsuccess = () => resolve(req.result);
        };
        open.onerror = () => resolve(-1);
      }),
  );

/** Waits until the service worker is active and controls the page. */
const swControls = (p: Page) =>
  p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }));
  });

/** The e-Lapor flow up to the details step: category, a pin by coordinates. */
async function toDetails(p: Page, category: RegExp) {
  const geo = (await (await fetch(`${server.url}/api/geo/config`)).json()) as { center: [number, number] | null };
  const [lat, lon] = geo.center ?? [-2.9761, 104.7458];
  await p.goto("/lapor");
  await p.getByRole("radio", { name: category }).check();
  await p.getByRole("button", { name: "Lanjutkan" }).click();
  await p.getByRole("heading", { level: 1, name: "Di mana lokasinya?" }).waitFor();
  await p.getByText("Isi koordinat secara manual").click();
  await p.getByLabel(/Lintang/).fill(String(lat));
  await p.getByLabel(/Bujur/).fill(String(lon));
  await p.getByRole("button", { name: "Pakai koordinat ini" }).click();
  await p.waitForFunction(() => !document.querySelector(".located")?.textContent?.includes("Mencari"));
  if (!(await p.locator("#kelurahan").inputValue())) {
    // Without boundaries: kecamatan first, then its kelurahan.
    await p.getByLabel("Kecamatan", { exact: true }).selectOption({ index: 1 });
    await p.locator("#kelurahan").selectOption({ index: 1 });
  }
  await p.getByRole("button", { name: "Lanjutkan" }).click();
  await p.getByRole("heading", { level: 1, name: "Ceritakan masalahnya" }).waitFor();
}

describe("offline and drafts", () => {
  it("is an installable PWA: manifest, icons, a service worker; the app shell opens without signal", async () => {
    const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ short_name: "Balai", lang: "id", start_url: "/", display: "standalone", theme_color: "#0b4a47" });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual([
      "192x192 any",
      "512x512 any",
      "512x512 maskable",
    ]);
    for (const i of manifest.icons) {
      const r = await fetch(`${server.url}${i.src}`);
      expect(r.headers.get("content-type")).toBe("image/png");
    }

    const ctx = await newContext(browser, server.url, MOBILE);
    contexts.push(ctx);
    const p = await ctx.newPage();
    const said: string[] = [];
    p.on("console", (m) => said.push(`${m.type()}: ${m.text()}`));
    p.on("pageerror", (e) => said.push(`pageerror: ${e.message}`));
    await p.goto("/");
    expect(await p.locator('link[rel="manifest"]').getAttribute("href")).toBe("/manifest.webmanifest");
    const sw = await p.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? ""),
        new Promise<string>((resolve) =>
          setTimeout(
            async () =>
              resolve(
                `not ready: ${JSON.stringify((await navigator.serviceWorker.getRegistrations()).map((r) => [r.installing?.state, r.waiting?.state, r.active?.state]))}`,
              ),
            60_000,
          ),
        ),
      ]),
    );
    if (sw !== `${server.url}/sw.js`) console.error(said.join("\n"));
    expect(sw).toBe(`${server.url}/sw.js`);
    // Without signal a page load is answered by the service worker's app shell.
    await ctx.setOffline(true);
    await p.goto("/layanan");
    await p.locator("header .brand").waitFor();
    await ctx.setOffline(false);
  });

  it("e-Lapor: a reload mid-report keeps the step, the text, the photo and the pin, with no errors; sent, the draft is gone", async () => {
    const p = await citizenPage();
    await toDetails(p, /Banjir dan drainase/);
    const text = "Selokan tersumbat sampah di depan sekolah, air meluap ke jalan setiap hujan.";
    await p.getByLabel("Uraian laporan").fill(text);
    await p.getByLabel(/^Foto/).setInputFiles(pngPath);
    await p.getByText("Terunggah").waitFor();
    await expect.poll(() => draftsOnPhone(p)).toBe(1);
    await p.waitForTimeout(600); // the last keystroke's save (250 ms after it)

    // The tab is reloaded (the camera app took the memory).
    await p.reload();
    await p.getByRole("heading", { level: 1, name: "Ceritakan masalahnya" }).waitFor();
    expect(p.url()).toMatch(/\?langkah=uraian$/);
    expect(await p.getByLabel("Uraian laporan").inputValue()).toBe(text);
    await p.getByText("dipulihkan dari ponsel ini").waitFor();
    await expect.poll(() => p.locator(".photo-grid img").count()).toBe(1);
    await p.getByText("Terunggah").waitFor();
    expect(await p.locator(".error-summary").count()).toBe(0);
    await expectUsable(p, "lapor details after reload");

    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.getByRole("heading", { level: 1, name: "Periksa sebelum mengirim" }).waitFor();
    await p.getByRole("button", { name: "Kirim laporan" }).click();
    const number = ((await p.getByTestId("report-number").textContent()) ?? "").trim();
    expect(number).not.toBe("");
    expect(await draftsOnPhone(p)).toBe(0);
  });

  it("e-Lapor without signal: queued with its photo, visible and cancellable, sent once when back online", async () => {
    const warga = await apiSession(server.url, "warga@example.com");
    const before = (await warga.call<{ items: { id: string }[] }>("GET", "/api/lapor/mine")).items.length;
    const p = await citizenPage();
    const ctx = p.context();

    // Report A: written online, then the signal goes; the photo waits, the report is queued.
    await toDetails(p, /Banjir dan drainase/);
    await ctx.setOffline(true);
    await p.getByLabel("Uraian laporan").fill("Gorong-gorong ambrol di ujung gang, lubangnya dalam dan tidak ditutup.");
    await p.getByLabel(/^Foto/).setInputFiles(pngPath);
    await p.getByText("Menunggu sinyal — diunggah bersama laporan").waitFor();
    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.getByRole("heading", { level: 1, name: "Periksa sebelum mengirim" }).waitFor();
    await p.getByRole("button", { name: "Kirim laporan" }).click();
    await p.getByRole("heading", { level: 1, name: "Laporan disimpan — menunggu sinyal" }).waitFor();
    await p.getByText("Menunggu sinyal — akan dikirim otomatis").waitFor();
    await expectUsable(p, "queued report");

    // Report B, also offline (the app is loaded: home, then "Buat laporan"), then cancelled from the queue.
    await p.getByRole("link", { name: "Ke beranda" }).click();
    await p.getByRole("link", { name: "Buat laporan" }).click();
    await p.getByRole("radio", { name: /Banjir dan drainase/ }).check();
    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.getByRole("heading", { level: 1, name: "Di mana lokasinya?" }).waitFor();
    // Without signal the map settings may be missing: the coordinates then show already.
    if (!(await p.locator("details.coords").evaluate((d) => (d as HTMLDetailsElement).open))) await p.getByText("Isi koordinat secara manual").click();
    await p.getByLabel(/Lintang/).fill("-2.98");
    await p.getByLabel(/Bujur/).fill("104.75");
    await p.getByRole("button", { name: "Pakai koordinat ini" }).click();
    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.getByLabel("Uraian laporan").fill("Laporan kedua yang akan dibatalkan sebelum dikirim.");
    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.getByRole("button", { name: "Kirim laporan" }).click();
    await p.getByText("2 kiriman menunggu sinyal — akan dikirim otomatis").waitFor();
    await p.getByText("Lihat antrean").click();
    await expect.poll(() => p.locator(".queue__item").count()).toBe(2);
    await p.locator(".queue__item").nth(1).getByRole("button", { name: "Batalkan" }).click();
    await p.getByRole("dialog", { name: "Batalkan kiriman ini?" }).waitFor();
    await p.getByRole("button", { name: "Ya, batalkan" }).click();
    await p.getByText("Menunggu sinyal — akan dikirim otomatis", { exact: true }).waitFor();
    await p.getByRole("heading", { level: 1, name: "Laporan dibatalkan" }).waitFor();

    // Back online: report A goes, with its photo; B never does.
    await ctx.setOffline(false);
    await p.getByText(/sudah terkirim dengan nomor/).waitFor({ timeout: 30_000 });
    const mine = (await warga.call<{ items: { id: string; excerpt: string }[] }>("GET", "/api/lapor/mine")).items;
    expect(mine.length).toBe(before + 1);
    expect(mine[0].excerpt).toMatch(/Gorong-gorong ambrol/);
    const view = await warga.call<{ photos: unknown[] }>("GET", `/api/lapor/reports/${mine[0].id}`);
    expect(view.photos).toHaveLength(1);
    expect(await p.locator(".queue__item").count()).toBe(0);
  });

  it("after sign-out the service worker keeps no copy of the session: offline, the next person on the phone sees no name", async () => {
    const ctx = await newContext(browser, server.url, MOBILE);
    contexts.push(ctx);
    const p = await ctx.newPage();
    await p.goto("/");
    // The service worker controls the page before the sign-in, so the session answer goes through it.
    await swControls(p);
    await uiLogin(p, "warga@example.com");
    await p.waitForURL(/\/layanan-saya$/);
    /** Every cached answer of the service worker that carries this text. */
    const cachedWith = (text: string) =>
      p.evaluate(async (needle) => {
        const found: string[] = [];
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const req of await cache.keys()) {
            if (!new URL(req.url).pathname.startsWith("/api/")) continue;
            const body = await (await cache.match(req))?.text();
            if (body?.includes(needle)) found.push(`${name} ${req.url}`);
          }
        }
        return found;
      }, text);
    await p.evaluate(() => fetch("/api/auth/session").then((r) => r.text()));
    await expect.poll(() => cachedWith("Maya Sari")).not.toEqual([]);

    await p.getByRole("button", { name: "Menu" }).click();
    await p.getByRole("button", { name: "Keluar" }).click();
    await p.waitForURL(/\/masuk\?keluar=1$/);
    expect(await cachedWith("Maya Sari")).toEqual([]);

    // The next visitor, without signal: the app opens from the shell, signed out, with nobody's name.
    await ctx.setOffline(true);
    await p.goto("/");
    await p.locator("header .brand").waitFor();
    await p.waitForTimeout(500);
    expect(await p.getByText("Maya Sari").count()).toBe(0);
    expect(await p.locator("body").textContent()).not.toContain("Maya Sari");
    await ctx.setOffline(false);
  });

  it("an application form keeps its answers over a reload; its draft is listed and deleted on Layanan saya", async () => {
    const p = await citizenPage();
    await p.goto("/layanan/surat-keterangan-domisili");
    await p.getByRole("button", { name: "Mulai permohonan" }).click();
    await p.waitForURL(/\/permohonan\/[0-9a-f-]{36}$/);
    const caseId = p.url().split("/").pop();
    await p.getByLabel("Nama lengkap").fill("Siti Aminah");
    await p.getByLabel("Keperluan").fill("Persyaratan membuka rekening bank");
    await p.waitForTimeout(600);
    await p.reload();
    await p.getByLabel("Nama lengkap").waitFor();
    expect(await p.getByLabel("Nama lengkap").inputValue()).toBe("Siti Aminah");
    expect(await p.getByLabel("Keperluan").inputValue()).toBe("Persyaratan membuka rekening bank");
    await p.getByText("dipulihkan dari ponsel ini").waitFor();
    expect(await p.locator(".error-summary").count()).toBe(0);

    // Starting the service again resumes the same draft (one per service).
    await p.goto("/layanan/surat-keterangan-domisili");
    await p.getByRole("button", { name: "Mulai permohonan" }).click();
    await p.waitForURL(new RegExp(`/permohonan/${caseId}$`));

    await p.goto("/layanan-saya");
    const drafts = p.getByRole("region", { name: /Draf yang belum diajukan/ });
    await drafts.getByRole("heading", { name: "Surat Keterangan Domisili" }).waitFor();
    await drafts.getByRole("link", { name: "Lanjutkan Surat Keterangan Domisili" }).waitFor();
    await expectUsable(p, "layanan saya with a draft");
    await drafts.getByRole("button", { name: "Hapus Surat Keterangan Domisili" }).click();
    await p.getByRole("dialog", { name: "Hapus draf ini?" }).waitFor();
    await p.getByRole("button", { name: "Ya, hapus draf" }).click();
    await p.getByText(/sudah dihapus/).waitFor();
    await expect.poll(() => drafts.getByRole("heading", { name: "Surat Keterangan Domisili" }).count()).toBe(0);
    expect(await draftsOnPhone(p)).toBe(0);
  });

  it("an application's file chosen without signal waits on the phone, survives a reload, and arrives with the case once back online", async () => {
    const p = await citizenPage();
    const ctx = p.context();
    // The service worker controls the pages from here on, so it has the session for a start without signal.
    await swControls(p);
    await p.goto("/layanan/surat-keterangan-domisili");
    await p.getByRole("button", { name: "Mulai permohonan" }).click();
    await p.waitForURL(/\/permohonan\/[0-9a-f-]{36}$/);
    const caseId = p.url().split("/").pop() as string;
    await p.getByLabel("Nama lengkap").fill("Rahmat Hidayat");
    await p.waitForTimeout(600); // the phone's copy of the answers (250 ms after the last change)

    // No signal: the chosen file waits on the phone, under its field and in the queue.
    await ctx.setOffline(true);
    await p.getByLabel(/Foto\/pindaian KTP-el/).setInputFiles(pngPath);
    await p.getByTestId("waiting-ktp").getByText("Menunggu sinyal — diunggah otomatis saat ada sinyal").waitFor();
    await p.getByText("Menunggu sinyal — akan dikirim otomatis").waitFor();
    await p.getByText("Lihat antrean").click();
    await p.locator(".queue__item").filter({ hasText: "selokan.png" }).getByText("Berkas").waitFor();
    await expectUsable(p, "application form with a file waiting for signal");

    // The tab is reloaded, still without signal: the file is still on the phone.
    await p.reload();
    await p.getByText("Menunggu sinyal — akan dikirim otomatis").waitFor();

    // Back online: the queue uploads it and puts it in its field.
    await ctx.setOffline(false);
    await p.getByText(/Berkas selokan\.png .*sudah terunggah ke permohonan/).waitFor({ timeout: 30_000 });
    const warga = await apiSession(server.url, "warga@example.com");
    const view = await warga.call<{ data: Record<string, unknown>; files: { id: string; filename: string; field: string | null }[] }>(
      "GET",
      `/api/cases/${caseId}`,
    );
    const ktp = view.files.filter((f) => f.field === "ktp");
    expect(ktp.map((f) => f.filename)).toEqual(["selokan.png"]);
    expect(view.data.ktp).toBe(ktp[0].id);

    // The form shows it uploaded, with the name typed before (the phone's copy followed the case's new version).
    await p.goto(`/permohonan/${caseId}`);
    await p.getByTestId("uploaded-ktp").filter({ hasText: "selokan.png" }).waitFor();
    expect(await p.getByLabel("Nama lengkap").inputValue()).toBe("Rahmat Hidayat");
    expect(await p.getByTestId("waiting-ktp").count()).toBe(0);
    expect(await p.locator(".queue__item").count()).toBe(0);
    await warga.call("DELETE", `/api/cases/${caseId}`);
  });
});
