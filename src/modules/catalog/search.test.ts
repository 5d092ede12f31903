// Service search as people write: short forms and everyday words (catalog/synonyms.yaml), typos, prefixes;
// names rank above summaries; a publish is found at once; filters still apply.
import { describe, expect, it } from "vitest";
import { client, loginAs, setupPlatform } from "../../../test/helpers.ts";
import { createWithCatalog } from "../../cli/tenant-all.ts";
import { loadRegions } from "../tenants/index.ts";
import { loadCatalogDir } from "./spec.ts";
import { DEFAULT_CATALOG_DIR } from "./spec-constants.ts";
import { Synonyms } from "./synonyms.ts";

const ctx = setupPlatform();
const keysFor = async (q: string, extra = "") =>
  (await client(ctx.app).request("GET", `/api/catalog/services?q=${encodeURIComponent(q)}${extra}`)).body.map((s: { key: string }) => s.key);

describe("catalog search", () => {
  it("understands short forms and everyday words", async () => {
    expect((await keysFor("akta lahir"))[0]).toBe("akta-kelahiran");
    expect((await keysFor("akte kelahiran"))[0]).toBe("akta-kelahiran");
    expect(await keysFor("imb")).toContain("persetujuan-bangunan-gedung");
    expect(await keysFor("kartu kuning")).toContain("kartu-pencari-kerja");
    expect((await keysFor("KK hilang"))[0]).toBe("kartu-keluarga-hilang-rusak");
    expect(await keysFor("sktm")).toContain("surat-keterangan-tidak-mampu");
  });

  it("forgives typos, matches prefixes and ranks names first", async () => {
    expect((await keysFor("domisli"))[0]).toBe("surat-keterangan-domisili");
    expect((await keysFor("domis"))[0]).toBe("surat-keterangan-domisili");
    expect((await keysFor("Kematian"))[0]).toMatch(/kematian/);
    expect(await keysFor("zzzzqqq")).toEqual([]);
  });

  it("keeps the filters and sees a newly published service version at once", async () => {
    const kel = await keysFor("surat", "&category=surat-keterangan");
    expect(kel.length).toBeGreaterThan(3);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const editor = await admin.request("GET", "/api/admin/catalog/services/surat-keterangan-domisili/editor");
    const spec = { ...editor.body.spec, keywords: ["rumahsinggah"] };
    const draft = await admin.request("PUT", "/api/admin/catalog/services/surat-keterangan-domisili/draft", { spec });
    expect(draft.status).toBe(200);
    expect(await keysFor("rumahsinggah")).toEqual([]);
    expect((await admin.request("POST", "/api/admin/catalog/services/surat-keterangan-domisili/publish", { version: draft.body.version })).status).toBe(204);
    expect(await keysFor("rumahsinggah")).toEqual(["surat-keterangan-domisili"]);
  });

  it("keeps each tenant's results its own when tenants with the same catalog share an index", async () => {
    const regions = await loadRegions((r) => r.code === "16.72" || r.code === "16.73");
    const catalog = await loadCatalogDir(DEFAULT_CATALOG_DIR);
    for (const region of regions) await createWithCatalog(ctx.db, region, catalog);
    const keysIn = async (tenant: string, q: string) =>
      (await client(ctx.app, tenant).request("GET", `/api/catalog/services?q=${encodeURIComponent(q)}`)).body.map((s) => s.key);
    // A new tenant is known to a running process within its tenant cache's 5 s.
    await expect
      .poll(async () => (await client(ctx.app, "16.73").request("GET", "/api/catalog/services")).status, { timeout: 15_000, interval: 500 })
      .toBe(200);
    expect((await keysIn("16.72", "akta lahir"))[0]).toBe("akta-kelahiran");
    expect((await keysIn("16.73", "akta lahir"))[0]).toBe("akta-kelahiran");
    // The two cities' catalogs differ only in their own name (the PEMDA unit): each sees its own unit name.
    const unitOf = async (tenant: string) =>
      (await client(ctx.app, tenant).request("GET", "/api/catalog/services?q=legalisasi%20camat")).body.find((s) => s.key === "legalisasi-dokumen-kecamatan")
        ?.unit.name;
    expect(await unitOf("16.72")).toBe("Pemerintah Kota Pagar Alam");
    expect(await unitOf("16.73")).toBe("Pemerintah Kota Lubuk Linggau");
    // Palembang published its own keyword above: the other tenants' catalogs do not have it.
    expect(await keysIn("16.72", "rumahsinggah")).toEqual([]);
    expect(await keysFor("rumahsinggah")).toEqual(["surat-keterangan-domisili"]);
  });

  it("expands a query word into its group, phrases as all their words", () => {
    const s = new Synonyms([
      ["kk", "kartu keluarga"],
      ["lahir", "kelahiran"],
    ]);
    expect(s.expand("KK lahir")).toEqual({
      combineWith: "AND",
      queries: [
        { combineWith: "OR", queries: ["kk", { combineWith: "AND", queries: ["kartu", "keluarga"] }] },
        { combineWith: "OR", queries: ["lahir", "kelahiran"] },
      ],
    });
    expect(s.expand("kartu keluarga")).toEqual({
      combineWith: "AND",
      queries: [{ combineWith: "OR", queries: ["kk", { combineWith: "AND", queries: ["kartu", "keluarga"] }] }],
    });
  });
});

describe("starting an application from the service page", () => {
  it("resumes the citizen's open draft instead of making another empty one; a guide-only service has no form", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const first = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-usaha", resume: true });
    expect(first.status).toBe(201);
    expect(first.body.resumed).toBe(false);
    const again = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-usaha", resume: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, resumed: true });
    const second = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-usaha" });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    const guide = await citizen.request("POST", "/api/cases", { service: "pendampingan-nib-oss", resume: true }, { "accept-language": "id" });
    expect(guide.status).toBe(400);
    expect(guide.problem.type).toBe("/problems/service-national-guide");
    expect(guide.problem.title).toMatch(/sistem nasional/);
  });
});
