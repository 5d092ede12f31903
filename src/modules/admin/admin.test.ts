import { describe, expect, it } from "vitest";
import type { Method, Reply } from "../../../test/answers.ts";
import { client, loginAs, MALANG, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();
const STRONG = "Jembatan-Ampera-1965";

async function unitId(code: string, tenant = PALEMBANG) {
  const row = await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [tenant, code]);
  return row!.id;
}

describe("org units", () => {
  it("lists Palembang's real 18 kecamatan and 107 kelurahan, and Malang's own", async () => {
    const pal = await client(ctx.app).request("GET", "/api/regions");
    expect(pal.body).toHaveLength(18);
    expect(pal.body.reduce((n: number, k: { kelurahan: unknown[] }) => n + k.kelurahan.length, 0)).toBe(107);
    expect(pal.body.map((k: { name: string }) => k.name)).toContain("Kecamatan Ilir Barat II");
    const mal = await client(ctx.app, MALANG).request("GET", "/api/regions");
    expect(mal.body).toHaveLength(5);
    expect(mal.body.every((k: { code: string }) => k.code.startsWith("35.73."))).toBe(true);
    const byHost = await ctx.app.inject({ url: "/api/tenant", headers: { host: "malang.localhost:3000" } });
    expect(byHost.json().name).toBe("Kota Malang");
    const fallback = await ctx.app.inject({ url: "/api/tenant", headers: { host: "192.0.2.10" } });
    expect(fallback.json().id).toBe(PALEMBANG);
  });

  it("answers two simultaneous creations of one unit code with one 201 and one 409, never a 500", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const parentId = await unitId("DISHUB");
    const make = () => admin.request("POST", "/api/admin/units", { parentId, kind: "uptd", code: "dishub-terminal", name: "UPTD Terminal" });
    const statuses = (await Promise.all([make(), make(), make()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
  });

  it("lets the Kominfo admin add, rename and delete a unit, audited", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const parentId = await unitId("DISHUB");
    const created = await admin.request("POST", "/api/admin/units", { parentId, kind: "uptd", code: "dishub-parkir", name: "UPTD Perparkiran" });
    expect(created.status).toBe(201);
    const dup = await admin.request("POST", "/api/admin/units", { parentId, kind: "uptd", code: "DISHUB-PARKIR", name: "Lagi" });
    expect(dup.status).toBe(409);
    const badKind = await admin.request("POST", "/api/admin/units", { parentId, kind: "kelurahan", code: "X-KEL", name: "Kelurahan salah" });
    expect(badKind.status).toBe(400);
    expect((await admin.request("PATCH", `/api/admin/units/${created.body.id}`, { name: "UPTD Parkir Kota" })).status).toBe(204);
    expect((await admin.request("DELETE", `/api/admin/units/${parentId}`)).status).toBe(409);
    expect((await admin.request("DELETE", `/api/admin/units/${created.body.id}`)).status).toBe(204);
    const actions = (await ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq", [created.body.id])).map(
      (r) => r.action,
    );
    expect(actions).toEqual(["unit.created", "unit.updated", "unit.deleted"]);
  });
});

describe("unit codes", () => {
  const codeError = (res: Reply) => {
    expect(res.status).toBe(400);
    return res.problem.errors!.find((e) => e.field === "code")?.code;
  };

  it("holds kecamatan and kelurahan to their Kemendagri code under the parent, OPD units to a slug", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const pemda = await unitId("PEMDA");
    const kec = await unitId("16.71.04");
    const newKec = (code: string) => admin.request("POST", "/api/admin/units", { parentId: pemda, kind: "kecamatan", code, name: "Kecamatan Baru" });
    const newKel = (code: string) => admin.request("POST", "/api/admin/units", { parentId: kec, kind: "kelurahan", code, name: "Kelurahan Baru" });
    expect(codeError(await newKec("16.71"))).toBe("unit-code-kecamatan");
    expect(codeError(await newKec("35.73.19"))).toBe("unit-code-kecamatan");
    expect(codeError(await newKec("KEC-BARU"))).toBe("unit-code-kecamatan");
    expect(codeError(await newKel("16.71.04.99"))).toBe("unit-code-kelurahan");
    expect(codeError(await newKel("16.71.05.1001"))).toBe("unit-code-kelurahan");
    expect(codeError(await newKel("16.71.04.3001"))).toBe("unit-code-kelurahan");
    expect(
      codeError(await admin.request("POST", "/api/admin/units", { parentId: await unitId("DISHUB"), kind: "uptd", code: "16.71.04.1099", name: "UPTD" })),
    ).toBe("unit-code-slug");
    expect(
      codeError(await admin.request("POST", "/api/admin/units", { parentId: await unitId("DISHUB"), kind: "uptd", code: "-DISHUB--X", name: "UPTD" })),
    ).toBe("unit-code-slug");
    // Right codes are taken; a code in use, at any level, is a conflict.
    const created = await newKel("16.71.04.1099");
    expect(created.status).toBe(201);
    expect((await newKec("16.71.30")).status).toBe(201);
    const dup = await newKel("16.71.04.1099");
    expect(dup.status).toBe(409);
    expect(dup.problem.errors![0]).toMatchObject({ field: "code", code: "code-taken" });
  });

  it("checks a changed code too: a kelurahan cannot be renamed to any string", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const kel = await ctx.db.one<{ id: string; code: string }>(
      "SELECT id, code FROM org_units WHERE tenant_id = $1 AND kind = 'kelurahan' AND code LIKE '16.71.04.%' ORDER BY code LIMIT 1",
      [PALEMBANG],
    );
    expect(codeError(await admin.request("PATCH", `/api/admin/units/${kel!.id}`, { code: "apa-saja" }))).toBe("unit-code-kelurahan");
    expect(codeError(await admin.request("PATCH", `/api/admin/units/${kel!.id}`, { code: "16.71.01.1001" }))).toBe("unit-code-kelurahan");
    const other = await ctx.db.one<{ code: string }>(
      "SELECT code FROM org_units WHERE tenant_id = $1 AND kind = 'kelurahan' AND code LIKE '16.71.04.%' AND id <> $2 LIMIT 1",
      [PALEMBANG, kel!.id],
    );
    expect((await admin.request("PATCH", `/api/admin/units/${kel!.id}`, { code: other!.code })).status).toBe(409);
    expect((await admin.request("PATCH", `/api/admin/units/${kel!.id}`, { code: kel!.code, name: "Kelurahan Nama Baru" })).status).toBe(204);
    const audits = await ctx.db.query("SELECT 1 FROM audit_log WHERE subject_id = $1 AND action = 'unit.updated'", [kel!.id]);
    expect(audits.length).toBe(1);
  });
});

