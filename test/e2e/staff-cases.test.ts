/**
 * Staff case screens in a real browser: a citizen's application (made over HTTP) is verified by the kelurahan
 * operator, signed by the lurah and completed with an uploaded letter; Kominfo edits and publishes a service.
 * Screenshots (1280 px and 360 px) of the inbox and case view land in docs/screenshots/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeLapor } from "../fakes/lapor.ts";
import { apiSession, DESKTOP, expectAccessible, hasHorizontalScroll, MOBILE, newContext, ROOT, setupBrowserTests, uiLogin } from "./helpers.ts";

const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const SHOTS = path.join(ROOT, "docs/screenshots");

// SP4N-LAPOR! forwarding goes to a local fake of LAPOR!'s stream API (test/fakes/lapor.ts).
const lapor = await new FakeLapor().start();
afterAll(() => lapor.close());
const t = setupBrowserTests({ env: { LAPOR_TOKEN: lapor.token, LAPOR_API_URL: lapor.url } });
let pdfPath: string;

beforeAll(async () => {
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "balai-pdf-")), "surat.pdf");
  fs.writeFileSync(pdfPath, PDF);
});

/** A logged-in HTTP client (cookie + CSRF); uploads send the KTP PDF. */
async function apiLogin(identifier: string) {
  const s = await apiSession(t.server.url, identifier);
  return { call: s.call, upload: (url: string) => s.upload(url, { bytes: PDF, name: "ktp.pdf", type: "application/pdf" }), raw: s.raw };
}

