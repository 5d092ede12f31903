/**
 * The registry through HTTP on the real store: applications (rules and refusals), OPD front doors (staff propose,
 * Kominfo approves, only then public; only the OPD's own staff), official social accounts (only verified ones on the
 * public page), review reminders, servers and whether they hold the apps, with Balai's own process samples.
 */
import { describe, expect, it } from "vitest";
import { client, loginAs, setupPlatform } from "../../../test/helpers.ts";
import { DEMO_PAGES } from "./demo.ts";
import { remindDueReviews } from "./reminders.ts";
import { sampleBalaiProcess } from "./infra.ts";

const ctx = setupPlatform();

describe("registry of applications", () => {
  it("registers an app with its data and review date, and refuses bad or duplicate input", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const ok = await admin.request("POST", "/api/admin/registry/apps", {
      key: "sipp-dpmptsp",
      name: "SIPP Perizinan",
      ownerUnitCode: "DPMPTSP",
      purpose: "Perizinan berusaha",
      url: "https://sipp.palembang.go.id",
      hosting: "city",
      usesSplp: true,
      dataProcessed: "NIK, NIB, alamat usaha",
      dataClassification: "restricted",
      status: "production",
      lastSecurityAssessment: "2026-03-01",
      duplicatesNational: "OSS RBA",
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      ownerUnitName: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
      reviewDue: "2027-03-01",
      usesSplp: true,
      hosting: "city",
    });

    expect((await admin.request("POST", "/api/admin/registry/apps", { key: "sipp-dpmptsp", name: "Lagi" })).status).toBe(409);
    const badKey = await admin.request("POST", "/api/admin/registry/apps", { key: "Bad Key", name: "X y" });
    expect(badKey.status).toBe(400);
    expect(badKey.problem.errors![0].field).toBe("key");
    const badUnit = await admin.request("POST", "/api/admin/registry/apps", { key: "x-app", name: "X app", ownerUnitCode: "TIDAKADA" });
    expect(badUnit.problem.type).toBe("/problems/unknown-unit");
    expect((await admin.request("POST", "/api/admin/registry/apps", { key: "x-app", name: "X app", hosting: "cloud" })).status).toBe(400);

    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    expect((await auditor.request("GET", "/api/admin/registry/apps")).status).toBe(200);
    expect((await auditor.request("POST", "/api/admin/registry/apps", { key: "y-app", name: "Y app" })).status).toBe(403);
    const citizen = await loginAs(ctx.app, "warga@example.com");
    expect((await citizen.request("GET", "/api/admin/registry/apps")).status).toBe(403);
    expect((await client(ctx.app).request("GET", "/api/admin/registry/apps")).status).toBe(401);
  }, 60_000);

  it("reminds Kominfo once when an app's yearly review is due", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    await admin.request("POST", "/api/admin/registry/apps", { key: "lama", name: "Aplikasi Lama", lastSecurityAssessment: "2024-01-10" });
    expect(await remindDueReviews(ctx.db)).toBeGreaterThanOrEqual(1);
    const sent = await ctx.db.query<{ subject: string }>(
      "SELECT subject FROM notifications WHERE template = 'registry.review-due' AND recipient = 'admin@palembang.go.id'",
    );
    expect(sent.map((s) => s.subject)).toContain("Tinjauan jatuh tempo: Aplikasi Aplikasi Lama");
    expect(await remindDueReviews(ctx.db)).toBe(0);
    // A new assessment sets the next review a year on.
    expect((await admin.request("PATCH", "/api/admin/registry/apps/lama", { lastSecurityAssessment: "2026-11-30" })).status).toBe(204);
    const list = await admin.request("GET", "/api/admin/registry/apps");
    expect(list.body.find((a: { key: string }) => a.key === "lama")).toMatchObject({ reviewDue: "2027-11-30", lastSecurityAssessment: "2026-11-30" });
  }, 60_000);
});

