/**
 * The service editor in a real browser, as an OPD admin (Kepala DPMPTSP) uses it: a field and a requirement added
 * and reordered by keyboard, the channel and workflow picked from choices, the preview following every edit, a
 * validator error beside its field, a draft saved and published — and the citizen's form then asks the new question.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectUsable, launchBrowser, MOBILE, newContext, ROOT, startServer, type TestServer, uiLogin } from "./helpers.ts";

const SHOTS = process.env.BALAI_E2E_SHOTS ?? path.join(ROOT, "docs/screenshots");
const SERVICE = "pkkpr-non-berusaha";
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The labels of the preview's questions, in order. */
async function previewQuestions(p: Page): Promise<string[]> {
  const labels = p.getByTestId("form-preview").locator(".field__label");
  return (await labels.allTextContents()).map((s) => s.trim());
}

describe("service editor", () => {
  it("an OPD admin edits the form by lists and choices, sees the preview, fixes a validator error and publishes", async () => {
    const ctx = await newContext(browser, server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "kadis.dpmptsp@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.goto(`/konsol/layanan/${SERVICE}`);
    await p.getByRole("heading", { level: 1, name: /Persetujuan KKPR/ }).waitFor();
    const preview = p.getByTestId("form-preview");
    await preview.getByLabel("Luas tanah (m2)").waitFor();
    await expectUsable(p, "editor at 1280 px");

    // A new question: the small form opens, the code follows the label, the preview shows it at once.
    await p.getByRole("button", { name: "Tambah kolom" }).click();
    const label = p.locator("#ef-8-lid");
    await expect.poll(() => label.evaluate((el) => el === document.activeElement)).toBe(true);
    await label.fill("Nomor sertifikat tanah");
    await p.locator("#ef-8-len").fill("Land certificate number");
    expect(await p.locator("#ef-8-name").inputValue()).toBe("nomor_sertifikat_tanah");
    await p.locator("#ef-8-type").selectOption({ label: "Teks singkat" });
    await preview.getByLabel("Nomor sertifikat tanah").waitFor();
    expect((await previewQuestions(p)).at(-1)).toBe("Nomor sertifikat tanah");

    // Moved up twice by keyboard: the focus follows the row, so Enter twice moves it two places.
    await p.getByRole("button", { name: "Naik: Nomor sertifikat tanah" }).focus();
    await p.keyboard.press("Enter");
    await p.keyboard.press("Enter");
    await expect.poll(async () => (await previewQuestions(p)).slice(-3)).toEqual(["Nomor sertifikat tanah", "Bukti penguasaan tanah", "Gambar rencana lokasi"]);

    // A choice question: options as a list, shown as radios in the preview.
    await p.getByRole("button", { name: "Tambah kolom" }).click();
    await p.locator("#ef-9-lid").fill("Status tanah");
    await p.locator("#ef-9-len").fill("Land status");
    await p.locator("#ef-9-type").selectOption({ label: "Pilih satu" });
    await p.locator("#ef-9-opt-0-lid").fill("Hak milik");
    await p.locator("#ef-9-opt-0-len").fill("Freehold");
    await p.getByRole("button", { name: "Tambah pilihan" }).click();
    await p.locator("#ef-9-opt-1-lid").fill("Hak guna bangunan");
    await p.locator("#ef-9-opt-1-len").fill("Right to build");
    await preview.getByRole("radio", { name: "Hak guna bangunan" }).waitFor();

    // A requirement, tied to an upload field chosen by its label, then moved to the top.
    await p.getByRole("button", { name: "Tambah persyaratan" }).click();
    await p.locator("#req-3-id").fill("Sertifikat tanah");
    await p.locator("#req-3-en").fill("Land certificate");
    await p.locator("#req-3-field").selectOption({ label: "Bukti penguasaan tanah" });
    for (let i = 0; i < 3; i++) await p.getByRole("button", { name: "Naik: Sertifikat tanah" }).click();
    expect(await preview.locator("ul li").first().textContent()).toBe("Sertifikat tanah");

    // The channel by its meaning; a counter service asks where the counter is.
    await p.getByRole("radio", { name: /Daring \+ loket/ }).check();
    await p.getByLabel("Lokasi loket (Bahasa Indonesia)").fill("Mal Pelayanan Publik, Jl. Merdeka");
    await p.getByLabel("Lokasi loket (English)").fill("Public Service Mall, Jl. Merdeka");

    // The workflow by its name; its steps and actions in words.
    await p.getByLabel("Alur kerja yang dipakai").selectOption({ label: "Permohonan biasa di OPD - verifikasi, persetujuan kepala, selesai" });
    await p.getByRole("listitem").filter({ hasText: "Setujui: Terverifikasi → Disetujui" }).waitFor();
    await p.getByLabel("Terverifikasi", { exact: true }).fill("2");

    // A promise shorter than the steps: the validator's message beside the promise, in Indonesian, and in the summary.
    await p.getByLabel("Janji waktu layanan").fill("1");
    await p.getByRole("button", { name: "Simpan draf" }).click();
    const summary = p.getByRole("alert").filter({ hasText: "Ada masalah" });
    await summary.waitFor();
    const beside = p.locator("#e-sla-error");
    expect(await beside.textContent()).toMatch(/Tenggat tahapan berjumlah 4 hari kerja .*melebihi janji layanan 1 hari kerja/);
    expect(await p.locator("#e-sla").getAttribute("aria-invalid")).toBe("true");
    await summary.getByRole("link", { name: /Tenggat tahapan/ }).click();
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe("e-sla");
    await expectUsable(p, "editor with an error at 1280 px");
    await p.screenshot({ path: path.join(SHOTS, "service-editor-1280.png"), fullPage: true });

    await p.getByLabel("Janji waktu layanan").fill("20");
    await p.getByRole("button", { name: "Simpan draf" }).click();
    await p.getByText(/Draf versi \d+ disimpan/).waitFor();
    expect(await p.locator("#e-sla-error").count()).toBe(0);

    await p.getByRole("button", { name: "Terbitkan", exact: true }).click();
    await p.getByText(/Terbitkan versi \d+\?/).waitFor();
    await p.getByRole("button", { name: /^Terbitkan v\d+$/ }).click();
    await p.getByText(/Versi \d+ diterbitkan/).waitFor();

    // At 360 px the preview sits below the editor; still usable.
    const phone = await newContext(browser, server.url, MOBILE, { bypassCSP: true });
    const m = await phone.newPage();
    await uiLogin(m, "kadis.dpmptsp@palembang.go.id");
    await m.waitForURL(/\/konsol/);
    await m.goto(`/konsol/layanan/${SERVICE}`);
    await m.getByTestId("form-preview").getByLabel("Nomor sertifikat tanah").waitFor();
    const [editorBox, previewBox] = await Promise.all([m.locator(".editor-main").boundingBox(), m.getByTestId("form-preview").boundingBox()]);
    expect(previewBox!.y).toBeGreaterThan(editorBox!.y + editorBox!.height - 1);
    await m.getByRole("button", { name: /^Ubah kolom\W+Nomor sertifikat tanah$/ }).click();
    await expectUsable(m, "editor at 360 px");
    await m.screenshot({ path: path.join(SHOTS, "service-editor-360.png"), fullPage: true });
    await phone.close();
    await ctx.close();

    // The citizen's form now asks the new questions, in the new order.
    const cit = await newContext(browser, server.url, MOBILE);
    const c = await cit.newPage();
    await uiLogin(c, "warga@example.com");
    await c.waitForURL(/\/layanan-saya$/);
    await c.goto(`/layanan/${SERVICE}`);
    await c.getByRole("button", { name: "Mulai permohonan" }).click();
    await c.waitForURL(/\/permohonan\/[0-9a-f-]{36}$/);
    await c.getByLabel("Nomor sertifikat tanah").waitFor();
    await c.getByRole("radio", { name: "Hak milik" }).waitFor();
    const order = (await c.locator("form .field__label").allTextContents()).map((s) => s.trim());
    expect(order.indexOf("Nomor sertifikat tanah")).toBeLessThan(order.findIndex((s) => s.startsWith("Bukti penguasaan tanah")));
    await cit.close();
  }, 300_000);
});