async function createSubmittedCase(): Promise<{ id: string; number: string }> {
  const citizen = await apiLogin("warga@example.com");
  const draft = await citizen.call("POST", "/api/cases", { service: "surat-keterangan-domisili" });
  const ktp = await citizen.upload(`/api/cases/${draft.id}/files?field=ktp`);
  const saved = await citizen.call("PUT", `/api/cases/${draft.id}/answers`, {
    version: draft.version,
    data: {
      nik: "1671044503900001",
      nama: "Maya Sari",
      alamat: { street: "Jl. Merdeka 10", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
      keperluan: "Buka rekening",
      ktp: ktp.id,
    },
  });
  const submitted = await citizen.call("POST", `/api/cases/${draft.id}/submit`, { version: saved.version });
  return { id: draft.id, number: submitted.number };
}

async function staffPage(identifier: string, viewport = DESKTOP, axe = true): Promise<Page> {
  const ctx = await newContext(t.browser, t.server.url, viewport, { bypassCSP: axe });
  const p = await ctx.newPage();
  await uiLogin(p, identifier);
  await p.waitForURL(/\/konsol/);
  return p;
}

const stateText = (p: Page) => p.getByTestId("case-state");

describe("staff case handling", () => {
  it("verifies, signs and completes a Surat Keterangan Domisili", async () => {
    const { id, number } = await createSubmittedCase();
    expect(number).toMatch(/^SKD-/);

    // Kelurahan operator: inbox → search → case → Verifikasi.
    const op = await staffPage("operator.kelurahan@palembang.go.id");
    await op.getByRole("link", { name: "Permohonan" }).first().click();
    await op.waitForURL(/\/konsol\/permohonan/);
    await op.getByRole("heading", { level: 1, name: "Kotak masuk permohonan" }).waitFor();
    await op.getByLabel("Cari nomor atau nama pemohon").fill(number);
    await op.getByRole("button", { name: "Terapkan" }).click();
    const link = op.getByRole("link", { name: number });
    await link.waitFor();
    expect(await op.locator("tbody tr").count()).toBe(1);
    expect(await op.getByRole("link", { name: "Unduh CSV" }).getAttribute("href")).toContain(`q=${encodeURIComponent(number)}`);
    await expectAccessible(op);
    await op.setViewportSize(DESKTOP);
    await op.screenshot({ path: path.join(SHOTS, "staff-inbox-1280.png"), fullPage: true });

    await link.click();
    await op.waitForURL(new RegExp(`/konsol/permohonan/${id}$`));
    await op.getByRole("heading", { level: 1, name: number }).waitFor();
    expect(await stateText(op).textContent()).toBe("Diajukan");
    // Answers rendered by type: the address with region names, the KTP as a download link.
    await op.getByText("Jl. Merdeka 10").waitFor();
    expect(await op.getByRole("link", { name: "ktp.pdf" }).getAttribute("href")).toMatch(/^\/api\/files\//);
    await expectAccessible(op);
    await op.screenshot({ path: path.join(SHOTS, "staff-case-1280.png"), fullPage: true });

    // "Tolak" needs a note: the client check shows the error summary.
    await op.getByRole("button", { name: "Tolak" }).click();
    await op.getByRole("button", { name: "Lanjutkan: Tolak" }).click();
    await op.getByRole("alert").filter({ hasText: "Ada masalah" }).waitFor();
    await op.getByRole("button", { name: "Batal" }).click();

    await op.getByRole("button", { name: "Verifikasi", exact: true }).click();
    await op.getByText("Tindakan “Verifikasi” berhasil").waitFor();
    expect(await stateText(op).textContent()).toBe("Terverifikasi, menunggu tanda tangan lurah");

    // Lurah signs.
    const lurah = await staffPage("lurah@palembang.go.id", DESKTOP, false);
    await lurah.goto(`/konsol/permohonan/${id}`);
    await lurah.getByRole("button", { name: "Tandatangani" }).click();
    await lurah.getByText("Tindakan “Tandatangani” berhasil").waitFor();
    expect(await stateText(lurah).textContent()).toBe("Ditandatangani lurah");
    await lurah.context().close();

    // The operator's page is now stale: acting on it reports the change and reloads.
    await op.getByRole("button", { name: "Minta perbaikan" }).waitFor();
    await op.getByRole("button", { name: "Minta perbaikan" }).click();
    await op.getByLabel("Catatan (wajib)").fill("Mohon perbaiki alamat");
    await op.getByRole("button", { name: "Lanjutkan: Minta perbaikan" }).click();
    await op.getByText("baru saja diubah oleh orang lain").waitFor();
    expect(await stateText(op).textContent()).toBe("Ditandatangani lurah");

    // Complete with the signed letter attached.
    await op.getByRole("button", { name: "Serahkan surat" }).click();
    await op.getByLabel(/^Dokumen/).setInputFiles(pdfPath);
    await op.getByRole("button", { name: "Lanjutkan: Serahkan surat" }).click();
    await op.getByText("Tindakan “Serahkan surat” berhasil").waitFor();
    expect(await stateText(op).textContent()).toBe("Selesai");
    await op.getByRole("link", { name: "surat.pdf" }).waitFor();
    await op.context().close();

    // 360 px: tables scroll inside their container, the page itself does not.
    const m = await staffPage("operator.kelurahan@palembang.go.id", MOBILE, false);
    await m.goto("/konsol/permohonan?status=all");
    await m.getByRole("link", { name: number }).waitFor();
    expect(await hasHorizontalScroll(m)).toBe(false);
    await m.screenshot({ path: path.join(SHOTS, "staff-inbox-360.png"), fullPage: true });
    await m.goto(`/konsol/permohonan/${id}`);
    await m.getByRole("heading", { level: 1, name: number }).waitFor();
    expect(await hasHorizontalScroll(m)).toBe(false);
    await m.screenshot({ path: path.join(SHOTS, "staff-case-360.png"), fullPage: true });
    await m.context().close();
  });

  it("Kominfo sees the catalogue overview, edits a service's SLA, saves a draft and publishes it", async () => {
    const p = await staffPage("admin@palembang.go.id");
    await p.getByRole("link", { name: "Ikhtisar" }).first().click();
    await p.waitForURL(/\/konsol\/ikhtisar$/);
    await p.getByRole("heading", { level: 1, name: "Ikhtisar katalog" }).waitFor();
    await p.getByRole("img", { name: "Jumlah layanan per OPD" }).waitFor();
    expect(await p.locator("table tbody tr").count()).toBeGreaterThan(5);
    await expectAccessible(p);

    await p.goto("/konsol/layanan");
    await p.getByLabel("Cari layanan").fill("domisili");
    await p.getByRole("link", { name: "Surat Keterangan Domisili" }).click();
    await p.waitForURL(/\/konsol\/layanan\/surat-keterangan-domisili$/);
    await p.getByRole("heading", { level: 1, name: /Surat Keterangan Domisili/ }).waitFor();
    await p.getByRole("heading", { name: "Pratinjau formulir warga" }).waitFor();
    await expectAccessible(p);
    const sla = p.locator("#e-sla");
    expect(await sla.inputValue()).toBe("2");
    await sla.fill("3");
    await p.getByRole("button", { name: "Simpan draf" }).click();
    await p.getByText(/Draf versi \d+ disimpan/).waitFor();
    await p.getByRole("button", { name: "Terbitkan", exact: true }).click();
    await p.getByText(/Terbitkan versi \d+\?/).waitFor();
    await p.getByRole("button", { name: /^Terbitkan v\d+$/ }).click();
    await p.getByText(/Versi \d+ diterbitkan/).waitFor();

    const pub = await (await fetch(`${t.server.url}/api/catalog/services/surat-keterangan-domisili`)).json();
    expect(pub.slaDays).toBe(3);
    await p.context().close();
  });

  it("manages holidays", async () => {
    const p = await staffPage("admin@palembang.go.id", DESKTOP, false);
    await p.goto("/konsol/hari-libur");
    await p.getByRole("heading", { level: 1, name: "Hari libur" }).waitFor();
    const year = new Date().getFullYear();
    await p.getByLabel("Tanggal").fill(`${year}-06-17`);
    await p.getByLabel("Nama").fill("Hari Jadi Kota Uji");
    await p.getByRole("button", { name: "Simpan hari libur" }).click();
    await p.getByRole("cell", { name: "Hari Jadi Kota Uji", exact: true }).waitFor();
    await p.getByRole("button", { name: "Hapus: Hari Jadi Kota Uji" }).click();
    await p.getByRole("cell", { name: "Hari Jadi Kota Uji", exact: true }).waitFor({ state: "detached" });
    await p.context().close();
  });

  it("Kominfo records the SP4N-LAPOR! tracking id of an e-Lapor report on its case page", async () => {
    const citizen = await apiLogin("warga@example.com");
    const report = await citizen.call("POST", "/api/lapor/reports", {
      category: "lapor-sampah",
      lat: -2.99,
      lon: 104.76,
      kelurahan: "16.71.04.1003",
      description: "Sampah menumpuk di pinggir jalan sejak seminggu.",
      anonymous: false,
      confidential: false,
    });
    const p = await staffPage("admin@palembang.go.id");
    await p.goto(`/konsol/permohonan/${report.id}`);
    await p.getByRole("heading", { level: 2, name: "Nomor di SP4N-LAPOR" }).waitFor();
    await p.getByText("Belum ada nomor SP4N-LAPOR yang dicatat.").waitFor();
    await p.getByRole("button", { name: "Simpan nomor" }).click();
    await p.getByRole("link", { name: /Isi nomor dari SP4N-LAPOR/ }).waitFor();
    await p.getByRole("textbox", { name: "Nomor di SP4N-LAPOR" }).fill("4455667");
    await p.getByRole("button", { name: "Simpan nomor" }).click();
    await p.getByRole("button", { name: "Ubah nomor" }).waitFor();
    expect(await p.locator("#national-title + p strong").textContent()).toBe("4455667");
    await expectAccessible(p, "case page with the national reference");
    await p.context().close();
  });

  it("Kominfo forwards an e-Lapor report to SP4N-LAPOR!; the tracking id comes back as its national reference", async () => {
    const citizen = await apiLogin("warga@example.com");
    const report = await citizen.call("POST", "/api/lapor/reports", {
      category: "lapor-sampah",
      lat: -2.97,
      lon: 104.75,
      kelurahan: "16.71.04.1003",
      description: "Selokan tersumbat sampah plastik di depan sekolah.",
      anonymous: false,
      confidential: false,
    });
    const p = await staffPage("admin@palembang.go.id");
    await p.goto(`/konsol/permohonan/${report.id}`);
    await p.getByRole("button", { name: "Teruskan ke SP4N-LAPOR!" }).click();
    await p.getByText(/Laporan menunggu dikirim ke SP4N-LAPOR!/).waitFor();
    await expectAccessible(p, "case page with SP4N-LAPOR! forwarding pending");
    // The forwarding job sends it within its period; wait for the fake to have answered, then look again.
    for (let i = 0; i < 120 && lapor.issued.length === 0; i++) await new Promise((r) => setTimeout(r, 500));
    expect(lapor.problems).toEqual([]);
    expect(lapor.received().at(-1)?.isi).toContain("Selokan tersumbat sampah plastik");
    await p.reload();
    await p.getByText(/Diteruskan ke SP4N-LAPOR!/).waitFor();
    expect(await p.locator("#national-title + p strong").textContent()).toBe(lapor.issued[0]);
    expect(await p.getByRole("button", { name: "Teruskan ke SP4N-LAPOR!" }).count()).toBe(0);
    await p.context().close();
  });
});