describe("roles", () => {
  const routes: [Method, string, unknown?][] = [
    ["GET", "/api/admin/units"],
    ["GET", "/api/admin/staff"],
    ["GET", "/api/admin/audit"],
    ["GET", "/api/admin/audit/verify"],
  ];
  const matrix: Record<string, number[]> = {
    "admin@palembang.go.id": [200, 200, 200, 200],
    "kadis.dpmptsp@palembang.go.id": [200, 200, 403, 403],
    // Auditors read the unit tree (the audit log filters by unit), not the staff list.
    "auditor@palembang.go.id": [200, 403, 200, 200],
    "operator.dukcapil@palembang.go.id": [403, 403, 403, 403],
    "warga@example.com": [403, 403, 403, 403],
  };
  for (const [who, expected] of Object.entries(matrix)) {
    it(`gives ${who} exactly ${expected.join("/")}`, async () => {
      const c = await loginAs(ctx.app, who);
      const got = [];
      for (const [m, u] of routes) got.push((await c.request(m, u)).status);
      expect(got).toEqual(expected);
    });
  }

  it("refuses every admin route to anonymous callers", async () => {
    const c = client(ctx.app);
    for (const [m, u] of routes) expect((await c.request(m, u)).status).toBe(401);
    expect(
      (await c.request("POST", "/api/admin/units", { parentId: "00000000-0000-0000-0000-000000000000", kind: "opd", code: "AA", name: "Anon" })).status,
    ).toBe(401);
  });

  it("lets the Kominfo admin create staff and grant roles; the new staff member logs in with them", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const dlh = await unitId("DLH");
    const res = await admin.request("POST", "/api/admin/staff", {
      name: "Fitri Handayani",
      email: "fitri.dlh@palembang.go.id",
      nip: "198703152010012003",
      password: STRONG,
      unitId: dlh,
      role: "opd_operator",
    });
    expect(res.status).toBe(201);
    const grant = await admin.request("POST", `/api/admin/staff/${res.body.id}/grants`, { unitId: dlh, role: "opd_admin" });
    expect(grant.status).toBe(201);
    expect((await admin.request("POST", `/api/admin/staff/${res.body.id}/grants`, { unitId: dlh, role: "opd_admin" })).status).toBe(409);
    const staff = await loginAs(ctx.app, "fitri.dlh@palembang.go.id", STRONG);
    const me = (await staff.request("GET", "/api/auth/session")).body.user;
    expect(me!.grants.map((g: { role: string }) => g.role).sort()).toEqual(["opd_admin", "opd_operator"]);
    expect(me!.permissions).toContain("staff.manage");
    expect((await admin.request("DELETE", `/api/admin/grants/${grant.body.id}`)).status).toBe(204);
    expect((await admin.request("POST", `/api/admin/staff/${res.body.id}/status`, { disabled: true })).status).toBe(204);
    expect((await staff.request("GET", "/api/auth/session")).body.user).toBeNull();
    expect((await client(ctx.app).request("POST", "/api/auth/login", { identifier: "fitri.dlh@palembang.go.id", password: STRONG })).status).toBe(403);
  });

  it("keeps an OPD admin inside their own OPD and below super-admin roles", async () => {
    const kadis = await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id");
    const own = await unitId("DPMPTSP");
    const other = await unitId("DISDUKCAPIL");
    const ok = await kadis.request("POST", "/api/admin/staff", {
      name: "Operator Perizinan",
      email: "izin@palembang.go.id",
      password: STRONG,
      unitId: own,
      role: "opd_operator",
    });
    expect(ok.status).toBe(201);
    expect(
      (
        await kadis.request("POST", "/api/admin/staff", {
          name: "Operator Lain",
          email: "x1@palembang.go.id",
          password: STRONG,
          unitId: other,
          role: "opd_operator",
        })
      ).status,
    ).toBe(403);
    expect((await kadis.request("POST", `/api/admin/staff/${ok.body.id}/grants`, { unitId: own, role: "kominfo_admin" })).status).toBe(403);
    const list = (await kadis.request("GET", "/api/admin/staff")).body as { email: string }[];
    expect(list.map((s) => s.email)).toEqual(expect.arrayContaining(["izin@palembang.go.id", "kadis.dpmptsp@palembang.go.id"]));
    expect(list.map((s) => s.email)).not.toContain("operator.dukcapil@palembang.go.id");
  });
});

