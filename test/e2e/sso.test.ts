/**
 * One login in the browser: an OPD app (registered in the demo registry, its client created through the console API)
 * sends a citizen to Balai; the citizen signs in with Balai's own login page, continues, sees what the app asks for
 * (NIK with its purpose and retention), allows, and lands back at the app with a code. Kominfo's "Aplikasi & SSO"
 * console lists the registered apps. axe-clean, no sideways scrolling at 360 px; screenshots in /tmp/sso-shots.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DESKTOP, expectUsable, MOBILE, newContext, setupBrowserTests, uiLogin } from "./helpers.ts";

const t = setupBrowserTests({ env: { BALAI_MAP_TILE_URL: "" } });
let clientId = "";
const SHOTS = "/tmp/sso-shots";

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const login = await fetch(`${t.server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: "admin@palembang.go.id", password: DEMO_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => /balai_sid=./.test(c)) as string;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${t.server.url}/api/admin/oidc/clients`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({
      name: "Sistem Bantuan Sosial",
      app: "bansos-dinsos",
      redirectUris: [`${t.server.url}/rp/callback`],
      scopes: ["openid", "profile", "email", "nik"],
      nikPurpose: "Verifikasi penerima bantuan sosial",
      nikRetentionDays: 365,
    }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  clientId = ((await created.json()) as { client_id: string }).client_id;
}, 180_000);

function authorizeUrl() {
  const verifier = randomBytes(32).toString("base64url");
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: `${t.server.url}/rp/callback`,
    scope: "openid profile email nik",
    state: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  return `/oidc/auth?${q}`;
}

describe("one login (SSO) screens", () => {
  for (const viewport of [MOBILE, DESKTOP]) {
    it(`signs a citizen in to an OPD app with consent (${viewport.width} px)`, async () => {
      const ctx = await newContext(t.browser, t.server.url, viewport, { bypassCSP: true });
      const p = await ctx.newPage();
      await p.goto(authorizeUrl());
      await p.getByRole("heading", { level: 1, name: "Masuk ke Sistem Bantuan Sosial" }).waitFor();
      await expectUsable(p, `login step ${viewport.width}`);
      await p.screenshot({ path: `${SHOTS}/login-step-${viewport.width}.png`, fullPage: true });
      await p.getByRole("link", { name: "Masuk dengan akun Balai" }).click();
      await p.getByLabel("Email atau nomor HP").fill("warga@example.com");
      await p.getByLabel("Kata sandi", { exact: true }).fill(DEMO_PASSWORD);
      await p.getByRole("button", { name: "Masuk", exact: true }).click();
      await p.getByRole("button", { name: "Lanjutkan sebagai Maya Sari" }).click();
      await p.getByRole("heading", { level: 1, name: "Izinkan Sistem Bantuan Sosial melihat data Anda?" }).waitFor();
      await p.getByText("Tujuan: Verifikasi penerima bantuan sosial. Disimpan paling lama 365 hari", { exact: false }).waitFor();
      await expectUsable(p, `consent step ${viewport.width}`);
      await p.screenshot({ path: `${SHOTS}/consent-step-${viewport.width}.png`, fullPage: true });
      await p.getByLabel("Saya setuju memberikan NIK saya kepada Sistem Bantuan Sosial").check();
      await Promise.all([p.waitForURL(/\/rp\/callback\?code=/), p.getByRole("button", { name: "Izinkan" }).click()]);
      expect(new URL(p.url()).searchParams.get("code")).toBeTruthy();
      await ctx.close();
    }, 180_000);
  }

  it("tells the user plainly when a sign-in request has expired", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await p.goto("/oidc/interaction/tidak-ada-permintaan-ini");
    await p.getByText("Permintaan masuk ini sudah kedaluwarsa").waitFor();
    await expectUsable(p, "expired");
    // The INApas link confirmation says the same when its token is unknown or spent.
    await p.goto("/masuk/inapas/tautan-inapas-yang-tidak-ada-lagi");
    await p.getByRole("heading", { level: 1, name: "Sambungkan INApas ke akun Balai Anda" }).waitFor();
    await p.getByText("sudah kedaluwarsa").waitFor();
    await expectUsable(p, "inapas link expired");
    await ctx.close();
  }, 120_000);

  it("shows Kominfo the registry of apps and the client with its sign-ins", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "admin@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.getByRole("link", { name: "Aplikasi & SSO" }).click();
    await p.getByRole("heading", { level: 1, name: "Aplikasi & masuk tunggal (SSO)" }).waitFor();
    await p.getByRole("rowheader", { name: "e-Kinerja ASN" }).waitFor();
    await p.getByRole("cell", { name: clientId }).waitFor();
    await expectUsable(p, "apps console");
    await p.screenshot({ path: `${SHOTS}/apps-console.png`, fullPage: true });
    await ctx.close();
  }, 120_000);

  it("shows an OPD's public front door on a phone, and Kominfo the social accounts and servers", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();
    await p.goto("/opd/DISKOMINFO");
    await p.getByRole("heading", { level: 1, name: "Dinas Komunikasi dan Informatika" }).waitFor();
    await p.getByRole("link", { name: "instagram: diskominfo.palembang" }).waitFor();
    await p.getByText("Senin–Kamis").waitFor();
    await expectUsable(p, "opd page 360");
    await p.screenshot({ path: `${SHOTS}/opd-page-360.png`, fullPage: true });
    await p.goto("/opd/DISDAG");
    await p.getByText("belum memiliki akun media sosial terverifikasi").waitFor();
    await expectUsable(p, "opd page without accounts");
    await ctx.close();

    const desk = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const k = await desk.newPage();
    await uiLogin(k, "admin@palembang.go.id");
    await k.waitForURL(/\/konsol/);
    await k.getByRole("link", { name: "Media sosial & server" }).click();
    await k.getByRole("rowheader", { name: /srv-kominfo-01/ }).waitFor();
    await k.getByRole("rowheader", { name: "disdag.plg" }).waitFor();
    await expectUsable(k, "registry console");
    await k.screenshot({ path: `${SHOTS}/registry-console.png`, fullPage: true });
    await desk.close();
  }, 180_000);

  it("lets an OPD head propose the page, which Kominfo then publishes", async () => {
    const ctx = await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true });
    const p = await ctx.newPage();
    await uiLogin(p, "kadis.dpmptsp@palembang.go.id");
    await p.waitForURL(/\/konsol/);
    await p.getByRole("link", { name: "Halaman publik OPD" }).click();
    await p.getByRole("heading", { level: 1, name: /Halaman publik Dinas Penanaman Modal/ }).waitFor();
    await p.getByLabel("Telepon").fill("0711-999999");
    await p.getByRole("button", { name: "Kirim usulan" }).click();
    await p.getByText("Usulan terkirim").waitFor();
    await expectUsable(p, "opd edit");
    await ctx.close();

    const k = await (await newContext(t.browser, t.server.url, DESKTOP, { bypassCSP: true })).newPage();
    await uiLogin(k, "admin@palembang.go.id");
    await k.waitForURL(/\/konsol/);
    await k.getByRole("link", { name: "Media sosial & server" }).click();
    await k.getByRole("link", { name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" }).click();
    await k.getByRole("button", { name: "Setujui dan terbitkan" }).click();
    await k.getByText("Halaman diterbitkan.").waitFor();
    await k.goto("/opd/DPMPTSP");
    await k.getByRole("link", { name: "0711-999999" }).waitFor();
    await k.context().close();
  }, 180_000);
});
