import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeSerious, describeViolations, hasHorizontalScroll, latestCode, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests();

async function page(viewport?: { width: number; height: number }, opts: { axe?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(t.browser, t.server.url, viewport, { bypassCSP: opts.axe });
  return ctx.newPage();
}

describe("citizen", () => {
  it("signs up with email, confirms with the code from the outbox, logs out and logs in again", async () => {
    const p = await page(MOBILE);
    const email = `warga.${Date.now()}@example.com`;
    const password = "Pempek-Kapal-Selam-42";

    await p.goto("/daftar");
    expect(await p.getByRole("heading", { level: 1 }).textContent()).toBe("Buat akun Balai");
    // Submitting empty shows the GOV.UK-style error summary, which takes focus.
    await p.getByRole("button", { name: "Buat akun" }).click();
    const summary = p.getByRole("alert").filter({ hasText: "Ada masalah" });
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await p.locator("#name-error").textContent()).toContain("Masukkan nama lengkap");

    await p.getByLabel("Nama lengkap").fill("Siti Aminah");
    await p.getByLabel("Alamat email").fill(email);
    await p.getByLabel("Kata sandi", { exact: true }).fill(password);
    await p.getByRole("button", { name: "Buat akun" }).click();

    await p.waitForURL(/\/daftar\/konfirmasi/);
    await p.getByText(email).first().waitFor();
    // Demo mode: the page says where the code is printed, and points no citizen to the developer outbox.
    await p.getByText("kodenya tercetak di log server").waitFor();
    expect(await p.locator('a[href="/dev/outbox"]').count()).toBe(0);
    const code = await latestCode(t.server.url, email);
    await p.getByLabel("Kode konfirmasi").fill(code);
    await p.getByRole("button", { name: "Konfirmasi" }).click();

    await p.waitForURL(/\/layanan-saya$/);
    await p.getByRole("heading", { level: 1, name: "Layanan saya" }).waitFor();
    await p.getByText("Belum ada permohonan").waitFor();
    expect(await p.locator('a[href="/dev/outbox"]').count()).toBe(0);
    await p.goto("/dev/outbox");
    await p.getByRole("heading", { level: 1, name: "Anda tidak punya akses ke halaman ini" }).waitFor();
    expect(await p.locator(".outbox__item").count()).toBe(0);
    await p.goBack();

    // Log out (the menu is collapsed at 360 px).
    await p.getByRole("button", { name: "Menu" }).click();
    await p.getByRole("button", { name: "Keluar" }).click();
    await p.waitForURL(/\/masuk/);
    await p.getByText("Anda sudah keluar.").waitFor();

    await uiLogin(p, email, password);
    await p.waitForURL(/\/layanan-saya$/);
    await p.getByRole("heading", { level: 1, name: "Layanan saya" }).waitFor();
    await p.context().close();
  });

  it("shows the server's error for wrong credentials in the error summary", async () => {
    const p = await page();
    await uiLogin(p, "warga@example.com", "salah-sekali-123");
    const summary = p.getByRole("alert").filter({ hasText: "Ada masalah" });
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Email/nomor HP atau kata sandi salah");
    await p.context().close();
  });
});

describe("language", () => {
  it("switches to English, and server errors come back in English", async () => {
    const p = await page();
    await p.goto("/masuk");
    await p.getByRole("button", { name: "English" }).click();
    await p.getByRole("heading", { level: 1, name: "Log in to Balai" }).waitFor();
    expect(await p.evaluate(() => document.documentElement.lang)).toBe("en");
    await p.getByLabel("Email or mobile number").fill("warga@example.com");
    await p.getByLabel("Password", { exact: true }).fill("wrong-password-123");
    await p.getByRole("button", { name: "Log in", exact: true }).click();
    const summary = p.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Wrong email/phone number or password");
    // The choice survives a reload.
    await p.reload();
    await p.getByRole("heading", { level: 1, name: "Log in to Balai" }).waitFor();
    await p.context().close();
  });
});

describe("staff", () => {
  it("an OPD operator logs in and sees the console with their role and unit", async () => {
    const p = await page();
    await uiLogin(p, "operator.dukcapil@palembang.go.id");
    await p.waitForURL(/\/konsol$/);
    await p.getByRole("heading", { level: 1, name: /Selamat datang/ }).waitFor();
    await p.getByRole("heading", { name: "Peran Anda" }).waitFor();
    expect(await p.locator(".card--unit").first().textContent()).toContain("Operator OPD");
    await p.getByRole("heading", { name: "Verifikasi dua langkah" }).waitFor();
    // Not an admin: no admin tools in the navigation.
    expect(await p.getByRole("link", { name: "Pegawai & peran" }).count()).toBe(0);
    await p.context().close();
  });
});

describe("two-step verification", () => {
  it("a lurah turns on an authenticator app, then must give a code at login", async () => {
    const { generate } = await import("otplib");
    const p = await page(MOBILE);
    await uiLogin(p, "lurah@palembang.go.id");
    await p.waitForURL(/\/konsol$/);
    await p.getByRole("button", { name: "Aktifkan verifikasi dua langkah" }).click();
    await p.locator(".qr img").waitFor();
    await p.getByText(/Tidak bisa memindai/).click();
    const secret = (await p.locator(".secret").textContent())!.replace(/\s/g, "");
    await p.getByLabel(/Masukkan kode 6 angka/).fill(await generate({ secret }));
    await p.getByRole("button", { name: "Aktifkan", exact: true }).click();
    await p.getByText("Verifikasi dua langkah sudah aktif.").waitFor();

    await p.getByRole("button", { name: "Menu" }).click();
    await p.getByRole("button", { name: "Keluar" }).click();
    await p.waitForURL(/\/masuk/);
    await uiLogin(p, "lurah@palembang.go.id");
    await p.getByRole("heading", { level: 1, name: "Masukkan kode autentikator" }).waitFor();
    await p.getByLabel("Kode autentikator").fill("000000");
    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.getByText("Kode autentikator salah").first().waitFor();
    await p.getByLabel("Kode autentikator").fill(await generate({ secret }));
    await p.getByRole("button", { name: "Lanjutkan" }).click();
    await p.waitForURL(/\/konsol$/);
    await p.getByRole("heading", { level: 1, name: /Selamat datang/ }).waitFor();
    await p.context().close();
  });
});

