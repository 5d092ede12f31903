// The catalog as the law stands (issue "The catalog tells the truth"): retired services say why and take no
// applications, services held by a national system say which and run no parallel approval or payment, and step
// deadlines fit the promise the citizen is given.
import { describe, expect, it } from "vitest";
import { actOn, applyFor, client, createStaff, loginAs, setupPlatform, TINY_PDF, uploadTo } from "../../../test/helpers.ts";

const ctx = setupPlatform();

describe("retired services", () => {
  it("keep a page that says why, leave the catalog and search, and take no new application", async () => {
    const anon = client(ctx.app);
    const page = await anon.request("GET", "/api/catalog/services/surat-pengantar-pindah");
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ status: "retired", retired: { replacedBy: "pindah-keluar" } });
    expect(page.body.retired!.reason.id).toMatch(/Perpres No\. 96 Tahun 2018/);

    const listed = await anon.request("GET", "/api/catalog/services?limit=200");
    const keys = listed.body.map((s: { key: string }) => s.key);
    expect(keys).not.toContain("surat-pengantar-pindah");
    expect(keys).not.toContain("surat-pengantar-ktp-kk");
    expect(keys).not.toContain("rekomendasi-iumk");
    expect(keys).toContain("pindah-keluar");
    const search = await anon.request("GET", `/api/catalog/services?q=${encodeURIComponent("surat pengantar pindah")}`);
    expect(search.body.map((s: { key: string }) => s.key)).not.toContain("surat-pengantar-pindah");

    const citizen = await loginAs(ctx.app, "warga@example.com");
    expect((await citizen.request("POST", "/api/cases", { service: "rekomendasi-iumk" })).status).toBe(404);
    expect((await anon.request("GET", "/api/catalog/services/tidak-ada")).status).toBe(404);
  });
});

describe("services a national system holds", () => {
  it("name the system and Balai's part, with no levy step of Balai's own", async () => {
    const pbg = await client(ctx.app).request("GET", "/api/catalog/services/persetujuan-bangunan-gedung");
    expect(pbg.body.nationalSystem).toEqual({ system: "SIMBG", role: "intake", url: "https://simbg.pu.go.id" });
    expect(pbg.body.legalBasis.join("\n")).toMatch(/UU No\. 6 Tahun 2023/);
    expect(pbg.body.requirements.map((r: { field?: string }) => r.field)).toEqual(expect.arrayContaining(["kkpr", "lingkungan"]));

    // The PBG case goes intake → handed to SIMBG → completed with the document; there is no SKRD/payment action.
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "persetujuan-bangunan-gedung");
    const detail = await citizen.request("GET", `/api/cases/${c.id}`);
    const states = JSON.stringify(detail.body);
    expect(states).not.toMatch(/awaiting_payment/);

    const akta = await client(ctx.app).request("GET", "/api/catalog/services/akta-kelahiran");
    expect(akta.body.nationalSystem!.system).toBe("SIAK");
    const reqs = akta.body.requirements.map((r: { id: string }) => r.id).join("\n");
    expect(reqs).toMatch(/SPTJM/);
    expect(akta.body.form.fields.map((f: { name: string }) => f.name)).not.toContain("ktp_ortu");
  });
});

describe("step deadlines", () => {
  it("a one-day adminduk promise gives the first step a same-day deadline and the case one working day", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "akta-kelahiran");
    const row = await ctx.db.one<{ state_due_at: Date; sla_due_at: Date }>("SELECT state_due_at, sla_due_at FROM cases WHERE id = $1", [c.id]);
    expect(row!.state_due_at.getTime()).toBeLessThan(row!.sla_due_at.getTime());
  });
});

describe("the heirs' certificate", () => {
  it("goes to the deceased's kelurahan, is acknowledged by the lurah with a signed letter, then by the camat", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "surat-keterangan-ahli-waris");
    const operator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    expect((await actOn(operator, c.id, "verify")).status).toBe(200);

    const lurah = await loginAs(ctx.app, "lurah@palembang.go.id");
    const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === c.id);
    expect(item!.title).toBe("Surat Keterangan Ahli Waris");
    const passphrase = "Ampera-Musi-2026-ahli";
    expect((await lurah.request("POST", "/api/documents/certificates", { passphrase, nip: "198003152005011002", title: "Lurah" })).status).toBe(201);
    expect((await lurah.request("POST", "/api/documents/sign", { ids: [item!.id], passphrase })).status).toBe(200);
    expect((await citizen.request("GET", `/api/cases/${c.id}`)).body.state).toBe("signed");

    // The camat of the kelurahan's kecamatan acknowledges; the kelurahan cannot do it for them.
    expect((await actOn(lurah, c.id, "acknowledge")).status).toBe(403);
    expect((await actOn(lurah, c.id, "send_to_camat", { forwardTo: "16.71.04" })).status).toBe(200);
    const camat = await createStaff(ctx, "camat.ib1@palembang.go.id", "16.71.04", "camat");
    expect((await actOn(camat, c.id, "acknowledge")).status).toBe(200);
    const letter = await uploadTo(ctx.app, camat, c.id, "", TINY_PDF, "ahli-waris.pdf", "application/pdf", "documents");
    expect((await actOn(camat, c.id, "complete", { fileIds: [letter.body.id] })).status).toBe(200);
    const done = await citizen.request("GET", `/api/cases/${c.id}`);
    expect(done.body).toMatchObject({ state: "completed", isOpen: false });
  });
});
