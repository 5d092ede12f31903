/**
 * "Masuk dengan INApas" against a local fake INApas (test/fakes/inapas.ts) on a real port: a new citizen is made and
 * signed in; an existing account (same e-mail) is linked only after its owner signs in and confirms; a linked
 * identity signs straight in and its NIK is kept; a forged state is refused. The fake checks PKCE, state, nonce and
 * private_key_jwt (ES512) on every request.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatform, type Platform } from "../../server.ts";
import { DEMO_PASSWORD, MemoryAdapter, openTestDb, testConfig } from "../../../test/helpers.ts";
import { FakeInapas } from "../../../test/fakes/inapas.ts";
import { Browser } from "../../../test/oidc/browser.ts";

let p: Platform;
let origin = "";
const inapas = new FakeInapas();

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Follows redirects from Balai to INApas and back; returns the last Balai location and the response status. */
async function viaInapas(b: Browser, start = "/api/auth/inapas/start?next=/layanan-saya") {
  let next: string | null = start;
  for (let i = 0; i < 10 && next; i++) {
    const url = new URL(next, origin);
    if (url.origin === origin && !url.pathname.startsWith("/api/")) return { location: url.pathname + url.search, status: 302 };
    const res = await b.fetch(url.href);
    if (res.status < 300 || res.status >= 400) return { location: null, status: res.status, body: await res.text() };
    const location = res.headers.get("location");
    next = location ? new URL(location, url).href : null;
  }
  throw new Error("too many redirects");
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  await inapas.start(`${origin}/api/auth/inapas/callback`);
  const db = await openTestDb();
  const memory = new MemoryAdapter();
  p = await createPlatform(
    testConfig({ INAPAS_ISSUER: inapas.url, INAPAS_CLIENT_ID: inapas.clientId, INAPAS_PRIVATE_JWK: JSON.stringify(inapas.privateJwk) }),
    db,
    { adapters: { email: memory, sms: memory, whatsapp: memory }, background: false },
  );
  await p.app.listen({ port, host: "127.0.0.1" });
}, 120_000);

afterAll(async () => {
  await p?.close();
  await inapas.close();
});

describe("Masuk dengan INApas", () => {
  it("makes and signs in a new citizen, keeping the NIK INApas vouches for", async () => {
    inapas.citizen = { sub: "inapas-baru-1", name: "Budi Santoso", nik: "1671041203850002", email: "budi.inapas@example.com" };
    const b = new Browser(origin);
    const done = await viaInapas(b);
    expect(done.location, JSON.stringify(done)).toBe("/layanan-saya");
    const session = await b.json("GET", "/api/auth/session");
    expect(session.body.user).toMatchObject({ name: "Budi Santoso", email: "budi.inapas@example.com" });
    const link = await p.db.one<{ nik: string }>("SELECT nik FROM identity_links WHERE tenant_id = '16.71' AND subject = 'inapas-baru-1'");
    expect(link?.nik).toBe("1671041203850002");
    expect(inapas.problems).toEqual([]);
    const token = inapas.requests.find((r) => r.path === "/token");
    expect(new URLSearchParams(token?.body).get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  }, 60_000);

  it("links an existing account only after its owner signs in and confirms", async () => {
    inapas.citizen = { sub: "inapas-maya", name: "Maya Sari", nik: "1671044503900001", email: "warga@example.com" };
    const b = new Browser(origin);
    const done = await viaInapas(b);
    const m = /^\/masuk\/inapas\/([\w-]+)$/.exec(done.location ?? "");
    expect(m, String(done.location)).toBeTruthy();
    const token = (m as RegExpExecArray)[1];
    const shown = await b.json("GET", `/api/auth/inapas/link/${token}`);
    expect(shown.body).toEqual({ account: "w****@example.com", nikMatched: true });
    expect((await b.json("POST", `/api/auth/inapas/link/${token}`)).status).toBe(401);

    const other = new Browser(origin);
    await other.login("admin@palembang.go.id", DEMO_PASSWORD);
    expect((await other.json("POST", `/api/auth/inapas/link/${token}`)).status).toBe(403);

    await b.login("warga@example.com", DEMO_PASSWORD);
    const confirmed = await b.json("POST", `/api/auth/inapas/link/${token}`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.next).toBe("/layanan-saya");

    // Next time INApas signs Maya straight in.
    const again = new Browser(origin);
    expect((await viaInapas(again)).location).toBe("/layanan-saya");
    expect((await again.json("GET", "/api/auth/session")).body.user).toMatchObject({ email: "warga@example.com" });
    expect(inapas.problems).toEqual([]);
  }, 60_000);

  it("refuses a callback whose state is not this browser's", async () => {
    const b = new Browser(origin);
    const res = await b.fetch("/api/auth/inapas/callback?code=abc&state=forged");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe("/problems/inapas-state-mismatch");
  }, 60_000);
});