describe("kominfo admin", () => {
  it("creates a staff account and grants it a second role", async () => {
    const p = await page();
    await uiLogin(p, "admin@palembang.go.id");
    await p.waitForURL(/\/konsol$/);
    // Demo mode: the developer outbox is in the Kominfo admin's menu (and nobody else's).
    expect(await p.locator('nav a[href="/dev/outbox"]').count()).toBeGreaterThan(0);
    await p.getByRole("link", { name: "Pegawai & peran" }).first().click();
    await p.getByRole("heading", { level: 1, name: "Pegawai & peran" }).waitFor();
    await p.locator("table").waitFor();

    const email = `pegawai.${Date.now()}@palembang.go.id`;
    await p.getByRole("button", { name: "Tambah pegawai" }).click();
    await p.getByLabel("Nama", { exact: true }).fill("Dewi Lestari");
    await p.getByLabel("Email dinas").fill(email);
    await p.getByLabel(/^NIP/).fill("198705122010011004");
    await p.getByLabel("Kata sandi awal").fill("Sungai-Musi-Ampera-88");
    await p.getByLabel("Peran", { exact: true }).selectOption("opd_operator");
    await p.locator("#new-unit-filter").fill("Dukcapil");
    const unitSelect = p.locator("#new-unit");
    const firstUnit = await unitSelect.locator("option").nth(1).getAttribute("value");
    await unitSelect.selectOption(firstUnit!);
    await p.getByRole("button", { name: "Buat akun pegawai" }).click();

    await p.getByText("Akun pegawai Dewi Lestari dibuat.").waitFor();
    const row = p.locator("tbody tr").filter({ hasText: email });
    await row.waitFor();
    expect(await row.textContent()).toContain("Operator OPD");

    // Grant a second role in a kelurahan.
    await row.getByRole("button", { name: /Beri peran/ }).click();
    await p.locator("#grant-unit-filter").fill("kelurahan");
    const grantUnit = p.locator("#grant-unit");
    const kel = await grantUnit.locator("option").nth(1).getAttribute("value");
    await grantUnit.selectOption(kel!);
    await p.locator("#grant-role").selectOption("lurah");
    await p.getByRole("button", { name: "Beri peran", exact: true }).last().click();
    await p.getByText(/Dewi Lestari sekarang Lurah di/).waitFor();
    await p.locator("tbody tr").filter({ hasText: email }).filter({ hasText: "Lurah" }).waitFor();
    await p.context().close();
  });

  it("verifies the audit chain", async () => {
    const p = await page();
    await uiLogin(p, "admin@palembang.go.id");
    await p.waitForURL(/\/konsol$/);
    await p.goto("/konsol/audit");
    await p.locator("table").waitFor();
    await p.getByRole("button", { name: "Verifikasi rantai" }).click();
    await p.getByText("Rantai audit utuh").waitFor();
    await p.context().close();
  });
});

describe("accessibility", () => {
  const publicPages = ["/", "/daftar", "/masuk", "/daftar/konfirmasi?identifier=a%40example.com", "/lupa-sandi"];
  for (const path of publicPages) {
    it(`has no serious or critical axe violations on ${path}`, async () => {
      const p = await page(undefined, { axe: true });
      await p.goto(path);
      await p.locator("main h1").waitFor();
      const v = await axeSerious(p);
      expect(v, describeViolations(v)).toEqual([]);
      await p.context().close();
    });
  }

  it("has no serious or critical axe violations on the console and admin pages", async () => {
    const p = await page(undefined, { axe: true });
    await uiLogin(p, "admin@palembang.go.id");
    await p.waitForURL(/\/konsol$/);
    for (const path of ["/konsol", "/konsol/pegawai", "/konsol/unit", "/konsol/audit", "/akun"]) {
      await p.goto(path);
      // Five console pages in one test: on a loaded machine one page's data can take longer than the default wait.
      await p.locator("main h1").waitFor({ timeout: 60_000 });
      await p.waitForLoadState("networkidle");
      const v = await axeSerious(p);
      expect(v, `${path}\n${describeViolations(v)}`).toEqual([]);
    }
    await p.context().close();
  }, 300_000);

  it("error summary state of the sign-up form has no serious violations", async () => {
    const p = await page(MOBILE, { axe: true });
    await p.goto("/daftar");
    await p.getByRole("button", { name: "Buat akun" }).click();
    await p.getByText("Ada masalah").waitFor();
    const v = await axeSerious(p);
    expect(v, describeViolations(v)).toEqual([]);
    await p.context().close();
  });
});

describe("small screens (360 × 740)", () => {
  for (const path of ["/", "/daftar", "/masuk", "/daftar/konfirmasi?identifier=nama.panjang.sekali%40contoh-domain-panjang.example.com"]) {
    it(`${path} has no horizontal scroll`, async () => {
      const p = await page(MOBILE);
      await p.goto(path);
      await p.locator("main h1").waitFor();
      expect(await hasHorizontalScroll(p)).toBe(false);
      await p.context().close();
    });
  }
});
