import { beforeAll, describe, expect, it } from "vitest";
import { actOn, applyFor, type Client, loginAs, MALANG, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();

interface Entry {
  id: number;
  at: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  subjectRef: string | null;
}

let auditor: Client;
let kase: { id: string; number: string };

/** The tenant's local date today (Asia/Jakarta for Palembang). */
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
const list = async (query: string) => {
  const res = await auditor.request("GET", `/api/admin/audit?${query}`);
  expect(res.status).toBe(200);
  return res.body as Entry[];
};

beforeAll(async () => {
  const citizen = await loginAs(ctx.app, "warga@example.com");
  kase = await applyFor(ctx.app, citizen, "surat-keterangan-domisili");
  const operator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
  const lurah = await loginAs(ctx.app, "lurah@palembang.go.id");
  expect((await actOn(operator, kase.id, "verify")).status).toBe(200);
  expect((await actOn(lurah, kase.id, "sign")).status).toBe(200);
  auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
});

describe("the audit log for an auditor", () => {
  it("names the actor, the role they acted in and the case by its number", async () => {
    const rows = await list(`subject=${kase.number}`);
    const sign = rows.find((r) => r.action === "case.sign");
    expect(sign).toMatchObject({ actorName: "Dedi Kurniawan", actorRole: "lurah", subjectType: "case", subjectId: kase.id, subjectRef: kase.number });
    const verify = rows.find((r) => r.action === "case.verify");
    expect(verify).toMatchObject({ actorName: "Nurul Fitri", actorRole: "opd_operator", subjectRef: kase.number });
    // Only this case's entries; the number is found in any case of letters.
    expect(rows.every((r) => r.subjectId === kase.id)).toBe(true);
    expect((await list(`subject=${kase.number.toLowerCase()}`)).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it("filters by person: a part of the name, or the account id", async () => {
    const byName = await list("person=dedi%20kurn&limit=500");
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((r) => r.actorName === "Dedi Kurniawan")).toBe(true);
    expect(byName.map((r) => r.action)).toContain("case.sign");
    const lurahId = (await ctx.db.one<{ id: string }>("SELECT id FROM users WHERE tenant_id = $1 AND email = $2", [PALEMBANG, "lurah@palembang.go.id"]))!.id;
    const byId = await list(`actorId=${lurahId}&limit=500`);
    expect(byId.map((r) => r.id)).toEqual(byName.map((r) => r.id));
    // Wildcards typed by a person are text, not patterns.
    expect(await list("person=%25")).toEqual([]);
  });

  it("filters by unit: the people with a role in the unit or below it", async () => {
    const kel = (await ctx.db.one<{ id: string; parent_id: string }>("SELECT id, parent_id FROM org_units WHERE tenant_id = $1 AND code = '16.71.04.1003'", [
      PALEMBANG,
    ]))!;
    const inKelurahan = await list(`unitId=${kel.id}&subject=${kase.number}`);
    expect(inKelurahan.map((r) => r.action).sort()).toEqual(["case.sign", "case.verify"]);
    // The kecamatan above holds the kelurahan: the same two.
    expect((await list(`unitId=${kel.parent_id}&subject=${kase.number}`)).length).toBe(2);
    const dukcapil = (await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = 'DISDUKCAPIL'", [PALEMBANG]))!.id;
    expect(await list(`unitId=${dukcapil}&subject=${kase.number}`)).toEqual([]);
  });

  it("filters by date in the tenant's time zone, both ends included", async () => {
    const day = today();
    const todays = await list(`from=${day}&to=${day}&subject=${kase.number}`);
    expect(todays.map((r) => r.action)).toContain("case.sign");
    expect(await list(`to=2000-01-01&subject=${kase.number}`)).toEqual([]);
    expect(await list(`from=2199-01-01`)).toEqual([]);
    // The stored instant is compared with the tenant's day: every entry of today lies within it.
    for (const r of todays) expect(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date(r.at))).toBe(day);
  });

  it("pages newest first with before", async () => {
    const first = await list("limit=3");
    expect(first).toHaveLength(3);
    expect(first[0].id).toBeGreaterThan(first[2].id);
    const next = await list(`limit=3&before=${first[2].id}`);
    expect(next[0].id).toBeLessThan(first[2].id);
  });

  it("refuses bad filters with problem+json and other roles with 403", async () => {
    for (const q of ["from=2026-02-30", "actorId=nobody", "unitId=x", `person=${"a".repeat(101)}`, "colour=red"]) {
      const res = await auditor.request("GET", `/api/admin/audit?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.problem.type).toMatch(/^\/problems\//);
    }
    const operator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    expect((await operator.request("GET", `/api/admin/audit?subject=${kase.number}`)).status).toBe(403);
  });

  it("keeps every filter inside the tenant", async () => {
    const { hashPassword } = await import("../../platform/auth/passwords.ts");
    const unit = (await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND kind = 'pemda'", [MALANG]))!.id;
    const user = (await ctx.db.one<{ id: string }>(
      "INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, 'staff', 'Dedi Auditor Malang', 'audit@malangkota.go.id', $2, now()) RETURNING id",
      [MALANG, await hashPassword("Jembatan-Ampera-1965")],
    ))!.id;
    await ctx.db.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, 'auditor')", [MALANG, user, unit]);
    const mal = await loginAs(ctx.app, "audit@malangkota.go.id", "Jembatan-Ampera-1965", MALANG);
    const lurahId = (await ctx.db.one<{ id: string }>("SELECT id FROM users WHERE tenant_id = $1 AND email = $2", [PALEMBANG, "lurah@palembang.go.id"]))!.id;
    const kel = (await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = '16.71.04.1003'", [PALEMBANG]))!.id;
    for (const q of [`subject=${kase.number}`, `subject=${kase.id}`, `actorId=${lurahId}`, `unitId=${kel}`, "person=Dedi%20Kurniawan"]) {
      const res = await mal.request("GET", `/api/admin/audit?${q}&limit=500`);
      expect(res.status, q).toBe(200);
      expect(res.body, q).toEqual([]);
    }
    // The same person filter does find Malang's own entries by name.
    expect((await mal.request("GET", "/api/admin/audit?person=dedi")).body.length).toBeGreaterThan(0);
  });
});

describe("the same case in words on the other screens", () => {
  it("labels the history's actions, the inbox's state and the wall's ticker from the workflow", async () => {
    const operator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const view = await operator.request("GET", `/api/cases/${kase.id}`);
    const acted = (view.body.events as { action: string | null; actionLabel?: { id: string; en: string } | null }[]).filter((e) => e.action);
    expect(acted.map((e) => [e.action, e.actionLabel?.id, e.actionLabel?.en])).toEqual([
      ["verify", "Verifikasi", "Verify"],
      ["sign", "Tandatangani", "Sign"],
    ]);
    const inbox = await operator.request("GET", `/api/inbox?q=${kase.number}&status=all`);
    expect(inbox.body[0]).toMatchObject({ number: kase.number, state: "signed", stateLabel: { id: "Ditandatangani lurah", en: "Signed by the lurah" } });
    const wall = await loginAs(ctx.app, "lawangjabo@palembang.go.id");
    const overview = await wall.request("GET", "/api/command/overview");
    expect(overview.status).toBe(200);
    const lines = (overview.body.ticker as { topic: string; summary: { id: string; en: string } }[]).filter((x) => x.topic === "case.transitioned");
    expect(lines.map((x) => x.summary.id)).toContain(`Permohonan ${kase.number}: Ditandatangani lurah`);
    expect(lines.map((x) => x.summary.en)).toContain(`Application ${kase.number}: Signed by the lurah`);
    expect(lines.every((x) => !/tahap|moved to/.test(x.summary.id + x.summary.en))).toBe(true);
  });
});
