import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { applyFor, client, loginAs, MALANG, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();

/** The parts of a service spec these tests edit (the editor answers the spec as open JSON: the catalog validates it). */
type EditedSpec = {
  slaDays: number;
  legalBasis: string[];
  workflow: { states: { key: string; slaDays?: number; label?: unknown }[] };
  form: { fields: unknown[] };
};

describe("service editor: draft, preview, publish; published versions are immutable", () => {
  it("publishes a new version while an open case keeps the one it started with", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const open = await applyFor(ctx.app, citizen, "surat-keterangan-domisili");

    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const editor = await admin.request("GET", "/api/admin/catalog/services/surat-keterangan-domisili/editor");
    expect(editor.status).toBe(200);
    expect(editor.body.status).toBe("published");
    const v1 = editor.body.version as number;
    const spec = editor.body.spec as EditedSpec;
    spec.slaDays = 1;
    // A one-day promise needs step deadlines that fit it: the first step the same day.
    spec.workflow.states.find((s: { key: string }) => s.key === "submitted")!.slaDays = 0;
    spec.form.fields.push({ name: "no_hp", type: "phone", label: { id: "Nomor HP", en: "Mobile number" }, required: true });

    const broken = structuredClone(spec);
    broken.workflow.states.push({ key: "limbo", label: { id: "Limbo", en: "Limbo" } });
    const refused = await admin.request("PUT", "/api/admin/catalog/services/surat-keterangan-domisili/draft", { spec: broken });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.problem.errors)).toMatch(/limbo/);

    const draft = await admin.request("PUT", "/api/admin/catalog/services/surat-keterangan-domisili/draft", { spec });
    expect(draft.status).toBe(200);
    expect(draft.body.version).toBe(v1 + 1);
    // Not visible to citizens until published.
    expect((await client(ctx.app).request("GET", "/api/catalog/services/surat-keterangan-domisili")).body.slaDays).toBe(2);
    expect((await admin.request("POST", "/api/admin/catalog/services/surat-keterangan-domisili/publish", { version: draft.body.version })).status).toBe(204);
    const live = await client(ctx.app).request("GET", "/api/catalog/services/surat-keterangan-domisili");
    expect(live.body).toMatchObject({ slaDays: 1, version: v1 + 1 });
    expect((await admin.request("POST", "/api/admin/catalog/services/surat-keterangan-domisili/publish", { version: draft.body.version })).status).toBe(409);

    await expect(
      ctx.db.query("UPDATE service_versions SET spec = '{}'::jsonb WHERE service_key = 'surat-keterangan-domisili' AND version = $1", [v1]),
    ).rejects.toThrow(/immutable/);
    const openCase = await citizen.request("GET", `/api/cases/${open.id}`);
    expect(openCase.body.service.version).toBe(v1);
    expect(openCase.body.form.fields.map((f: { name: string }) => f.name)).not.toContain("no_hp");
  });

  it("offers the tenant's workflows by name and words the validator's errors for the admin, by field", async () => {
    const kadis = await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id");
    const choices = await kadis.request("GET", "/api/admin/catalog/workflows?kind=application");
    expect(choices.status).toBe(200);
    const keys = choices.body.map((c: { key: string }) => c.key);
    expect(keys).toContain("permit");
    expect(keys).not.toContain("lapor");
    const permit = choices.body.find((c: { key: string }) => c.key === "permit");
    expect(permit!.workflow.description!.id).toBeTruthy();
    expect(permit!.workflow.states.some((s: { payment?: boolean }) => s.payment)).toBe(true);
    const op = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await op.request("GET", "/api/admin/catalog/workflows?kind=application")).status).toBe(403);

    const spec = (await kadis.request("GET", "/api/admin/catalog/services/izin-reklame/editor")).body.spec as EditedSpec;
    spec.slaDays = 1;
    spec.legalBasis = [...spec.legalBasis, "Perwali tentang reklame"];
    const url = "/api/admin/catalog/services/izin-reklame/draft";
    const id = await kadis.request("PUT", url, { spec });
    expect(id.status).toBe(400);
    const byField = Object.fromEntries(id.problem.errors!.map((e) => [e.field, e.message]));
    expect(byField.stepDays).toMatch(/^Tenggat tahapan berjumlah \d+ hari kerja .*melebihi janji layanan 1 hari kerja/);
    expect(byField[`legalBasis[${spec.legalBasis.length - 1}]`]).toMatch(/belum menyebut nomor peraturan/);
    const en = await kadis.request("PUT", url, { spec }, { cookie: `${kadis.cookie}; balai_lang=en` });
    expect(JSON.stringify(en.problem.errors)).toMatch(/more than the 1 working days promised/);
  });

  it("lets an OPD admin edit only their own OPD's services", async () => {
    const kadis = await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id");
    expect((await kadis.request("GET", "/api/admin/catalog/services/izin-reklame/editor")).status).toBe(200);
    expect((await kadis.request("GET", "/api/admin/catalog/services/akta-kelahiran/editor")).status).toBe(403);
    const list = (await kadis.request("GET", "/api/admin/catalog/services")).body as { unit_code: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((s) => s.unit_code === "DPMPTSP")).toBe(true);
    const op = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await op.request("GET", "/api/admin/catalog/services")).status).toBe(403);
  });
});

