// The national system's reference on a case (issue "The catalog tells the truth"): staff who took a case in for
// SIAK (or a report also in SP4N-LAPOR!) record the number that system gave it; the applicant sees it, the history
// and the audit log keep it, and a service with no national system has nothing to record.
import { describe, expect, it } from "vitest";
import { applyFor, loginAs, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();

describe("national reference", () => {
  it("staff record SIAK's number on an adminduk case; the applicant sees it; history and audit keep it", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "akta-kelahiran");
    const before = await citizen.request("GET", `/api/cases/${c.id}`);
    expect(before.body.national).toMatchObject({ system: "SIAK", reference: null, recordedAt: null });

    const operator = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    // The applicant cannot write it, and a reference must look like one.
    expect((await citizen.request("PUT", `/api/cases/${c.id}/national-reference`, { reference: "AKL-123" })).status).toBe(403);
    const bad = await operator.request("PUT", `/api/cases/${c.id}/national-reference`, { reference: "<script>" });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);

    const rec = await operator.request("PUT", `/api/cases/${c.id}/national-reference`, { reference: " 1671-LU-02122026-0007 " });
    expect(rec.status).toBe(200);
    expect(rec.body).toEqual({ system: "SIAK", url: "https://dukcapil.kemendagri.go.id", reference: "1671-LU-02122026-0007" });
    // Recording the same number again changes nothing.
    expect((await operator.request("PUT", `/api/cases/${c.id}/national-reference`, { reference: "1671-LU-02122026-0007" })).status).toBe(200);

    const seen = await citizen.request("GET", `/api/cases/${c.id}`);
    expect(seen.body.national).toMatchObject({ system: "SIAK", reference: "1671-LU-02122026-0007" });
    expect(seen.body.events.filter((e) => e.action === "national_ref")).toHaveLength(1);
    const audited = await ctx.db.query<{ data: { reference: string } }>(
      "SELECT data FROM audit_log WHERE action = 'case.national-ref-recorded' AND subject_id = $1",
      [c.id],
    );
    expect(audited.map((a) => a.data.reference)).toEqual(["1671-LU-02122026-0007"]);
    const told = await ctx.db.one<{ body: string }>("SELECT body FROM notifications WHERE body LIKE '%1671-LU-02122026-0007%' LIMIT 1");
    expect(told?.body).toMatch(/tercatat di SIAK/);

    // The same national number on a second case is refused, naming the case that holds it.
    const c2 = await applyFor(ctx.app, citizen, "akta-kelahiran");
    const dup = await operator.request("PUT", `/api/cases/${c2.id}/national-reference`, { reference: "1671-LU-02122026-0007" });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ type: "/problems/national-ref-taken", detail: seen.body.number });
  });

  it("a service Balai decides itself has no national reference", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "surat-keterangan-domisili");
    expect((await citizen.request("GET", `/api/cases/${c.id}`)).body.national).toBeNull();
    const operator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const res = await operator.request("PUT", `/api/cases/${c.id}/national-reference`, { reference: "X-1" });
    expect(res.status).toBe(409);
    expect(res.problem.type).toBe("/problems/no-national-system");
  });

  it("Kominfo records the SP4N-LAPOR! tracking id of an e-Lapor report", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const r = await citizen.request("POST", "/api/lapor/reports", {
      category: "lapor-sampah",
      lat: -2.99,
      lon: 104.76,
      kelurahan: "16.71.04.1003",
      description: "Sampah menumpuk di pinggir jalan sejak seminggu.",
      anonymous: false,
      confidential: false,
    });
    expect(r.status).toBe(201);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const rec = await admin.request("PUT", `/api/cases/${r.body.id}/national-reference`, { reference: "3456789" });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ system: "SP4N-LAPOR", url: "https://www.lapor.go.id" });
  });
});
