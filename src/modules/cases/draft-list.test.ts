import { describe, expect, it } from "vitest";
import { applyFor, client, loginAs, setupPlatform, signUpCitizen } from "../../../test/helpers.ts";

const ctx = setupPlatform();
const SERVICE = "surat-keterangan-domisili";

describe("the citizen's drafts: one per service, listed and deleted", () => {
  it("a second start of the same service resumes the draft; the drafts list shows it once", async () => {
    const citizen = await signUpCitizen(ctx, "draf.satu@example.com");
    const first = await citizen.request("POST", "/api/cases", { service: SERVICE, resume: true });
    expect(first.status).toBe(201);
    const again = await citizen.request("POST", "/api/cases", { service: SERVICE, resume: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, resumed: true });

    const list = await citizen.request("GET", "/api/cases/drafts");
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: first.body.id, service: { key: SERVICE } });
    expect(list.body[0].service.name.id).toBeTruthy();
  });

  it("the owner deletes a draft: gone from the list and the case page, audited", async () => {
    const citizen = await signUpCitizen(ctx, "draf.dua@example.com");
    const draft = await citizen.request("POST", "/api/cases", { service: SERVICE, resume: true });
    const del = await citizen.request("DELETE", `/api/cases/${draft.body.id}`);
    expect(del.status).toBe(204);
    expect((await citizen.request("GET", "/api/cases/drafts")).body).toEqual([]);
    expect((await citizen.request("GET", `/api/cases/${draft.body.id}`)).status).toBe(404);
    const audit = await ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq", [draft.body.id]);
    expect(audit.map((a) => a.action)).toEqual(["case.draft-created", "case.draft-deleted"]);
    // Starting the service again makes a fresh draft.
    const fresh = await citizen.request("POST", "/api/cases", { service: SERVICE, resume: true });
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(draft.body.id);
  });

  it("someone else's draft is not found, for citizens and staff alike; it stays", async () => {
    const owner = await signUpCitizen(ctx, "draf.tiga@example.com");
    const other = await signUpCitizen(ctx, "draf.empat@example.com");
    const draft = await owner.request("POST", "/api/cases", { service: SERVICE, resume: true });
    const theirs = await other.request("DELETE", `/api/cases/${draft.body.id}`);
    expect(theirs.status).toBe(404);
    expect(theirs.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect((await other.request("GET", "/api/cases/drafts")).body).toEqual([]);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    expect((await admin.request("DELETE", `/api/cases/${draft.body.id}`)).status).toBe(404);
    expect((await owner.request("GET", "/api/cases/drafts")).body).toHaveLength(1);
  });

  it("a submitted application cannot be deleted (409 problem+json, localized)", async () => {
    const citizen = await signUpCitizen(ctx, "draf.lima@example.com");
    const sent = await applyFor(ctx.app, citizen, SERVICE);
    const res = await citizen.request("DELETE", `/api/cases/${sent.id}`);
    expect(res.status).toBe(409);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.problem.type).toMatch(/case-not-draft$/);
    expect(res.problem.title).toMatch(/Hanya draf/);
    expect((await citizen.request("GET", `/api/cases/${sent.id}`)).body.number).toBe(sent.number);
    expect((await citizen.request("GET", "/api/cases/drafts")).body).toEqual([]);
  });

  it("without a session the drafts are not listed", async () => {
    const anon = client(ctx.app);
    expect((await anon.request("GET", "/api/cases/drafts")).status).toBe(401);
  });
});
