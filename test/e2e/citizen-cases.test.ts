import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSession, expectAccessible, hasHorizontalScroll, MOBILE, newContext, ROOT, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests();
let pdfPath: string;
const shot = (name: string) => path.join(ROOT, "docs/screenshots", name);
const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

beforeAll(async () => {
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "balai-ktp-")), "ktp.pdf");
  fs.writeFileSync(pdfPath, PDF);
});

afterAll(async () => {
  if (pdfPath) fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
});

/** A logged-in HTTP client (cookie + CSRF) for the parts of the test that are not about the UI. */
const apiLogin = async (identifier: string) => (await apiSession(t.server.url, identifier)).call;

describe("citizen applies for a Surat Keterangan Domisili", () => {
  it("searches, starts, fills, uploads, checks, submits; staff complete it; the citizen sees Selesai", async () => {
    // bypassCSP only so axe-core can be injected.
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL(/\/layanan-saya$/);

    await p.goto("/layanan");
    await p.getByRole("heading", { level: 1, name: "Layanan" }).waitFor();
    await p.getByRole("heading", { name: "Menurut peristiwa hidup" }).waitFor();
    await expectAccessible(p, "/layanan");
    await p.getByLabel("Cari layanan").fill("domisili");
    await p.getByRole("button", { name: "Cari", exact: true }).click();
    await p.waitForURL(/\/layanan\?q=domisili/);
    const result = p.getByRole("link", { name: "Surat Keterangan Domisili", exact: true });
    await result.waitFor();
    const item = p.locator(".service-item").filter({ has: result });
    expect(await item.textContent()).toMatch(/Gratis/);
    expect(await item.textContent()).toMatch(/2 hari kerja/);
    expect(await item.textContent()).toMatch(/Daring/);
    await expectAccessible(p, "/layanan?q=domisili");
    await p.screenshot({ path: shot("citizen-catalog-360.png"), fullPage: true });
    expect(await hasHorizontalScroll(p)).toBe(false);
    await result.click();

    await p.waitForURL(/\/layanan\/surat-keterangan-domisili$/);
    await p.getByRole("heading", { level: 1, name: "Surat Keterangan Domisili" }).waitFor();
    await p.getByRole("heading", { name: "Yang perlu Anda siapkan" }).waitFor();
    await p.getByText("UU No. 25 Tahun 2009 tentang Pelayanan Publik").waitFor();
    await expectAccessible(p, "service page");
    await p.getByRole("button", { name: "Mulai permohonan" }).click();

    await p.waitForURL(/\/permohonan\/[0-9a-f-]{36}$/);
    const caseId = p.url().split("/").pop()!;
    await p.getByLabel("NIK pemohon").waitFor();

    // Continuing with nothing filled in shows the error summary, which takes focus.
    await p.getByRole("button", { name: "Lanjut" }).click();
    const summary = p.getByRole("alert").filter({ hasText: "Ada masalah" });
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await p.locator("#f-nik-error").textContent()).toContain("NIK pemohon");

    expect(await p.getByLabel("NIK pemohon").getAttribute("inputmode")).toBe("numeric");
    await p.getByLabel("NIK pemohon").fill("1671044503900001");
    await p.getByLabel("Nama lengkap").fill("Siti Aminah");
    await p.getByLabel("Jalan, nomor rumah").fill("Jl. Merdeka No. 10");
    await p.getByLabel("RT", { exact: true }).fill("003");
    await p.getByLabel("RW", { exact: true }).fill("001");
    await p.getByLabel("Kecamatan").selectOption("16.71.04");
    expect(await p.getByLabel("Kecamatan").locator("option:checked").textContent()).toBe("Kecamatan Ilir Barat I");
    await p.getByLabel("Kelurahan").selectOption("16.71.04.1003");
    await p.getByLabel("Keperluan").fill("Persyaratan membuka rekening bank");
    await p.getByLabel(/Foto\/pindaian KTP-el/).setInputFiles(pdfPath);
    await p.getByTestId("uploaded-ktp").filter({ hasText: "ktp.pdf" }).waitFor();

    // Save a draft, then continue.
    await p.getByRole("button", { name: "Simpan draf" }).click();
    await p.getByText("Draf tersimpan").waitFor();
    await expectAccessible(p, "application form");
    expect(await hasHorizontalScroll(p)).toBe(false);
    await p.screenshot({ path: shot("citizen-form-360.png"), fullPage: true });
    await p.getByRole("button", { name: "Lanjut" }).click();

    await p.waitForURL(new RegExp(`/permohonan/${caseId}/periksa$`));
    await p.getByRole("heading", { level: 1, name: "Periksa jawaban Anda sebelum mengajukan" }).waitFor();
    await p.getByText("1671044503900001").waitFor();
    await p.getByText(/Kelurahan .*, Kecamatan Ilir Barat I/).waitFor();
    await p.getByRole("link", { name: "ktp.pdf" }).waitFor();
    expect(await p.getByRole("link", { name: /^Ubah/ }).count()).toBe(5);
    await expectAccessible(p, "check answers");
    await p.getByRole("button", { name: "Ajukan permohonan" }).click();

    await p.waitForURL(new RegExp(`/permohonan/${caseId}/terkirim$`));
    await p.getByRole("heading", { level: 1, name: "Permohonan terkirim" }).waitFor();
    const number = (await p.getByTestId("case-number").textContent())?.trim() ?? "";
    expect(number).toMatch(/^SKD-\d{4}-\d{6}$/);
    await p.getByText(/Target selesai:/).waitFor();
    const trackHref = await p.getByRole("link", { name: /\/lacak\// }).getAttribute("href");
    expect(trackHref).toMatch(/^\/lacak\/[A-Za-z0-9_-]+$/);
    await expectAccessible(p, "confirmation");
    expect(await hasHorizontalScroll(p)).toBe(false);
    await p.screenshot({ path: shot("citizen-confirmation-360.png"), fullPage: true });

    // Staff work the case through the API.
    const operator = await apiLogin("operator.kelurahan@palembang.go.id");
    let c = await operator<{ version: number; state: string }>("GET", `/api/cases/${caseId}`);
    c = await operator("POST", `/api/cases/${caseId}/actions/verify`, { version: c.version });
    const lurah = await apiLogin("lurah@palembang.go.id");
    c = await lurah<{ version: number; state: string }>("GET", `/api/cases/${caseId}`);
    c = await lurah("POST", `/api/cases/${caseId}/actions/sign`, { version: c.version });
    const form = new FormData();
    form.append("file", new Blob([PDF], { type: "application/pdf" }), "surat-domisili.pdf");
    const doc = await operator<{ id: string }>("POST", `/api/cases/${caseId}/documents`, form);
    c = await operator<{ version: number; state: string }>("GET", `/api/cases/${caseId}`);
    c = await operator("POST", `/api/cases/${caseId}/actions/complete`, { version: c.version, fileIds: [doc.id] });

    // The citizen sees the result.
    await p.goto(`/layanan-saya/${caseId}`);
    await p.getByRole("heading", { level: 1, name: "Surat Keterangan Domisili" }).waitFor();
    expect(await p.getByTestId("case-state").textContent()).toBe("Selesai");
    await p.getByRole("link", { name: "surat-domisili.pdf" }).first().waitFor();
    await expectAccessible(p, "case page");
    expect(await hasHorizontalScroll(p)).toBe(false);

    await p.goto("/layanan-saya");
    await p.getByRole("heading", { name: /^Selesai/ }).waitFor();
    await p.getByText(number).waitFor();

    // Public tracking works without logging in.
    const anon = await (await newContext(t.browser, t.server.url, MOBILE)).newPage();
    await anon.goto(trackHref!);
    await anon.getByRole("heading", { level: 1, name: "Surat Keterangan Domisili" }).waitFor();
    await anon.getByText(number).waitFor();
    await anon.context().close();
    await ctx.close();
  });

  it("the citizen corrects a returned application, resubmits it, then withdraws it", async () => {
    // Set up a submitted case through the API.
    const citizen = await apiLogin("warga@example.com");
    const get = <T>(id: string) => citizen<T & { version: number }>("GET", `/api/cases/${id}`);
    const created = await citizen<{ id: string; version: number }>("POST", "/api/cases", {
      service: "surat-keterangan-domisili",
      data: {
        nik: "1671044503900001",
        nama: "Siti Aminah",
        alamat: { street: "Jl. Merdeka No. 10", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
        keperluan: "Persyaratan bank",
      },
    });
    const id = created.id;
    const form = new FormData();
    form.append("file", new Blob([PDF], { type: "application/pdf" }), "ktp.pdf");
    const up = await citizen<{ id: string }>("POST", `/api/cases/${id}/files?field=ktp`, form);
    let c = await get<{ data: Record<string, unknown> }>(id);
    await citizen("PUT", `/api/cases/${id}/answers`, { version: c.version, data: { ...c.data, ktp: up.id } });
    c = await get(id);
    await citizen("POST", `/api/cases/${id}/submit`, { version: c.version });

    const operator = await apiLogin("operator.kelurahan@palembang.go.id");
    c = await get(id);
    await operator("POST", `/api/cases/${id}/actions/request_correction`, { version: c.version, comment: "Mohon tuliskan keperluan dengan lebih jelas." });

    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL(/\/layanan-saya$/);
    await p.goto(`/layanan-saya/${id}`);
    expect(await p.getByTestId("case-state").textContent()).toBe("Perlu perbaikan");
    await p.getByText("Mohon tuliskan keperluan dengan lebih jelas.").first().waitFor();
    await expectAccessible(p, "case page in correction");
    await p.getByRole("link", { name: "Perbaiki permohonan" }).click();

    await p.waitForURL(new RegExp(`/permohonan/${id}$`));
    await p.getByLabel("Keperluan").fill("Persyaratan membuka rekening tabungan di Bank Sumsel Babel");
    await p.getByRole("button", { name: "Lanjut" }).click();
    await p.waitForURL(new RegExp(`/permohonan/${id}/periksa$`));
    await p.getByText("Bank Sumsel Babel").waitFor();
    await p.getByRole("button", { name: "Ajukan ulang permohonan" }).click();
    await p.waitForURL(new RegExp(`/layanan-saya/${id}$`));
    await p.getByTestId("case-state").filter({ hasText: "Diajukan" }).waitFor();

    // Withdraw asks for confirmation first.
    await p.getByRole("button", { name: "Batalkan permohonan ini" }).click();
    await p.getByText("Yakin ingin membatalkan permohonan ini?").waitFor();
    await p.getByRole("button", { name: "Tidak, kembali" }).click();
    await p.getByRole("button", { name: "Batalkan permohonan ini" }).click();
    await p.getByRole("button", { name: "Ya, batalkan" }).click();
    await p.getByTestId("case-state").filter({ hasText: "Dibatalkan pemohon" }).waitFor();
    await p.getByText("Permohonan sudah dibatalkan.").waitFor();
    await ctx.close();
  });

  it("maps the server's field errors on submit back to the form fields", async () => {
    const citizen = await apiLogin("warga@example.com");
    const created = await citizen<{ id: string }>("POST", "/api/cases", {
      service: "surat-keterangan-domisili",
      // No KTP uploaded: only submit (on the check page) refuses it.
      data: {
        nik: "1671044503900001",
        nama: "Siti Aminah",
        alamat: { street: "Jl. Merdeka 1", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
        keperluan: "Bank",
      },
    });
    const ctx = await newContext(t.browser, t.server.url, MOBILE);
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL(/\/layanan-saya$/);
    await p.goto(`/permohonan/${created.id}/periksa`);
    await p.getByRole("button", { name: "Ajukan permohonan" }).click();
    await p.waitForURL(new RegExp(`/permohonan/${created.id}$`));
    const summary = p.getByRole("alert").filter({ hasText: "Ada masalah" });
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await p.locator("#f-ktp-error").waitFor();
    // The summary links move focus to the field.
    await summary.locator('a[href="#f-ktp"]').click();
    expect(await p.evaluate(() => document.activeElement?.id)).toBe("f-ktp");

    // 16 digits, but region 99.99.99 does not exist: only the server can tell, and says so beside the field.
    await p.getByLabel("NIK pemohon").fill("9999994503900001");
    await p.getByRole("button", { name: "Simpan draf" }).click();
    await p.locator("#f-nik-error").filter({ hasText: "kode kecamatan" }).waitFor();
    await summary.locator('a[href="#f-nik"]').waitFor();
    await ctx.close();
  });
});
