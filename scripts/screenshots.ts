/**
 * `npm run screenshots`: the main citizen and staff screens at 360 px and 1280 px, written to docs/screenshots/.
 * Builds the web app (skip with BALAI_SCREENSHOTS_SKIP_BUILD=1), runs the real server on a free port with a
 * throw-away data directory (test/e2e/helpers.ts) and drives Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { DESKTOP, latestCode, launchBrowser, MOBILE, newContext, ROOT, startServer, uiLogin } from "../test/e2e/helpers.ts";

const OUT = path.join(ROOT, "docs/screenshots");
type Size = "360" | "1280";

async function shot(p: Page, name: string, size: Size) {
  await p.waitForLoadState("networkidle");
  const file = path.join(OUT, `${name}-${size}.png`);
  await p.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, file)}`);
}

async function citizenScreens(browser: Browser, url: string, size: Size, viewport: typeof MOBILE) {
  const p = await (await newContext(browser, url, viewport)).newPage();
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
  const a = await (await newContext(browser, url, viewport)).newPage();
  await uiLogin(a, "admin@palembang.go.id");
  await a.waitForURL(/konsol/);
  await a.goto("/dev/outbox");
  await a.locator(".outbox__item").first().waitFor();
  await shot(a, "outbox", size);
  await a.context().close();
  await p.getByLabel("Kode konfirmasi").fill(await latestCode(url, email));
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

  const l = await (await newContext(browser, url, viewport)).newPage();
  await l.goto("/masuk");
  await l.locator("main h1").waitFor();
  await shot(l, "login", size);
  await l.context().close();
}

async function staffScreens(browser: Browser, url: string, size: Size, viewport: typeof MOBILE) {
  const p = await (await newContext(browser, url, viewport)).newPage();
  await uiLogin(p, "lurah@palembang.go.id");
  await p.waitForURL(/konsol/);
  await shot(p, "console-lurah", size);
  await p.getByRole("button", { name: "Aktifkan verifikasi dua langkah" }).click();
  await p.locator(".qr img").waitFor();
  await shot(p, "console-totp-enrol", size);
  await p.context().close();

  const a = await (await newContext(browser, url, viewport)).newPage();
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
}

if (process.env.BALAI_SCREENSHOTS_SKIP_BUILD !== "1") {
  const { build } = await import("vite");
  await build({ configFile: path.join(ROOT, "vite.config.ts"), logLevel: "warn" });
}
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [size, viewport] of [
    ["360", MOBILE],
    ["1280", DESKTOP],
  ] as const) {
    await citizenScreens(browser, server.url, size, viewport);
    await staffScreens(browser, server.url, size, viewport);
  }
} catch (err) {
  console.error(err);
  console.error(server.output());
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
