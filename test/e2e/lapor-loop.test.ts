/**
 * Closing the loop in the browser (docs/complaints.md, "Closing the loop"): on a 360 px phone the reporter sees the
 * officers' after-photo, rejects the fix with a reason and a photo (reopened to the same unit), then confirms the
 * second fix; the statistics page shows the OPD ranking. axe-core on each screen, no sideways scrolling.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSession, DESKTOP, expectAccessible, MOBILE, newContext, ROOT, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "" } });
let dir: string;
let png: Buffer;

beforeAll(async () => {
  const sharp = createRequire(path.join(ROOT, "package.json"))("sharp") as (o: unknown) => { png: () => { toBuffer: () => Promise<Buffer> } };
  png = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#3c8f5a" } })
    .png()
    .toBuffer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-loop-"));
  fs.writeFileSync(path.join(dir, "masih-ada.png"), png);
}, 180_000);

afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const apiLogin = async (identifier: string) => (await apiSession(t.server.url, identifier)).call;
const noSideways = async (p: Page) => expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
const shot = (p: Page, name: string) => p.screenshot({ path: path.join(os.tmpdir(), `balai-loop-${name}.png`), fullPage: true });

describe("closing the loop", () => {
  it("the reporter rejects a fix, then confirms the next one, on a 360 px phone", async () => {
    const regions = (await (await fetch(`${t.server.url}/api/regions`)).json()) as { kelurahan: { code: string; name: string }[] }[];
    const kel = regions.flatMap((k) => k.kelurahan).find((l) => /26 Ilir I$/.test(l.name));
    if (!kel) throw new Error("Kelurahan 26 Ilir I missing");
    const warga = await apiLogin("warga@example.com");
    const r = await warga<{ id: string; number: string }>("POST", "/api/lapor/reports", {
      category: "lapor-sampah",
      lat: -2.9862,
      lon: 104.7571,
      kelurahan: kel.code,
      description: "Tumpukan sampah di depan pasar belum diangkut sejak Jumat.",
      anonymous: false,
      confidential: false,
    });
    const admin = await apiLogin("admin@palembang.go.id");
    const c1 = await admin<{ version: number }>("GET", `/api/cases/${r.id}`);
    await admin("POST", `/api/cases/${r.id}/actions/verify`, { version: c1.version, forwardTo: kel.code, comment: "Diteruskan ke kelurahan" });
    const lurah = await apiLogin("operator.kelurahan@palembang.go.id");
    const fix = async (comment: string) => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "sesudah.png");
      await lurah("POST", `/api/lapor/reports/${r.id}/after-photo`, form);
      const c = await lurah<{ version: number }>("GET", `/api/cases/${r.id}`);
      await lurah("POST", `/api/cases/${r.id}/actions/resolve`, { version: c.version, comment });
    };
    await fix("Sampah sudah diangkut truk DLH.");

    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "warga@example.com");
    await p.waitForURL(/\/layanan-saya$/);
    await p.goto(`/laporan-saya/${r.id}`);
    await p.getByRole("heading", { name: "Apakah masalahnya sudah benar-benar beres?" }).waitFor();
    await p.getByRole("img", { name: "Foto sesudah perbaikan dari petugas" }).waitFor();
    expect(await p.getByRole("button", { name: "Buka kembali laporan" }).count()).toBe(0);
    await expectAccessible(p, "fix panel");
    await noSideways(p);
    await shot(p, "panel");

    // "Belum beres": the reason is required; an optional photo goes with it.
    await p.getByRole("button", { name: "Belum beres" }).click();
    await p.getByRole("button", { name: "Kirim: belum beres" }).click();
    await p.locator(".error-summary").getByText("Tulis apa yang belum beres").waitFor();
    await expectAccessible(p, "fix panel (reject, error)");
    await p.getByLabel("Alasan").fill("Sampah di sisi timur pasar masih menumpuk.");
    await p.getByLabel(/Foto keadaan sekarang/).setInputFiles(path.join(dir, "masih-ada.png"));
    await shot(p, "reject");
    await p.getByRole("button", { name: "Kirim: belum beres" }).click();
    await p.getByText("Laporan dibuka kembali dan dikirim ke unit yang menanganinya.").waitFor();
    const staffView = await lurah<{ isOpen: boolean; fix: { status: string; rejections: number } }>("GET", `/api/lapor/reports/${r.id}`);
    expect(staffView).toMatchObject({ isOpen: true, fix: { status: "rejected", rejections: 1 } });

    // The second fix is confirmed.
    await fix("Sisi timur sudah dibersihkan.");
    await p.reload();
    await p.getByRole("button", { name: "Ya, sudah beres" }).click();
    await p.getByText("Terima kasih. Anda mengonfirmasi perbaikannya.").waitFor();
    await p.getByRole("heading", { name: "Perbaikan dikonfirmasi pelapor" }).waitFor();
    await p.getByText("Ditolak pelapor 1 kali").waitFor();
    await expectAccessible(p, "fix panel (confirmed)");
    await noSideways(p);
    await shot(p, "confirmed");
    await ctx.close();
  }, 240_000);

  it('staff: the after-photo field comes before "Tutup: selesai", which is refused without it', async () => {
    const regions = (await (await fetch(`${t.server.url}/api/regions`)).json()) as { kelurahan: { code: string; name: string }[] }[];
    const kel = regions.flatMap((k) => k.kelurahan).find((l) => /26 Ilir I$/.test(l.name));
    if (!kel) throw new Error("Kelurahan 26 Ilir I missing");
    const warga = await apiLogin("warga@example.com");
    const r = await warga<{ id: string }>("POST", "/api/lapor/reports", {
      category: "lapor-sampah",
      lat: -2.9871,
      lon: 104.7581,
      kelurahan: kel.code,
      description: "Bak sampah di ujung gang penuh dan berbau.",
      anonymous: false,
      confidential: false,
    });
    const admin = await apiLogin("admin@palembang.go.id");
    const c1 = await admin<{ version: number }>("GET", `/api/cases/${r.id}`);
    await admin("POST", `/api/cases/${r.id}/actions/verify`, { version: c1.version, forwardTo: kel.code, comment: "Diteruskan ke kelurahan" });
    const lurah = await apiLogin("operator.kelurahan@palembang.go.id");
    const c2 = await lurah<{ version: number }>("GET", `/api/cases/${r.id}`);
    await expect(lurah("POST", `/api/cases/${r.id}/actions/resolve`, { version: c2.version, comment: "Sudah." })).rejects.toThrow(/400/);

    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "operator.kelurahan@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.goto(`/konsol/permohonan/${r.id}`);
    await p.getByRole("heading", { name: "Foto sesudah perbaikan" }).waitFor();
    await p.getByRole("button", { name: "Unggah foto" }).click();
    await p.locator(".error-summary").getByText("Pilih foto terlebih dahulu").waitFor();
    await p.getByLabel(/Pilih foto \(JPEG/).setInputFiles(path.join(dir, "masih-ada.png"));
    await p.getByRole("button", { name: "Unggah foto" }).click();
    await p.getByText("Foto siap; akan dilampirkan saat laporan ditutup selesai.").waitFor();
    await expectAccessible(p, "staff after-photo");
    await shot(p, "staff");
    const c3 = await lurah<{ version: number }>("GET", `/api/cases/${r.id}`);
    await lurah("POST", `/api/cases/${r.id}/actions/resolve`, { version: c3.version, comment: "Bak sudah dikosongkan." });
    expect((await warga<{ fix: { status: string } }>("GET", `/api/lapor/reports/${r.id}`)).fix.status).toBe("awaiting");
    await ctx.close();
  }, 180_000);

  it("the statistics page ranks the units, with the numbers behind each rank", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await p.goto("/laporan/statistik");
    await p.getByRole("heading", { name: "Peringkat OPD: tepat waktu dan perbaikan yang dikonfirmasi warga" }).waitFor();
    await p.getByRole("table", { name: "Peringkat OPD" }).waitFor();
    await expectAccessible(p, "ranking");
    await shot(p, "ranking");
    await ctx.close();
  }, 120_000);
});
