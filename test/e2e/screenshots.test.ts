/**
 * Screenshots of the main screens at 360 px and 1280 px into docs/screenshots/.
 * Opt-in: BALAI_SCREENSHOTS=1 npx vitest run --config test/e2e/vitest.config.ts screenshots
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { DESKTOP, latestCode, launchBrowser, MOBILE, newContext, ROOT, startServer, type TestServer, uiLogin } from "./helpers.ts";

const enabled = process.env.BALAI_SCREENSHOTS === "1";
const OUT = path.join(ROOT, "docs/screenshots");

let server: TestServer;
let browser: Browser;

describe.skipIf(!enabled)("screenshots", () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = async (p: Page, name: string, size: string) => {
    await p.waitForLoadState("networkidle");
    await p.screenshot({ path: path.join(OUT, `${name}-${size}.png`), fullPage: true });
  };

  for (const [size, viewport] of [
    ["360", MOBILE],
    ["1280", DESKTOP],
  ] as const) {
    it(`citizen screens at ${size}`, async () => {
      const p = await (await newContext(browser, server.url, viewport)).newPage();
      await p.goto("/");
      await p.locator("main h1").waitFor();
      await shot(p, "home", size);
      await p.goto("/daftar");
      await p.getByRole("button", { name: "Buat akun" }).click();
      await p.getByText("Ada masalah").waitFor();
      await shot(p, "signup-errors", size);
      const email = `siti.${size}@example.com`;
      await p.getByLabel("Nama lengkap").fill("Siti Aminah");
      await p.getByLabel("Alamat email").fill(email);
      await p.getByLabel("Kata sandi", { exact: true }).fill("Pempek-Kapal-Selam-42");
      await shot(p, "signup-filled", size);
      await p.getByRole("button", { name: "Buat akun" }).click();
      await p.waitForURL(/konfirmasi/);
      await shot(p, "confirm", size);
      // The developer outbox is the Kominfo admin's (demo mode only), not the citizen's.
      const a = await (await newContext(browser, server.url, viewport)).newPage();
      await uiLogin(a, "admin@palembang.go.id");
      await a.waitForURL(/konsol/);
      await a.goto("/dev/outbox");
      await a.locator(".outbox__item").first().waitFor();
      await shot(a, "outbox", size);
      await a.context().close();
      await p.getByLabel("Kode konfirmasi").fill(await latestCode(server.url, email));
      await p.getByRole("button", { name: "Konfirmasi" }).click();
      await p.waitForURL(/layanan-saya/);
      await shot(p, "my-services", size);
      if (size === "360") {
        await p.getByRole("button", { name: "Menu" }).click();
        await shot(p, "menu-open", size);
        await p.getByRole("button", { name: "Menu" }).click();
      }
      await p.goto("/akun");
      await p.locator("main h1").waitFor();
      await shot(p, "account", size);
      await p.context().close();

      const l = await (await newContext(browser, server.url, viewport)).newPage();
      await l.goto("/masuk");
      await l.locator("main h1").waitFor();
      await shot(l, "login", size);
      await l.context().close();
    });

    it(`staff screens at ${size}`, async () => {
      const p = await (await newContext(browser, server.url, viewport)).newPage();
      await uiLogin(p, "lurah@palembang.go.id");
      await p.waitForURL(/konsol/);
      await shot(p, "console-lurah", size);
      await p.getByRole("button", { name: "Aktifkan verifikasi dua langkah" }).click();
      await p.locator(".qr img").waitFor();
      await shot(p, "console-totp-enrol", size);
      await p.context().close();

      const a = await (await newContext(browser, server.url, viewport)).newPage();
      await uiLogin(a, "admin@palembang.go.id");
      await a.waitForURL(/konsol/);
      await shot(a, "console-admin", size);
      await a.goto("/konsol/unit");
      await a.locator(".tree").waitFor();
      await shot(a, "units", size);
      await a.getByLabel("Cari unit (nama atau kode)").fill("ilir barat");
      await shot(a, "units-search", size);
      await a.goto("/konsol/pegawai");
      await a.locator("table").waitFor();
      await shot(a, "staff", size);
      await a.getByRole("button", { name: "Tambah pegawai" }).click();
      await a.getByRole("button", { name: "Buat akun pegawai" }).click();
      await a.getByText("Ada masalah").waitFor();
      await shot(a, "staff-create-errors", size);
      await a.goto("/konsol/audit");
      await a.locator("table").waitFor();
      await a.getByRole("button", { name: "Verifikasi rantai" }).click();
      await a.getByText("Rantai audit utuh").waitFor();
      await shot(a, "audit", size);
      await a.context().close();
    });
  }
});