describe("OPD front door /opd/{code}", () => {
  const content = DEMO_PAGES.DPMPTSP;

  it("shows the OPD's services at once and its text only after Kominfo approves what its staff proposed", async () => {
    const anon = client(ctx.app);
    const before = await anon.request("GET", "/api/opd/DPMPTSP");
    expect(before.status).toBe(200);
    expect(before.body.about).toBe("");
    expect(before.body.services.length).toBeGreaterThan(0);
    expect(before.body.guidance.noSocial).toBe(true);

    const head = await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id");
    const proposed = await head.request("PUT", "/api/admin/opd/DPMPTSP/page", content);
    expect(proposed.status).toBe(200);
    expect(proposed.body.draft!.about).toBe(content.about);
    expect((await anon.request("GET", "/api/opd/DPMPTSP")).body.about).toBe("");
    expect((await head.request("POST", "/api/admin/opd/DPMPTSP/page/approve")).status).toBe(403);
    const waiting = await (await loginAs(ctx.app, "admin@palembang.go.id")).request("GET", "/api/admin/opd-pages/pending");
    expect(waiting.body.map((p: { code: string }) => p.code)).toEqual(["DPMPTSP"]);

    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    expect((await admin.request("POST", "/api/admin/opd/DPMPTSP/page/approve")).status).toBe(200);
    const after = await anon.request("GET", "/api/opd/dpmptsp");
    expect(after.body).toMatchObject({ code: "DPMPTSP", about: content.about, hours: content.hours, location: content.location });
    expect((await admin.request("POST", "/api/admin/opd/DPMPTSP/page/approve")).problem.type).toBe("/problems/nothing-to-approve");
  }, 60_000);

  it("lets only the OPD's own staff propose its page, and refuses bad input", async () => {
    const head = await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id");
    expect((await head.request("PUT", "/api/admin/opd/DISDAG/page", content)).status).toBe(403);
    const disdag = await loginAs(ctx.app, "operator.disdag@palembang.go.id");
    expect((await disdag.request("PUT", "/api/admin/opd/DISDAG/page", { ...content, about: "Dinas Perdagangan" })).status).toBe(200);
    expect((await disdag.request("PUT", "/api/admin/opd/DISDAG/page", { ...content, location: { lat: 100, lon: 0 } })).status).toBe(400);
    expect((await disdag.request("PUT", "/api/admin/opd/DISDAG/page", { ...content, extra: 1 })).status).toBe(400);
    expect((await client(ctx.app).request("GET", "/api/opd/TIDAKADA")).status).toBe(404);
  }, 60_000);

  const instagram = {
    unitCode: "DPMPTSP",
    platform: "instagram",
    handle: "@dpmptsp.palembang",
    url: "https://instagram.com/dpmptsp.palembang",
    adminName: "Humas DPMPTSP",
  };

  it("lists only verified official social accounts and production apps of the OPD", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const ig = await admin.request("POST", "/api/admin/registry/social", instagram);
    expect(ig.status).toBe(201);
    expect(ig.body).toMatchObject({ handle: "dpmptsp.palembang", verification: "unverified", reviewOverdue: false });
    expect((await admin.request("POST", "/api/admin/registry/social", { ...ig.body, id: undefined })).status).toBe(400);
    // The same account, its handle written otherwise, by someone else.
    const dup = await admin.request("POST", "/api/admin/registry/social", {
      ...instagram,
      handle: "DPMPTSP.Palembang",
      url: "https://instagram.com/x",
      adminName: "Orang lain",
    });
    expect(dup.status).toBe(409);
    expect((await client(ctx.app).request("GET", "/api/opd/DPMPTSP")).body.social).toEqual([]);
    const reviewed = await admin.request("POST", `/api/admin/registry/social/${ig.body.id}/review`, { verified: true });
    expect(reviewed.body.verification).toBe("verified");
    const page = (await client(ctx.app).request("GET", "/api/opd/DPMPTSP")).body;
    expect(page.social).toEqual([{ platform: "instagram", handle: "dpmptsp.palembang", url: "https://instagram.com/dpmptsp.palembang" }]);
    expect(page.apps.map((a: { key: string }) => a.key)).toContain("sipp-dpmptsp");
    expect(page.guidance).toEqual({ noApps: false, noSocial: false });
  }, 60_000);
});

