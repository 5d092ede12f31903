import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { client, DEMO_PASSWORD, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { CODES_PER_15_MINUTES, CODES_PER_DAY, LOGIN_ATTEMPTS_PER_CLIENT } from "./protection.ts";

const ctx = setupPlatform();
const STRONG = "Pempek-Kapal-Selam-88";

/** One request from a given client address, as a browser without a session would send it. */
async function from(ip: string, url: string, body: object, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({ method: "POST", url, payload: body, remoteAddress: ip, headers: { "x-balai-tenant": PALEMBANG, ...headers } });
  return { status: res.statusCode, type: String(res.headers["content-type"]), body: res.body ? res.json() : null, cookie: res.headers["set-cookie"] };
}

/** A problem body without what differs on every request. */
const comparable = (body: Record<string, unknown>) => {
  const { requestId: _id, ...rest } = body;
  return rest;
};

const sentTo = async (recipient: string) =>
  (await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE tenant_id = $1 AND recipient = $2", [PALEMBANG, recipient]))!.n;

const ip = (i: number) => `198.51.100.${i + 1}`;

describe("codes per recipient", () => {
  it("sends at most three codes per 15 minutes to one address, counting sign-up, resend and reset across rotating IPs", async () => {
    const email = "sms.bomb@example.com";
    expect((await from(ip(0), "/api/auth/signup", { name: "Target", email, password: STRONG })).status).toBe(201);
    const answers = [];
    for (let i = 1; i <= 8; i++) {
      const url = i % 2 ? "/api/auth/signup/resend" : "/api/auth/password/forgot";
      answers.push(await from(ip(i), url, { identifier: i % 3 ? email : email.toUpperCase() }));
    }
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(await sentTo(email)).toBe(CODES_PER_15_MINUTES);
    const templates = await ctx.db.query<{ template: string }>("SELECT template FROM notifications WHERE recipient = $1 ORDER BY created_at", [email]);
    expect(templates.map((t) => t.template)).toEqual(["accounts.verify-code", "accounts.verify-code", "accounts.reset-code"]);
  });

  it("holds under concurrent requests for one recipient (row locks in the database, so across processes too)", async () => {
    const email = "concurrent@example.com";
    await from(ip(10), "/api/auth/signup", { name: "Serentak", email, password: STRONG });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => from(ip(11 + i), i % 2 ? "/api/auth/signup/resend" : "/api/auth/password/forgot", { identifier: email })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(await sentTo(email)).toBe(CODES_PER_15_MINUTES);
  });

  it("counts a phone number in any spelling as one recipient, also for the code sent at sign-in of an unconfirmed account", async () => {
    expect((await from(ip(20), "/api/auth/signup", { name: "Rina", phone: "0813-5555-0001", password: STRONG })).status).toBe(201);
    for (const [i, spelling] of ["+62 813 5555 0001", "6281355550001", "081355550001", "0813 5555 0001"].entries()) {
      expect((await from(ip(21 + i), "/api/auth/signup/resend", { identifier: spelling })).status).toBe(202);
    }
    // The right password of an unconfirmed account answers 403 and would send a code: not past the limit.
    expect((await from(ip(30), "/api/auth/login", { identifier: "081355550001", password: STRONG })).status).toBe(403);
    expect(await sentTo("+6281355550001")).toBe(CODES_PER_15_MINUTES);
  });

  it("answers an unknown recipient exactly like a known one, before and past the limit, and sends it nothing", async () => {
    const known = "operator.disdag@palembang.go.id";
    const unknown = "tidak.ada@palembang.go.id";
    for (const url of ["/api/auth/password/forgot", "/api/auth/signup/resend"]) {
      for (let i = 0; i < CODES_PER_15_MINUTES + 2; i++) {
        const a = await from(ip(40 + i), url, { identifier: known });
        const b = await from(ip(50 + i), url, { identifier: unknown });
        expect({ status: b.status, type: b.type, body: b.body }).toEqual({ status: a.status, type: a.type, body: a.body });
        expect(a.status).toBe(202);
      }
    }
    expect(await sentTo(known)).toBe(CODES_PER_15_MINUTES);
    expect(await sentTo(unknown)).toBe(0);
  });

  it("allows three more after 15 minutes, and no more than ten a day", async () => {
    const email = "patient@example.com";
    await from(ip(60), "/api/auth/signup", { name: "Sabar", email, password: STRONG });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < CODES_PER_15_MINUTES + 1; i++) await from(ip(61 + i), "/api/auth/password/forgot", { identifier: email });
      // Let 20 minutes pass for the counters of this tenant (in two steps: PostgreSQL checks the key row by row).
      await ctx.db.query("UPDATE abuse_counters SET bucket_start = bucket_start - interval '20 minutes' - interval '876000 hours' WHERE tenant_id = $1", [
        PALEMBANG,
      ]);
      await ctx.db.query("UPDATE abuse_counters SET bucket_start = bucket_start + interval '876000 hours' WHERE tenant_id = $1", [PALEMBANG]);
    }
    expect(await sentTo(email)).toBe(CODES_PER_DAY);
  });
});

