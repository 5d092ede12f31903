/**
 * Balai as OpenID Connect provider, driven by the real openid-client library as relying party against the app on a
 * real port: discovery, authorization code + PKCE through Balai's sign-in and consent steps, userinfo, refresh,
 * revocation, introspection, RP-initiated logout, client credentials, and the refusals.
 */
import { exportJWK, generateKeyPair } from "jose";
import * as oc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loginAs, setupPlatform } from "../../../test/helpers.ts";
import { Browser } from "../../../test/oidc/browser.ts";

const ctx = setupPlatform();
let origin = "";
const REDIRECT = "https://sipd.palembang.go.id/callback";
const AFTER_LOGOUT = "https://sipd.palembang.go.id/signed-out";

async function registerApp(key: string) {
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const res = await admin.request("POST", "/api/admin/registry/apps", {
    key,
    name: `Aplikasi ${key}`,
    ownerUnitCode: "DISKOMINFO",
    url: "https://sipd.palembang.go.id",
    hosting: "city",
    status: "production",
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return admin;
}

async function newClient(body: Record<string, unknown>) {
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const res = await admin.request("POST", "/api/admin/oidc/clients", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { client_id: string; client_secret?: string };
}

function rp(clientId: string, secret?: string) {
  return oc.discovery(new URL(`${origin}/oidc`), clientId, secret, undefined, { execute: [oc.allowInsecureRequests] });
}

async function authUrl(config: oc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const url = oc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid profile email offline_access",
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    prompt: "consent",
    ...extra,
  });
  return { url: url.href, verifier, state };
}

beforeAll(async () => {
  await ctx.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = ctx.app.server.address() as { port: number };
  origin = `http://127.0.0.1:${addr.port}`;
  await registerApp("sipd");
}, 120_000);

afterAll(async () => {
  await ctx.app.close();
});

describe("OIDC provider with openid-client as relying party", () => {
  it("signs a citizen in with code + PKCE, then userinfo, refresh, revocation, introspection and logout", async () => {
    const created = await newClient({ name: "SIPD Palembang", app: "sipd", redirectUris: [REDIRECT], postLogoutRedirectUris: [AFTER_LOGOUT] });
    expect(Object.keys(created).at(-1)).toBe("client_secret");
    const config = await rp(created.client_id, created.client_secret);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${origin}/oidc`);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.subject_types_supported).toContain("pairwise");
    expect(meta.token_endpoint_auth_methods_supported).toContain("private_key_jwt");

    const browser = new Browser(origin);
    await browser.login("warga@example.com", DEMO_PASSWORD);
    const { url, verifier, state } = await authUrl(config);
    const done = await browser.authorize(url);
    expect(done.steps).toEqual(["login", "consent"]);
    expect(done.location).toMatch(/^https:\/\/sipd\.palembang\.go\.id\/callback\?code=/);

    const tokens = await oc.authorizationCodeGrant(config, new URL(done.location as string), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims();
    expect(claims?.iss).toBe(`${origin}/oidc`);
    const user = await ctx.db.one<{ id: string }>("SELECT id FROM users WHERE email = 'warga@example.com'");
    // Pairwise subject: not the account id, stable per client.
    expect(claims?.sub).not.toBe(user?.id);
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oc.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(info).toMatchObject({ name: "Maya Sari", email: "warga@example.com" });
    expect(info.nik).toBeUndefined();

    const refreshed = await oc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()?.sub).toBe(claims?.sub);

    expect((await oc.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);
    await oc.tokenRevocation(config, refreshed.access_token);
    expect((await oc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    await expect(oc.fetchUserInfo(config, refreshed.access_token, claims?.sub as string)).rejects.toThrow();

    // RP-initiated logout: the confirmation page, then back to the registered post-logout URI.
    const end = oc.buildEndSessionUrl(config, { id_token_hint: refreshed.id_token ?? (tokens.id_token as string), post_logout_redirect_uri: AFTER_LOGOUT });
    const page = await browser.fetch(end.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Keluar dari Balai?");
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] as string;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const confirm = await browser.fetch(action, {
      method: "POST",
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get("location")).toMatch(/^https:\/\/sipd\.palembang\.go\.id\/signed-out/);

    // The sign-ins are counted per client (visible in the console).
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const list = await admin.request("GET", "/api/admin/oidc/clients");
    const row = (list.body as { clientId: string; signIns: number; appKey: string }[]).find((c) => c.clientId === created.client_id);
    expect(row?.appKey).toBe("sipd");
    expect(row?.signIns).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("issues client-credentials tokens, and a revoked client's tokens stop working", async () => {
    const machine = await newClient({ name: "Dapodik sync", app: "sipd", redirectUris: [], grantTypes: ["client_credentials"] });
    const config = await rp(machine.client_id, machine.client_secret);
    const token = await oc.clientCredentialsGrant(config);
    expect(token.token_type.toLowerCase()).toBe("bearer");
    const seen = await oc.tokenIntrospection(config, token.access_token);
    expect(seen).toMatchObject({ active: true, client_id: machine.client_id });

    const other = await newClient({ name: "Checker", app: "sipd", redirectUris: [], grantTypes: ["client_credentials"] });
    const checker = await rp(other.client_id, other.client_secret);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const revoked = await admin.request("POST", `/api/admin/oidc/clients/${machine.client_id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await oc.tokenIntrospection(checker, token.access_token)).active).toBe(false);
    await expect(oc.clientCredentialsGrant(config)).rejects.toMatchObject({ error: "invalid_client" });

    // A retired app's clients stop working with it.
    await registerApp("pensiun");
    const old = await newClient({ name: "Old app", app: "pensiun", redirectUris: [], grantTypes: ["client_credentials"] });
    const oldConfig = await rp(old.client_id, old.client_secret);
    expect((await oc.clientCredentialsGrant(oldConfig)).access_token).toBeTruthy();
    expect((await admin.request("PATCH", "/api/admin/registry/apps/pensiun", { status: "retired" })).status).toBe(204);
    await expect(oc.clientCredentialsGrant(oldConfig)).rejects.toMatchObject({ error: "invalid_client" });
  }, 120_000);

  it("authenticates a client by private_key_jwt and refuses an assertion signed by another key", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: "rp-1", alg: "ES256", use: "sig" };
    const created = await newClient({
      name: "Signed",
      app: "sipd",
      redirectUris: [],
      grantTypes: ["client_credentials"],
      authMethod: "private_key_jwt",
      jwks: { keys: [jwk] },
    });
    expect(created.client_secret).toBeUndefined();
    const discover = (key: CryptoKey) =>
      oc.discovery(new URL(`${origin}/oidc`), created.client_id, undefined, oc.PrivateKeyJwt({ key, kid: "rp-1" }), { execute: [oc.allowInsecureRequests] });
    const token = await oc.clientCredentialsGrant(await discover(privateKey));
    expect(token.access_token).toBeTruthy();
    const other = await generateKeyPair("ES256", { extractable: true });
    await expect(oc.clientCredentialsGrant(await discover(other.privateKey))).rejects.toMatchObject({ error: "invalid_client" });
  }, 120_000);

  it("refuses an unregistered redirect URI, missing or wrong PKCE, and a client for an unregistered app", async () => {
    const created = await newClient({ name: "SIPD 2", app: "sipd", redirectUris: [REDIRECT] });
    const config = await rp(created.client_id, created.client_secret);
    const browser = new Browser(origin);
    await browser.login("warga@example.com", DEMO_PASSWORD);

    const evil = await authUrl(config, { redirect_uri: "https://evil.example.com/cb" });
    const evilRes = await browser.fetch(evil.url);
    expect(evilRes.status).toBe(400);
    expect(await evilRes.text()).toContain("redirect_uri");

    const noPkce = new URL(evil.url);
    noPkce.searchParams.set("redirect_uri", REDIRECT);
    noPkce.searchParams.delete("code_challenge");
    noPkce.searchParams.delete("code_challenge_method");
    const noPkceRes = await browser.fetch(noPkce.href);
    expect(noPkceRes.status).toBe(303);
    const loc = new URL(noPkceRes.headers.get("location") as string);
    expect(loc.searchParams.get("error")).toBe("invalid_request");
    expect(loc.searchParams.get("error_description")).toMatch(/PKCE/i);

    const plain = new URL(noPkce.href);
    plain.searchParams.set("code_challenge", "a".repeat(43));
    plain.searchParams.set("code_challenge_method", "plain");
    const plainRes = await browser.fetch(plain.href);
    expect(new URL(plainRes.headers.get("location") as string).searchParams.get("error")).toBe("invalid_request");

    const { url, state } = await authUrl(config);
    const done = await browser.authorize(url);
    await expect(
      oc.authorizationCodeGrant(config, new URL(done.location as string), { pkceCodeVerifier: oc.randomPKCECodeVerifier(), expectedState: state }),
    ).rejects.toMatchObject({ error: "invalid_grant" });

    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const unknown = await admin.request("POST", "/api/admin/oidc/clients", { name: "Liar", app: "tidak-terdaftar", redirectUris: [REDIRECT] });
    expect(unknown.status).toBe(400);
    expect(unknown.problem.type).toBe("/problems/app-not-registered");
    const nikNoPurpose = await admin.request("POST", "/api/admin/oidc/clients", {
      name: "NIK",
      app: "sipd",
      redirectUris: [REDIRECT],
      scopes: ["openid", "nik"],
    });
    expect(nikNoPurpose.status).toBe(400);
    expect(nikNoPurpose.problem.type).toBe("/problems/nik-purpose-required");
    const citizen = await loginAs(ctx.app, "warga@example.com");
    expect((await citizen.request("GET", "/api/admin/oidc/clients")).status).toBe(403);
  }, 120_000);

  it("gives the NIK only with the citizen's recorded consent, and a declined consent returns access_denied", async () => {
    const created = await newClient({
      name: "Bansos",
      app: "sipd",
      redirectUris: [REDIRECT],
      scopes: ["openid", "profile", "nik"],
      nikPurpose: "Verifikasi penerima bantuan sosial",
      nikRetentionDays: 365,
    });
    const config = await rp(created.client_id, created.client_secret);
    const user = await ctx.db.one<{ id: string }>("SELECT id FROM users WHERE email = 'warga@example.com'");
    // The NIK Balai holds verified (as an INApas sign-in leaves it).
    await ctx.db.query(
      "INSERT INTO identity_links (tenant_id, provider, subject, user_id, nik) VALUES ('16.71', 'inapas', 'inapas-maya', $1, '1671044503900001')",
      [user?.id],
    );

    const declined = new Browser(origin);
    await declined.login("warga@example.com", DEMO_PASSWORD);
    const d = await authUrl(config, { scope: "openid profile nik" });
    const res = await declined.authorize(d.url, { decline: true });
    expect(new URL(res.location as string).searchParams.get("error")).toBe("access_denied");

    const withoutNik = new Browser(origin);
    await withoutNik.login("warga@example.com", DEMO_PASSWORD);
    const a = await authUrl(config, { scope: "openid profile nik" });
    const first = await withoutNik.authorize(a.url, { shareNik: false });
    const t1 = await oc.authorizationCodeGrant(config, new URL(first.location as string), { pkceCodeVerifier: a.verifier, expectedState: a.state });
    expect(t1.scope?.split(" ")).not.toContain("nik");
    const u1 = await oc.fetchUserInfo(config, t1.access_token, t1.claims()?.sub as string);
    expect(u1.nik).toBeUndefined();
    expect(u1.name).toBe("Maya Sari");

    const withNik = new Browser(origin);
    await withNik.login("warga@example.com", DEMO_PASSWORD);
    const b = await authUrl(config, { scope: "openid profile nik" });
    const second = await withNik.authorize(b.url, { shareNik: true });
    const t2 = await oc.authorizationCodeGrant(config, new URL(second.location as string), { pkceCodeVerifier: b.verifier, expectedState: b.state });
    const u2 = await oc.fetchUserInfo(config, t2.access_token, t2.claims()?.sub as string);
    expect(u2.nik).toBe("1671044503900001");
    const consent = await ctx.db.one<{ purpose: string; retention_days: number }>(
      "SELECT purpose, retention_days FROM oidc_nik_consents WHERE tenant_id = '16.71' AND client_id = $1",
      [created.client_id],
    );
    expect(consent).toEqual({ purpose: "Verifikasi penerima bantuan sosial", retention_days: 365 });
  }, 120_000);

  it("rotates the signing key: new tokens carry the new kid, the old key stays published", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const before = (await (await fetch(`${origin}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    const rotated = await admin.request("POST", "/api/admin/oidc/keys/rotate");
    expect(rotated.status).toBe(200);
    const after = (await (await fetch(`${origin}/oidc/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(after.keys[0].kid).toBe(rotated.body.kid);
    expect(after.keys.map((k) => k.kid)).toContain(before.keys[0].kid);
    expect(after.keys.every((k) => k.d === undefined)).toBe(true);
  }, 120_000);
});
