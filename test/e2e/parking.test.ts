/**
 * e-Parking in the browser: the jukir's flow on a 360 px phone — sign in straight to the collecting screen, enter a
 * plate, show the dynamic QRIS, the development gateway pays it and the screen says so; the next vehicle pays cash;
 * the card's public "jukir resmi" page links to e-Lapor with the category chosen. Bapenda's revenue console with
 * its charts. axe-clean, no sideways scrolling at 360 px.
 */
import { describe, expect, it } from "vitest";
import { parseQris } from "../../src/modules/parking/qris.ts";
import { DESKTOP, expectAccessible, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "" } });

describe("e-Parking", () => {
  it("the jukir's flow on a phone: plate → QRIS → paid; cash; the public jukir resmi page", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "jukir@palembang.go.id");
    await p.waitForURL(/\/parkir\/jukir$/);
    await p.getByRole("heading", { level: 1, name: /Parkir: Jl\. Merdeka/ }).waitFor();
    await expectAccessible(p, "jukir home 360");

    // A missing plate is named in the error summary, which takes focus.
    await p.getByRole("button", { name: "Buat QRIS" }).click();
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent ?? "")).toContain("Isi nomor polisi");

    await p.getByLabel("Nomor polisi").fill("bg 1234 abc");
    await p.getByLabel(/^Mobil/).check();
    await p.getByRole("button", { name: "Buat QRIS" }).click();
    await p.getByText("Menunggu pembayaran…").waitFor();
    const qr = p.getByRole("img", { name: "QRIS Rp5.000 untuk BG 1234 ABC" });
    await qr.waitFor();
    await expectAccessible(p, "jukir QR 360");
    // The QR on screen carries a well-formed dynamic QRIS for the tariff (the same string the API returned).
    const session = await p.evaluate(() => fetch("/api/parking/jukir/me").then((r) => r.json()));
    const q = parseQris(session.sessions[0].qris);
    expect(q).toMatchObject({ dynamic: true, amount: 5000 });

    await p.getByRole("button", { name: /Simulasikan pembayaran/ }).click();
    await p.getByRole("status").filter({ hasText: "Sudah dibayar" }).waitFor();
    await expect.poll(() => p.getByText(/Hari ini: 1 dari 1 kendaraan dibayar, Rp5\.000/).count()).toBe(1);

    await p.getByRole("button", { name: "Kendaraan berikutnya" }).click();
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe("plate");
    await p.getByLabel("Nomor polisi").fill("BG 77 XY");
    await p.getByLabel(/^Motor/).check();
    await p.getByRole("button", { name: "Buat QRIS" }).click();
    await p.getByRole("button", { name: "Pengemudi bayar tunai" }).click();
    await p.getByText("Tunai dicatat: Rp2.000").waitFor();
    await expectAccessible(p, "jukir cash 360");

    // The card's QR opens the public page: name, photo, point, tariffs, and the way to report overcharging.
    await p.getByRole("link", { name: "Kartu jukir saya" }).click();
    await p.getByRole("heading", { level: 1, name: "Jukir resmi" }).waitFor();
    await p.getByRole("img", { name: "Foto Slamet Riyadi" }).waitFor();
    expect(await p.locator("table").textContent()).toContain("Rp5.000");
    await expectAccessible(p, "jukir resmi 360");
    expect(await p.getByRole("link", { name: "Laporkan pungutan melebihi tarif" }).getAttribute("href")).toBe("/lapor?kategori=lapor-pungli");
    await ctx.close();
  });

  it("an unknown card says the attendant may not be official", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await p.goto("/jukir/NOSUCHCARD1234");
    await p.getByText("Kartu jukir tidak dikenal").waitFor();
    await expectAccessible(p, "unknown card 360");
    await ctx.close();
  });

  it("Bapenda sees revenue per point against expected, with charts; a low point is flagged", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "operator.bapenda@palembang.go.id");
    await p.getByRole("link", { name: "e-Parkir" }).click();
    await p.getByRole("heading", { level: 1, name: "e-Parkir" }).waitFor();
    await p.locator(".chart-box svg").first().waitFor();
    const cinde = p.getByRole("row", { name: /^CINDE-01/ });
    await expect.poll(() => cinde.textContent()).toContain("Jauh di bawah titik sejenis");
    await expectAccessible(p, "parking console 1280");
    await p.getByRole("tab", { name: "Rekonsiliasi" }).click();
    await p.getByLabel("Berkas CSV").setInputFiles({
      name: "settlement.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("transaction_id,order_id,amount,settled_at\nX1,PKR-1,abc,2026-12-02T10:00:00+07:00\n"),
    });
    await p.getByRole("button", { name: "Cocokkan" }).click();
    await p.getByText("Baris/line 2, amount: Bukan jumlah rupiah").first().waitFor();
    await expectAccessible(p, "parking reconcile error 1280");
    await ctx.close();
  });

  it("Dishub corrects a payment with a new record; the original stays", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "operator.dishub@palembang.go.id");
    await p.getByRole("link", { name: "e-Parkir" }).click();
    await p.getByRole("tab", { name: "Pembayaran" }).click();
    await p.getByRole("button", { name: "Koreksi" }).first().click();
    await p.getByLabel("Jumlah (Rp)").fill("-1000");
    await p.getByLabel("Alasan").fill("Kelebihan tarik, dikembalikan ke pengemudi");
    await p.getByRole("button", { name: "Catat koreksi" }).click();
    await p.getByText("Koreksi dicatat", { exact: true }).waitFor();
    await expect.poll(() => p.locator("tbody").textContent()).toContain("Kelebihan tarik");
    await expectAccessible(p, "parking payments 1280");
    await ctx.close();
  });
});
