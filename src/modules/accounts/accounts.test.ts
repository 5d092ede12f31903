import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { client, DEMO_PASSWORD, lastCodeFor, loginAs, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();
const STRONG = "Pempek-Kapal-Selam-88";

describe("citizen sign-up, confirmation, login and logout", () => {
  it("signs up by email, must confirm with the code from the outbox, then logs in and out", async () => {
    const c = client(ctx.app);
    const signup = await c.request("POST", "/api/auth/signup", { name: "Andi Saputra", email: "Andi.Saputra@Example.com", password: STRONG });
    expect(signup.status).toBe(201);
    expect(signup.body.channel).toBe("email");

    const early = await c.request("POST", "/api/auth/login", { identifier: "andi.saputra@example.com", password: STRONG });
    expect(early.status).toBe(403);
    expect(early.problem.type).toBe("/problems/account-not-verified");

    const wrong = await c.request("POST", "/api/auth/signup/confirm", { identifier: "andi.saputra@example.com", code: "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.headers["content-type"]).toMatch(/application\/problem\+json/);

    const code = await lastCodeFor(ctx.db, "andi.saputra@example.com");
    const ok = await c.request("POST", "/api/auth/signup/confirm", { identifier: "andi.saputra@example.com", code });
    expect(ok.status).toBe(200);
    const session = await c.request("GET", "/api/auth/session");
    expect(session.body.user).toMatchObject({ name: "Andi Saputra", kind: "citizen", email: "andi.saputra@example.com", grants: [] });

    const reused = await client(ctx.app).request("POST", "/api/auth/signup/confirm", { identifier: "andi.saputra@example.com", code });
    expect(reused.status).toBe(400);

    expect((await c.request("POST", "/api/auth/logout")).status).toBe(204);
    expect((await c.request("GET", "/api/auth/session")).body.user).toBeNull();

    const again = await loginAs(ctx.app, "andi.saputra@example.com", STRONG);
    expect((await again.request("GET", "/api/auth/session")).body.user!.name).toBe("Andi Saputra");
  });

  it("signs up by phone in any spelling and refuses the same number twice", async () => {
    const c = client(ctx.app);
    const res = await c.request("POST", "/api/auth/signup", { name: "Rina", phone: "0813-7777-1234", password: STRONG });
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe("sms");
    const code = await lastCodeFor(ctx.db, "+6281377771234");
    expect((await c.request("POST", "/api/auth/signup/confirm", { identifier: "+62 813 7777 1234", code })).status).toBe(200);
    const dup = await client(ctx.app).request("POST", "/api/auth/signup", { name: "Rina 2", phone: "6281377771234", password: STRONG });
    expect(dup.status).toBe(409);
    expect(dup.problem.type).toBe("/problems/identifier-taken");
  });

  it("rejects weak passwords, bad phone numbers and missing identifiers with field errors", async () => {
    const c = client(ctx.app);
    const weak = await c.request("POST", "/api/auth/signup", { name: "Budi", email: "budi@example.com", password: "password" });
    expect(weak.status).toBe(400);
    expect(weak.problem.errors![0]).toMatchObject({ field: "password" });
    const phone = await c.request("POST", "/api/auth/signup", { name: "Budi", phone: "12345", password: STRONG });
    expect(phone.problem.errors).toContainEqual(expect.objectContaining({ field: "phone", code: "invalid-phone" }));
    const none = await c.request("POST", "/api/auth/signup", { name: "Budi", password: STRONG });
    expect(none.status).toBe(400);
    expect(await ctx.db.one("SELECT 1 FROM users WHERE name = 'Budi'")).toBeUndefined();
  });
});

describe("login protection", () => {
  it("pauses a client after five failed attempts, even for the right password (no account lock)", async () => {
    const c = client(ctx.app);
    await c.request("POST", "/api/auth/signup", { name: "Lock Test", email: "lock@example.com", password: STRONG });
    await c.request("POST", "/api/auth/signup/confirm", { identifier: "lock@example.com", code: await lastCodeFor(ctx.db, "lock@example.com") });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await client(ctx.app).request("POST", "/api/auth/login", { identifier: "lock@example.com", password: "wrong-password-1" })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const right = await client(ctx.app).request("POST", "/api/auth/login", { identifier: "lock@example.com", password: STRONG });
    expect(right.status).toBe(429);
    expect(right.problem.type).toBe("/problems/too-many-login-attempts");
    const audit = await ctx.db.query(
      "SELECT a.action FROM audit_log a JOIN users u ON u.id::text = a.subject_id WHERE u.email = 'lock@example.com' AND a.action = 'user.login-failed'",
    );
    expect(audit.length).toBe(5);
  });

  it("answers an unknown account like a wrong password", async () => {
    const res = await client(ctx.app).request("POST", "/api/auth/login", { identifier: "nobody@example.com", password: STRONG });
    expect(res.status).toBe(401);
    expect(res.problem.type).toBe("/problems/invalid-credentials");
  });

  it("requires the CSRF token on writes made with the session cookie", async () => {
    const c = await loginAs(ctx.app, "warga@example.com");
    const res = await c.request("POST", "/api/auth/logout", undefined, { "x-csrf-token": "forged" });
    expect(res.status).toBe(403);
    expect(res.problem.type).toBe("/problems/csrf-invalid");
    expect((await c.request("GET", "/api/auth/session")).body.user).not.toBeNull();
  });

  it("treats an expired session as logged out with a clear problem", async () => {
    const c = await loginAs(ctx.app, "admin@palembang.go.id");
    await ctx.db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE email = 'admin@palembang.go.id')",
    );
    const res = await c.request("GET", "/api/admin/units");
    expect(res.status).toBe(401);
    expect(res.problem.type).toBe("/problems/session-expired");
  });

  it("sets the session cookie httpOnly, SameSite=Lax and Secure by default", async () => {
    const res = await client(ctx.app).request("POST", "/api/auth/login", { identifier: "warga@example.com", password: DEMO_PASSWORD });
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/^__Host-balai_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});

describe("staff TOTP", () => {
  it("enrols TOTP, then asks for the code at login and refuses a wrong one", async () => {
    const c = await loginAs(ctx.app, "auditor@palembang.go.id");
    const enrol = await c.request("POST", "/api/me/totp/enroll");
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(enrol.body.qrSvg).toMatch(/<svg/);
    const secret = enrol.body.secret as string;
    expect((await c.request("POST", "/api/me/totp/activate", { code: "123456" })).status).toBe(400);
    expect((await c.request("POST", "/api/me/totp/activate", { code: await generate({ secret }) })).status).toBe(204);

    const s = client(ctx.app);
    const login = await s.request("POST", "/api/auth/login", { identifier: "auditor@palembang.go.id", password: DEMO_PASSWORD });
    expect(login.body.mfaRequired).toBe(true);
    const pending = await s.request("GET", "/api/auth/session");
    expect(pending.body.user).toBeNull();
    expect(pending.body.mfaPending).toBe(true);
    expect((await s.request("GET", "/api/admin/audit")).status).toBe(401);
    expect((await s.request("POST", "/api/auth/login/totp", { code: "000000" })).status).toBe(400);
    expect((await s.request("POST", "/api/auth/login/totp", { code: await generate({ secret }) })).status).toBe(204);
    expect((await s.request("GET", "/api/admin/audit")).status).toBe(200);
  });

  it("does not offer TOTP enrolment to citizens", async () => {
    const c = await loginAs(ctx.app, "warga@example.com");
    expect((await c.request("POST", "/api/me/totp/enroll")).status).toBe(403);
  });
});

describe("password reset and change", () => {
  it("resets a forgotten password with the code and ends the old sessions", async () => {
    const old = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    const c = client(ctx.app);
    expect((await c.request("POST", "/api/auth/password/forgot", { identifier: "operator.dukcapil@palembang.go.id" })).status).toBe(202);
    expect((await c.request("POST", "/api/auth/password/forgot", { identifier: "unknown@palembang.go.id" })).status).toBe(202);
    const code = await lastCodeFor(ctx.db, "operator.dukcapil@palembang.go.id");
    expect((await c.request("POST", "/api/auth/password/reset", { identifier: "operator.dukcapil@palembang.go.id", code, password: "weak" })).status).toBe(400);
    expect((await c.request("POST", "/api/auth/password/reset", { identifier: "operator.dukcapil@palembang.go.id", code, password: STRONG })).status).toBe(204);
    expect((await old.request("GET", "/api/auth/session")).body.user).toBeNull();
    expect(
      (await client(ctx.app).request("POST", "/api/auth/login", { identifier: "operator.dukcapil@palembang.go.id", password: DEMO_PASSWORD })).status,
    ).toBe(401);
    await loginAs(ctx.app, "operator.dukcapil@palembang.go.id", STRONG);
  });

  it("changes the password only with the current one", async () => {
    const c = await loginAs(ctx.app, "lawangjabo@palembang.go.id");
    expect((await c.request("POST", "/api/me/password", { currentPassword: "nope", newPassword: STRONG })).status).toBe(400);
    expect((await c.request("POST", "/api/me/password", { currentPassword: DEMO_PASSWORD, newPassword: STRONG })).status).toBe(204);
    await loginAs(ctx.app, "lawangjabo@palembang.go.id", STRONG);
  });
});

describe("bad input", () => {
  it("answers malformed JSON, unknown fields, wrong types and oversize bodies with problem+json 4xx", async () => {
    const malformed = await ctx.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: "{bad json" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().type).toBe("/problems/malformed-json");

    const c = client(ctx.app);
    const unknown = await c.request("POST", "/api/auth/login", { identifier: "warga@example.com", password: "x", admin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.problem.errors).toContainEqual(expect.objectContaining({ field: "admin", code: "additionalProperties" }));

    const wrongType = await c.request("POST", "/api/auth/login", { identifier: 42, password: ["x"] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.problem.type).toBe("/problems/validation-failed");

    const big = await ctx.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ identifier: "a".repeat(2_000_000), password: "x" }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().type).toBe("/problems/payload-too-large");

    const text = await ctx.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "text/plain" }, payload: "hello" });
    expect(text.statusCode).toBe(415);
  });

  it("keeps SQL and HTML in text fields as plain text", async () => {
    const c = client(ctx.app);
    const name = "Robert'); DROP TABLE users;-- <script>alert(1)</script>";
    const res = await c.request("POST", "/api/auth/signup", { name, email: "bobby@example.com", password: STRONG });
    expect(res.status).toBe(201);
    await c.request("POST", "/api/auth/signup/confirm", { identifier: "bobby@example.com", code: await lastCodeFor(ctx.db, "bobby@example.com") });
    expect((await c.request("GET", "/api/auth/session")).body.user!.name).toBe(name);
    expect(await ctx.db.one("SELECT count(*)::int AS n FROM users")).toBeTruthy();
  });

  it("speaks the user's language in problem titles", async () => {
    const id = await client(ctx.app).request("POST", "/api/auth/login", { identifier: "nobody@example.com", password: "x" });
    expect(id.problem.title).toBe("Email/nomor HP atau kata sandi salah");
    const en = await client(ctx.app).request(
      "POST",
      "/api/auth/login",
      { identifier: "nobody@example.com", password: "x" },
      { "accept-language": "en-US,en;q=0.9" },
    );
    expect(en.problem.title).toBe("Wrong email/phone number or password");
  });

  it("refuses an unknown tenant", async () => {
    const res = await client(ctx.app, "99.99").request("GET", "/api/auth/session");
    expect(res.status).toBe(404);
    expect(res.problem.type).toBe("/problems/tenant-not-found");
  });
});
