import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MALANG, MemoryAdapter, openTestDb, PALEMBANG, testConfig } from "../../test/helpers.ts";
import { createPlatform, type Platform } from "../server.ts";
import { ConfigError, loadConfig } from "./config.ts";

// The nginx in front of Balai (docs/deploy.md), another proxy on the LAN, and a client on the internet.
const PROXY = "127.0.0.1";
const LAN_PROXY = "10.20.30.40";
const CLIENT = "203.0.113.7";

/** Three apps on one store: no proxy trusted (the default), two proxies listed, and a hop count of 1. */
const apps = {} as Record<"untrusted" | "listed" | "hops", Platform>;

beforeAll(async () => {
  const db = await openTestDb();
  const memory = new MemoryAdapter();
  const opts = { adapters: { email: memory, sms: memory, whatsapp: memory }, background: false };
  // Three apps on one store: each keeps its own counters (this file is about which address is the key; the shared
  // store across processes is tested in shared-state.test.ts and the cluster test).
  const env = { BALAI_AUTH_RATE_LIMIT: "3", BALAI_RATE_LIMIT_STORE: "memory" };
  apps.untrusted = await createPlatform(testConfig(env), db, opts);
  apps.listed = await createPlatform(testConfig({ ...env, BALAI_TRUST_PROXY: `${PROXY}, 10.0.0.0/8` }), db, opts);
  apps.hops = await createPlatform(testConfig({ ...env, BALAI_TRUST_PROXY: "1" }), db, opts);
});
afterAll(async () => {
  await apps.untrusted?.app.close();
  await apps.listed?.app.close();
  await apps.hops?.close();
});

/** Login attempts (an empty body: 400, but counted by the 3-per-minute limit on auth routes), from one peer address. */
async function loginStatuses(p: Platform, from: string, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const xff of forwardedFor) {
    const res = await p.app.inject({
      method: "POST",
      url: "/api/auth/login",
      remoteAddress: from,
      headers: { "x-balai-tenant": PALEMBANG, "x-forwarded-for": xff },
      payload: {},
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);

async function tenantOf(p: Platform, from: string, headers: Record<string, string>): Promise<string> {
  const res = await p.app.inject({ method: "GET", url: "/api/tenant", remoteAddress: from, headers });
  expect(res.statusCode).toBe(200);
  return res.json().id;
}

async function open311Base(p: Platform, from: string, headers: Record<string, string>): Promise<string> {
  const res = await p.app.inject({ method: "GET", url: "/open311/v2/discovery.json", remoteAddress: from, headers });
  expect(res.statusCode).toBe(200);
  return res.json().endpoints[0].url;
}

describe("BALAI_TRUST_PROXY", () => {
  it("is off by default and takes a hop count or proxy addresses/CIDRs; anything else stops the start", () => {
    expect(loadConfig({ NODE_ENV: "test" }).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: "test", BALAI_TRUST_PROXY: "0" }).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: "test", BALAI_TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ NODE_ENV: "test", BALAI_TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback" }).trustProxy).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
    for (const bad of ["true", "*", "10.0.0.300", "10.0.0.0/33", "::1/129", "10.0.0.0/8/1", "127.0.0.1,,", "proxy.local", "-1", "99"]) {
      expect(() => loadConfig({ NODE_ENV: "test", BALAI_TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe("forwarded headers without a trusted proxy", () => {
  it("keys the rate limit by the connecting address: a made-up X-Forwarded-For per request does not reset it", async () => {
    expect(await loginStatuses(apps.untrusted, CLIENT, addresses("198.51.100", 4))).toEqual([400, 400, 400, 429]);
  });
});

describe("forwarded headers through a trusted proxy", () => {
  it("keys the rate limit by the client the proxy names, and still limits each client", async () => {
    expect(await loginStatuses(apps.listed, PROXY, addresses("198.51.100", 4))).toEqual([400, 400, 400, 400]);
    expect(await loginStatuses(apps.listed, LAN_PROXY, addresses("198.51.101", 4))).toEqual([400, 400, 400, 400]);
    expect(await loginStatuses(apps.listed, PROXY, Array(4).fill("198.51.102.9"))).toEqual([400, 400, 400, 429]);
    // A client forwarding through the trusted proxy cannot slip a spoofed address in front of its own.
    expect(await loginStatuses(apps.listed, PROXY, ["192.0.2.1, 198.51.103.9", "192.0.2.2, 198.51.103.9", "198.51.103.9", "198.51.103.9"])).toEqual([
      400, 400, 400, 429,
    ]);
  });

  it("ignores X-Forwarded-For from a peer that is not in the list", async () => {
    expect(await loginStatuses(apps.listed, CLIENT, addresses("198.51.104", 4))).toEqual([400, 400, 400, 429]);
  });

  it("with a hop count, trusts the nearest hop whatever its address", async () => {
    expect(await loginStatuses(apps.hops, CLIENT, addresses("198.51.105", 4))).toEqual([400, 400, 400, 400]);
  });
});

// Which host a request is for: the Host header, X-Forwarded-Host (and -Proto) only from a trusted proxy, or from the
// nearest hop with a hop count.
const FORWARDED_MALANG = { host: "balai.example", "x-forwarded-host": "malang.localhost" };
const BEHIND_PROXY = { host: "127.0.0.1:3000", "x-forwarded-host": "malang.localhost" };

describe("the host of a request, by app (untrusted, listed proxies, hop count) and peer", () => {
  it.each([
    ["untrusted", PROXY, FORWARDED_MALANG, PALEMBANG],
    ["untrusted", CLIENT, FORWARDED_MALANG, PALEMBANG],
    ["untrusted", CLIENT, { host: "malang.localhost:3000" }, MALANG],
    ["listed", PROXY, BEHIND_PROXY, MALANG],
    ["listed", LAN_PROXY, BEHIND_PROXY, MALANG],
    ["listed", CLIENT, FORWARDED_MALANG, PALEMBANG],
    ["listed", PROXY, { host: "malang.localhost" }, MALANG],
    ["hops", CLIENT, FORWARDED_MALANG, MALANG],
  ] as const)("%s app, peer %s, %o: tenant %s", async (app, from, headers, tenant) => {
    expect(await tenantOf(apps[app], from, headers)).toBe(tenant);
  });

  it.each([
    ["untrusted", PROXY, { host: "balai.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }, "http://balai.example/open311/v2"],
    ["listed", PROXY, { ...BEHIND_PROXY, "x-forwarded-proto": "https" }, "https://malang.localhost/open311/v2"],
    ["listed", CLIENT, { ...BEHIND_PROXY, "x-forwarded-proto": "https", host: "balai.example" }, "http://balai.example/open311/v2"],
  ] as const)("%s app, peer %s, %o: absolute links to %s", async (app, from, headers, base) => {
    expect(await open311Base(apps[app], from, headers)).toBe(base);
  });
});