describe("tenant isolation", () => {
  it("never lets a Palembang session act in Malang, nor a Malang admin see Palembang", async () => {
    const pal = await loginAs(ctx.app, "admin@palembang.go.id");
    // The same cookie presented to Malang's host is not a session there.
    pal.tenant = MALANG;
    for (const url of ["/api/admin/units", "/api/admin/staff", "/api/admin/audit", "/api/admin/audit/verify"]) {
      expect((await pal.request("GET", url)).status).toBe(401);
    }
    expect((await pal.request("GET", "/api/auth/session")).body.user).toBeNull();
    pal.tenant = PALEMBANG;

    // A Malang admin created through the CLI path works only in Malang.
    const malangKominfo = await unitId("DISKOMINFO", MALANG);
    const palAdmin = await loginAs(ctx.app, "admin@palembang.go.id");
    const cross = await palAdmin.request("POST", "/api/admin/staff", {
      name: "Admin Silang",
      email: "y@malangkota.go.id",
      password: STRONG,
      unitId: malangKominfo,
      role: "kominfo_admin",
    });
    expect(cross.status).toBe(400);
    expect(cross.problem.errors![0].field).toBe("unitId");

    const { hashPassword } = await import("../../platform/auth/passwords.ts");
    const user = await ctx.db.one<{ id: string }>(
      "INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, 'staff', 'Admin Malang', 'admin@malangkota.go.id', $2, now()) RETURNING id",
      [MALANG, await hashPassword(STRONG)],
    );
    await ctx.db.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, 'kominfo_admin')", [MALANG, user!.id, malangKominfo]);
    expect((await client(ctx.app, PALEMBANG).request("POST", "/api/auth/login", { identifier: "admin@malangkota.go.id", password: STRONG })).status).toBe(401);
    const mal = await loginAs(ctx.app, "admin@malangkota.go.id", STRONG, MALANG);
    const units = (await mal.request("GET", "/api/admin/units")).body as { code: string }[];
    expect(units.some((u) => u.code === "16.71.01")).toBe(false);
    expect(units.some((u) => u.code === "35.73.01")).toBe(true);
    const staff = (await mal.request("GET", "/api/admin/staff")).body as { email: string }[];
    expect(staff.map((s) => s.email)).toEqual(["admin@malangkota.go.id"]);
    const palUnit = await unitId("DISHUB");
    expect((await mal.request("PATCH", `/api/admin/units/${palUnit}`, { name: "Hijacked" })).status).toBe(404);
    expect((await mal.request("DELETE", `/api/admin/units/${palUnit}`)).status).toBe(404);
    const audit = (await mal.request("GET", "/api/admin/audit")).body as { action: string }[];
    expect(audit.map((a) => a.action)).toContain("tenant.created");
    expect(audit.map((a) => a.action)).not.toContain("demo.seeded");
  });
});

describe("developer outbox when it is off", () => {
  it("has no route: 404 problem+json, also for the Kominfo admin (BALAI_DEMO=0, no BALAI_DEV_OUTBOX)", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    for (const c of [client(ctx.app), admin]) {
      const res = await c.request("GET", "/api/dev/outbox");
      expect(res.status).toBe(404);
      expect(res.problem.type).toBe("/problems/not-found");
    }
    const spec = (await client(ctx.app).request("GET", "/api/docs/json")).body as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).not.toContain("/api/dev/outbox");
  });
});