describe("sign-in throttling", () => {
  it("answers a known and an unknown identifier alike after repeated failures", async () => {
    const known = "operator.dukcapil@palembang.go.id";
    const unknown = "bukan.pegawai@palembang.go.id";
    const run = async (identifier: string, password: string) => {
      const out = [];
      for (let i = 0; i < LOGIN_ATTEMPTS_PER_CLIENT + 2; i++) {
        const r = await from("203.0.113.7", "/api/auth/login", { identifier, password });
        out.push({ status: r.status, type: r.type, body: comparable(r.body) });
      }
      return out;
    };
    const a = await run(known, "Salah-Tebak-123");
    const b = await run(unknown, "Salah-Tebak-123");
    expect(b).toEqual(a);
    expect(a.map((r) => r.status)).toEqual([...Array(LOGIN_ATTEMPTS_PER_CLIENT).fill(401), 429, 429]);
    expect(a[5].body.type).toBe("/problems/too-many-login-attempts");
    // The right password from that client is paused too, with the same answer as for the unknown identifier.
    const right = await from("203.0.113.7", "/api/auth/login", { identifier: known, password: DEMO_PASSWORD });
    const none = await from("203.0.113.7", "/api/auth/login", { identifier: unknown, password: DEMO_PASSWORD });
    expect(comparable(right.body)).toEqual(comparable(none.body));
    expect(right.status).toBe(429);
    // Another client signs in at once.
    expect((await from("203.0.113.8", "/api/auth/login", { identifier: known, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it("lets a staff member with TOTP sign in from their own client while a stranger fails from many IPs", async () => {
    const staff = "operator.kelurahan@palembang.go.id";
    const own = "10.20.30.40";
    const enrolled = await loginAs(ctx.app, staff);
    const secret = (await enrolled.request("POST", "/api/me/totp/enroll")).body.secret as string;
    expect((await enrolled.request("POST", "/api/me/totp/activate", { code: await generate({ secret }) })).status).toBe(204);

    const stranger: number[] = [];
    for (let n = 0; n < 3; n++) {
      for (let i = 0; i < LOGIN_ATTEMPTS_PER_CLIENT + 1; i++) {
        stranger.push((await from(`192.0.2.${n + 1}`, "/api/auth/login", { identifier: staff, password: `Tebakan-${n}-${i}` })).status);
      }
    }
    expect(stranger.filter((s) => s === 429)).toHaveLength(3);
    expect(stranger.filter((s) => s === 401)).toHaveLength(3 * LOGIN_ATTEMPTS_PER_CLIENT);

    const login = await from(own, "/api/auth/login", { identifier: staff, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.mfaRequired).toBe(true);
    const cookie = String(login.cookie).split(";")[0];
    const headers = { cookie, "x-csrf-token": login.body.csrfToken };
    expect((await from(own, "/api/auth/login/totp", { code: await generate({ secret }) }, headers)).status).toBe(204);
    const session = await ctx.app.inject({ method: "GET", url: "/api/auth/session", remoteAddress: own, headers: { "x-balai-tenant": PALEMBANG, cookie } });
    expect(session.json().user.email).toBe(staff);
    const failed = await ctx.db.one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id::text = a.subject_id WHERE u.email = $1 AND a.action = 'user.login-failed'",
      [staff],
    );
    expect(failed!.n).toBe(3 * LOGIN_ATTEMPTS_PER_CLIENT);
  });

  it("counts an IPv6 /64 as one client", async () => {
    const identifier = "warga@example.com";
    const statuses = [];
    for (let i = 1; i <= LOGIN_ATTEMPTS_PER_CLIENT + 1; i++) {
      statuses.push((await from(`2001:db8:aa:1::${i.toString(16)}`, "/api/auth/login", { identifier, password: "Bukan-Sandi-1" })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await from("2001:db8:aa:2::1", "/api/auth/login", { identifier, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it("pauses wrong second-factor codes per client and ends the pending session, without locking the account", async () => {
    const staff = "lurah@palembang.go.id";
    const enrolled = await loginAs(ctx.app, staff);
    const secret = (await enrolled.request("POST", "/api/me/totp/enroll")).body.secret as string;
    await enrolled.request("POST", "/api/me/totp/activate", { code: await generate({ secret }) });

    const attacker = "192.0.2.200";
    const pending = await from(attacker, "/api/auth/login", { identifier: staff, password: DEMO_PASSWORD });
    const headers = { cookie: String(pending.cookie).split(";")[0], "x-csrf-token": pending.body.csrfToken };
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await from(attacker, "/api/auth/login/totp", { code: "000000" }, headers)).status);
    expect(codes).toEqual([400, 400, 400, 400, 400, 429]);
    expect((await from(attacker, "/api/auth/login/totp", { code: await generate({ secret }) }, headers)).status).toBe(401);

    const c = client(ctx.app);
    expect((await c.request("POST", "/api/auth/login", { identifier: staff, password: DEMO_PASSWORD })).body.mfaRequired).toBe(true);
    expect((await c.request("POST", "/api/auth/login/totp", { code: await generate({ secret }) })).status).toBe(204);
  });
});