describe("infrastructure", () => {
  it("answers whether the servers hold the registered apps, with Balai's own samples", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    expect(
      (
        await admin.request("POST", "/api/admin/infra/servers", {
          name: "srv-1",
          location: "Ruang server Diskominfo",
          vcpu: 4,
          memoryGb: 8,
          storageGb: 500,
          runsBalai: true,
        })
      ).status,
    ).toBe(201);
    expect(
      (await admin.request("POST", "/api/admin/infra/servers", { name: "srv-2", location: "Ruang server Diskominfo", vcpu: 2, memoryGb: 4, storageGb: 500 }))
        .status,
    ).toBe(201);
    expect((await admin.request("POST", "/api/admin/infra/servers", { name: "srv-2", vcpu: 1, memoryGb: 1, storageGb: 1 })).status).toBe(409);
    expect((await admin.request("PATCH", "/api/admin/registry/apps/sipp-dpmptsp", { server: "srv-2", vcpuNeed: 1.5, memoryGbNeed: 3 })).status).toBe(204);
    expect((await admin.request("PATCH", "/api/admin/registry/apps/lama", { server: "srv-2", vcpuNeed: 1, memoryGbNeed: 2 })).status).toBe(204);
    expect((await admin.request("PATCH", "/api/admin/registry/apps/lama", { server: "srv-9" })).problem.type).toBe("/problems/unknown-server");
    expect((await admin.request("PATCH", "/api/admin/registry/apps/tidak-ada", { status: "retired" })).status).toBe(404);

    expect(await sampleBalaiProcess(ctx.db)).toBeGreaterThanOrEqual(1);
    const infra = await admin.request("GET", "/api/admin/infra");
    const srv2 = infra.body.servers.find((s: { name: string }) => s.name === "srv-2");
    expect(srv2).toMatchObject({ vcpuNeed: 2.5, memoryGbNeed: 5, fits: false });
    expect(srv2!.apps.map((a: { key: string }) => a.key).sort()).toEqual(["lama", "sipp-dpmptsp"]);
    const srv1 = infra.body.servers.find((s: { name: string }) => s.name === "srv-1");
    expect(srv1!.balai!.rssMb).toBeGreaterThan(10);
    expect(infra.body.total).toEqual({ vcpu: 6, memoryGb: 12 });
    expect(infra.body.fits).toBe(true);
  }, 60_000);
});

describe("API keys of registered apps", () => {
  it("issues keys only to registered apps and shows their last use", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const issued = await admin.request("POST", "/api/admin/registry/apps/sipp-dpmptsp/api-keys", { scopes: ["ingest"] });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^balai_/);
    expect((await admin.request("POST", "/api/admin/registry/apps/tidak-ada/api-keys", { scopes: ["ingest"] })).problem.type).toBe(
      "/problems/app-not-registered",
    );
    expect((await admin.request("POST", "/api/admin/registry/apps/sipp-dpmptsp/api-keys", { scopes: ["root"] })).status).toBe(400);
    const before = await admin.request("GET", "/api/admin/registry/apps/sipp-dpmptsp/api-keys");
    expect(before.body).toHaveLength(1);
    expect(before.body[0].lastUsedAt).toBeNull();
    // An API call with the key (command center ingestion) shows as its last use.
    const call = await ctx.app.inject({
      method: "POST",
      url: "/api/ingest/events",
      headers: { "x-balai-tenant": "16.71", "x-api-key": issued.body.key, "content-type": "application/json" },
      payload: {},
    });
    expect(call.statusCode).not.toBe(401);
    const after = await admin.request("GET", "/api/admin/registry/apps/sipp-dpmptsp/api-keys");
    expect(after.body[0].lastUsedAt).not.toBeNull();
    const apps = await admin.request("GET", "/api/admin/registry/apps");
    expect(apps.body.find((a: { key: string }) => a.key === "sipp-dpmptsp")).toMatchObject({ apiKeys: 1, lastApiCall: after.body[0].lastUsedAt });
  }, 60_000);
});