describe("Kominfo overview and catalog exchange between cities", () => {
  it("shows services per OPD, and exports a catalog another city imports", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const overview = await admin.request("GET", "/api/admin/catalog/overview");
    expect(overview.body.totals.services).toBeGreaterThanOrEqual(120);
    expect(overview.body.totals.opds).toBeGreaterThanOrEqual(15);
    expect(overview.body.units[0]).toHaveProperty("slaCompliance");

    const exported = await ctx.app.inject({ url: "/api/admin/catalog/export", headers: { "x-balai-tenant": "16.71", cookie: admin.cookie! } });
    expect(exported.headers["content-type"]).toMatch(/yaml/);
    const bundle = YAML.parse(exported.body);
    expect(bundle.units.length).toBeGreaterThanOrEqual(15);

    // Malang's admin adopts Palembang's catalog: identical services stay, RSUD (which Malang lacks here) is skipped.
    const { hashPassword } = await import("../../platform/auth/passwords.ts");
    const unit = await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = 'DISKOMINFO'", [MALANG]);
    const user = await ctx.db.one<{ id: string }>(
      "INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, 'staff', 'Kominfo Malang', 'kominfo@malangkota.go.id', $2, now()) RETURNING id",
      [MALANG, await hashPassword("Tugu-Malang-Kota-1914")],
    );
    await ctx.db.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, 'kominfo_admin')", [MALANG, user!.id, unit!.id]);
    const mal = await loginAs(ctx.app, "kominfo@malangkota.go.id", "Tugu-Malang-Kota-1914", MALANG);
    const imported = await mal.request("POST", "/api/admin/catalog/import", { yaml: exported.body });
    expect(imported.status).toBe(200);
    expect(imported.body.created + imported.body.updated + imported.body.unchanged).toBeGreaterThan(100);
    expect(imported.body.skipped.map((s: { unit: string }) => s.unit)).toContain("RSUD");
    const bad = await mal.request("POST", "/api/admin/catalog/import", { yaml: "units: [{ unit: DISHUB, services: [{ key: x }] }]" });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors!.length).toBeGreaterThan(0);
  });
});

describe("holiday table", () => {
  it("is public to read, editable by Kominfo only, and moves SLA due dates", async () => {
    const c = client(ctx.app);
    const list = await c.request("GET", "/api/holidays?year=2026");
    expect(list.body.map((h: { day: string }) => h.day)).toContain("2026-08-17");
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    expect((await admin.request("PUT", "/api/admin/holidays/2026-06-17", { name: "Hari jadi Kota Palembang (contoh)", kind: "local" })).status).toBe(204);
    const op = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await op.request("PUT", "/api/admin/holidays/2026-06-18", { name: "Libur", kind: "local" })).status).toBe(403);
    expect((await admin.request("PUT", "/api/admin/holidays/2026-13-40", { name: "Salah", kind: "local" })).status).toBe(400);
    expect((await admin.request("DELETE", "/api/admin/holidays/2026-06-17")).status).toBe(204);
    expect((await admin.request("DELETE", "/api/admin/holidays/2026-06-17")).status).toBe(404);
  });
});
