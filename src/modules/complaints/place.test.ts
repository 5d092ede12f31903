import { describe, expect, it } from "vitest";
import { client, loginAs, multipartFile, setupPlatform, TINY_PNG } from "../../../test/helpers.ts";
import { DEMO_KELURAHAN } from "../tenants/demo.ts";

/**
 * Intake never fails on a place Balai cannot resolve (docs/complaints.md, "Location"): the demo city has no
 * kelurahan boundaries, so a report without a kelurahan is taken as "kelurahan belum ditentukan", waits in the
 * verifier's queue, and staff set the kelurahan later; the report then routes as if it had come with one.
 */
const ctx = setupPlatform();
const at = { lat: -2.975, lon: 104.76 };

/** The demo citizen files a report at `at` without a kelurahan; it is taken (201). */
async function reportUnplaced(category: string, description: string) {
  const citizen = await loginAs(ctx.app, "warga@example.com");
  const res = await citizen.request("POST", "/api/lapor/reports", { category, ...at, description });
  expect(res.status).toBe(201);
  return { citizen, res };
}

async function act(c: Awaited<ReturnType<typeof loginAs>>, id: string, action: string, body: Record<string, unknown> = {}) {
  if (action === "resolve") {
    // Closing the loop: this category requires an after-photo (./fix-loop.test.ts).
    const mp = multipartFile("sesudah.png", "image/png", TINY_PNG);
    expect((await c.request("POST", `/api/lapor/reports/${id}/after-photo`, mp.payload, mp.headers)).status).toBe(201);
  }
  const view = await c.request("GET", `/api/cases/${id}`);
  return c.request("POST", `/api/cases/${id}/actions/${action}`, { version: view.body.version, ...body });
}

// Several sign-ins (argon2) and requests per test: a generous limit, so a busy machine does not fail them.
describe("a report without a kelurahan", { timeout: 180_000 }, () => {
  it("is accepted from the citizen, shown as not yet placed, and routed by category to its OPD", async () => {
    const { citizen, res } = await reportUnplaced("lapor-jalan-rusak", "Jalan berlubang dekat pasar, kelurahannya saya tidak tahu.");
    expect(res.body).toMatchObject({ state: "submitted", number: expect.stringMatching(/^LJLN-\d{4}-\d{6}$/) });

    const mine = await citizen.request("GET", `/api/lapor/reports/${res.body.id}`);
    expect(mine.body).toMatchObject({ kelurahan: null, kecamatan: null, lat: at.lat, lon: at.lon });
    const pub = await client(ctx.app).request("GET", `/api/public/lapor/reports/${res.body.number}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ kelurahan: null, kecamatan: null });

    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${res.body.id}`);
    expect(view.body).toMatchObject({ unit: { code: "DISKOMINFO" }, routedUnit: { code: "PUPR" }, kelurahan: null, canPlace: true });
    const unplaced = await admin.request("GET", "/api/lapor/unplaced");
    expect(unplaced.status).toBe(200);
    expect(unplaced.body.items).toContainEqual(expect.objectContaining({ id: res.body.id, number: res.body.number, lat: at.lat, address: null }));

    // Its category says where it goes: the verifier forwards it without placing it first.
    const forwarded = await act(admin, res.body.id, "verify", { forwardTo: view.body.routedUnit!.code });
    expect(forwarded.status).toBe(200);
    expect((await admin.request("GET", `/api/lapor/reports/${res.body.id}`)).body.unit!.code).toBe("PUPR");
  });

  it("of a local category waits for the verifier, who sets the kelurahan (audited); it then routes to that kelurahan", async () => {
    const { citizen, res } = await reportUnplaced("lapor-lingkungan-kelurahan", "Got di gang RT 05 tersumbat.");
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const before = await admin.request("GET", `/api/lapor/reports/${res.body.id}`);
    // No kelurahan, no rule unit: nobody to forward to until it is placed.
    expect(before.body).toMatchObject({ kelurahan: null, routedUnit: null, unit: { code: "DISKOMINFO" } });

    // Bad input is a 4xx, never a 500; a citizen (even the reporter) may not place it; nothing changes.
    expect((await admin.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: "35.73.01.1001" })).problem.errors![0]).toMatchObject({
      field: "kelurahan",
      code: "enum",
    });
    expect((await admin.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: "Ilir" })).status).toBe(400);
    expect((await admin.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: DEMO_KELURAHAN, version: 999 })).status).toBe(409);
    expect((await citizen.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: DEMO_KELURAHAN })).status).toBe(403);
    const kelOperator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    expect((await kelOperator.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: DEMO_KELURAHAN })).status).toBe(404);
    expect((await admin.request("GET", `/api/lapor/reports/${res.body.id}`)).body.kelurahan).toBeNull();

    const placed = await admin.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: DEMO_KELURAHAN, version: before.body.version });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({
      id: res.body.id,
      version: before.body.version + 1,
      kelurahan: { code: DEMO_KELURAHAN },
      kecamatan: { code: "16.71.04" },
      routedUnit: { code: DEMO_KELURAHAN },
    });
    const after = await admin.request("GET", `/api/lapor/reports/${res.body.id}`);
    expect(after.body).toMatchObject({ kelurahan: { code: DEMO_KELURAHAN }, kecamatan: { code: "16.71.04" }, routedUnit: { code: DEMO_KELURAHAN } });
    expect(after.body.timeline.at(-1)).toMatchObject({ kind: "updated", action: "set_kelurahan", by: "officer" });
    expect((await admin.request("GET", "/api/lapor/unplaced")).body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
    const audit = await ctx.db.one<{ actor_id: string; data: Record<string, unknown> }>(
      "SELECT actor_id, data FROM audit_log WHERE tenant_id = '16.71' AND action = 'complaint.kelurahan-set' AND subject_id = $1",
      [res.body.id],
    );
    expect(audit?.data).toMatchObject({ from: null, to: DEMO_KELURAHAN, routedTo: DEMO_KELURAHAN });
    const cases = await ctx.db.one<{ kelurahan_code: string }>("SELECT kelurahan_code FROM cases WHERE tenant_id = '16.71' AND id = $1", [res.body.id]);
    expect(cases?.kelurahan_code).toBe(DEMO_KELURAHAN);

    // Routed onwards as if it had come with its kelurahan: the verifier forwards, the kelurahan's staff get it.
    expect((await act(admin, res.body.id, "verify", { forwardTo: after.body.routedUnit!.code })).status).toBe(200);
    const inbox = await kelOperator.request("GET", "/api/inbox?service=lapor-lingkungan-kelurahan");
    expect(inbox.body.map((r: { id: string }) => r.id)).toContain(res.body.id);
    // Closed reports are not placed any more.
    expect((await act(kelOperator, res.body.id, "resolve", { comment: "Got sudah dibersihkan." })).status).toBe(200);
    expect((await admin.request("POST", `/api/lapor/reports/${res.body.id}/kelurahan`, { kelurahan: DEMO_KELURAHAN })).status).toBe(409);
  });

  it("is only listed for Kominfo", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    expect((await citizen.request("GET", "/api/lapor/unplaced")).status).toBe(403);
    expect((await client(ctx.app).request("GET", "/api/lapor/unplaced")).status).toBe(401);
  });
});
