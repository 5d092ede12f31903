import { beforeAll, describe, expect, it } from "vitest";
import { type Client, client, loginAs, setupPlatform, signUpCitizen } from "../../../test/helpers.ts";
import { verifyAuditChain } from "../../platform/audit.ts";
import { seedDemoIncidents } from "./demo.ts";

const ctx = setupPlatform();
/** Kantor Walikota Palembang area (Kecamatan Ilir Barat I). */
const AT = { lat: -2.9869, lon: 104.7465 };

describe("Call Center 112: an incident from call to close", () => {
  let taker: Client;
  let dispatcher: Client;
  let responders: Array<{ id: string; code: string; agency: string; busy: number }>;

  beforeAll(async () => {
    taker = await loginAs(ctx.app, "operator.112@palembang.go.id");
    dispatcher = await loginAs(ctx.app, "dispatcher.112@palembang.go.id");
    const meta = await dispatcher.request("GET", "/api/emergency/meta");
    expect(meta.status).toBe(200);
    expect(meta.body.types.map((t: { key: string }) => t.key)).toEqual(["fire", "medical", "traffic", "crime", "disaster", "tree", "missing", "other"]);
    responders = meta.body.responders;
  });

  it("refuses incidents without a location, outside the city, or of an unknown type", async () => {
    const noPlace = await taker.request("POST", "/api/emergency/incidents", { type: "fire", callerName: "Pak Yusuf" });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.type).toBe("/problems/incident-location-required");
    expect(noPlace.problem.errors!.map((f: { field: string }) => f.field)).toEqual(["lat", "lon"]);
    const far = await taker.request("POST", "/api/emergency/incidents", { type: "fire", lat: -6.2, lon: 106.8 });
    expect(far.status).toBe(422);
    expect(far.body.type).toBe("/problems/location-outside-tenant");
    const unknown = await taker.request("POST", "/api/emergency/incidents", { type: "alien", ...AT });
    expect(unknown.status).toBe(400);
    const badPhone = await taker.request("POST", "/api/emergency/incidents", { type: "fire", ...AT, callerPhone: "call me maybe" });
    expect(badPhone.status).toBe(400);
    expect(badPhone.problem.errors![0].field).toBe("callerPhone");
    expect(await ctx.db.query("SELECT 1 FROM incidents")).toHaveLength(0);
  });

  it("records, links a repeated call, dispatches, tracks units and closes, keeping every time", async () => {
    const created = await taker.request("POST", "/api/emergency/incidents", {
      type: "fire",
      ...AT,
      address: "Jl. Merdeka No. 1",
      callerName: "Pak Yusuf",
      callerPhone: "0812 7777 1212",
      notes: "Asap tebal dari ruko",
      kelurahan: "16.71.04.1003",
    });
    expect(created.status).toBe(201);
    const inc = created.body;
    expect(inc.number).toMatch(/^DRT-\d{4}-\d{6}$/);
    expect(inc).toMatchObject({ type: "fire", priority: 1, state: "received", source: "call", callCount: 1, callerPhone: "081277771212" });
    expect(inc).toMatchObject({ kelurahan: "16.71.04.1003", kecamatan: "16.71.04", kecamatanName: "Kecamatan Ilir Barat I" });

    // A second caller about the same fire: suggested, then linked instead of a new incident.
    const near = await taker.request("GET", `/api/emergency/incidents/nearby?type=fire&lat=${AT.lat + 0.001}&lon=${AT.lon}`);
    expect(near.body.items.map((i: { id: string }) => i.id)).toContain(inc.id);
    const otherType = await taker.request("GET", `/api/emergency/incidents/nearby?type=medical&lat=${AT.lat}&lon=${AT.lon}`);
    expect(otherType.body.items).toHaveLength(0);
    const call = await taker.request("POST", `/api/emergency/incidents/${inc.id}/calls`, { callerName: "Bu Rina", callerPhone: "0813 1111 2222" });
    expect(call.status).toBe(201);

    // The call taker cannot dispatch; an unknown unit is refused.
    const damkar = responders.find((r) => r.code === "DAMKAR-1")!;
    expect((await taker.request("POST", `/api/emergency/incidents/${inc.id}/dispatches`, { responderId: damkar.id })).status).toBe(403);
    const unknown = await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/dispatches`, { responderId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(400);
    expect(unknown.problem.type).toBe("/problems/responder-unknown");

    const d1 = await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/dispatches`, { responderId: damkar.id, note: "2 mobil" });
    expect(d1.status).toBe(201);
    expect(d1.body.status).toBe("dispatched");
    expect((await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/dispatches`, { responderId: damkar.id })).status).toBe(409);
    const psc = responders.find((r) => r.agency === "psc119")!;
    const d2 = await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/dispatches`, { responderId: psc.id });
    expect(d2.status).toBe(201);
    const busy = await dispatcher.request("GET", "/api/emergency/meta");
    expect(busy.body.responders.find((r: { id: string }) => r.id === damkar.id)!.busy).toBe(1);

    // Damkar's own liaison reports its crew's progress; another OPD's operator cannot, nor see the incident.
    const liaison = await loginAs(ctx.app, "operator.damkar@palembang.go.id");
    expect((await liaison.request("GET", `/api/emergency/incidents/${inc.id}`)).status).toBe(200);
    expect((await liaison.request("POST", `/api/emergency/dispatches/${d2.body.id}/status`, { status: "en_route" })).status).toBe(403);
    const dukcapil = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await dukcapil.request("GET", `/api/emergency/incidents/${inc.id}`)).status).toBe(404);
    expect((await dukcapil.request("POST", `/api/emergency/dispatches/${d1.body.id}/status`, { status: "en_route" })).status).toBe(403);
    const desk = await liaison.request("GET", "/api/emergency/my-dispatches");
    expect(desk.body.items.map((d: { id: string }) => d.id)).toEqual([d1.body.id]);
    expect(desk.body.items[0].incident).toMatchObject({ number: inc.number, type: "fire", callerName: null });
    expect((await dukcapil.request("GET", "/api/emergency/my-dispatches")).body.items).toEqual([]);
    expect((await liaison.request("POST", `/api/emergency/dispatches/${d1.body.id}/status`, { status: "en_route" })).status).toBe(200);
    const onScene = await liaison.request("POST", `/api/emergency/dispatches/${d1.body.id}/status`, { status: "on_scene" });
    expect(onScene.status).toBe(200);
    const back = await dispatcher.request("POST", `/api/emergency/dispatches/${d1.body.id}/status`, { status: "en_route" });
    expect(back.status).toBe(409);
    expect(back.problem.type).toBe("/problems/dispatch-status-backwards");

    const early = await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/close`, { outcome: "handled", note: "Api padam" });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("/problems/dispatches-active");
    expect((await dispatcher.request("POST", `/api/emergency/dispatches/${d1.body.id}/status`, { status: "finished" })).status).toBe(200);
    expect((await dispatcher.request("POST", `/api/emergency/dispatches/${d2.body.id}/status`, { status: "cancelled", note: "Tidak ada korban" })).status).toBe(
      200,
    );
    expect((await dispatcher.request("POST", `/api/emergency/dispatches/${d2.body.id}/status`, { status: "finished" })).status).toBe(409);
    const noNote = await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/close`, { outcome: "handled", note: " " });
    expect(noNote.status).toBe(400);
    const closed = await dispatcher.request("POST", `/api/emergency/incidents/${inc.id}/close`, { outcome: "handled", note: "Api padam, 1 ruko terbakar" });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: "closed", outcome: "handled", callCount: 2 });
    expect((await taker.request("POST", `/api/emergency/incidents/${inc.id}/calls`, { notes: "lagi" })).status).toBe(409);

    const full = await dispatcher.request("GET", `/api/emergency/incidents/${inc.id}`);
    const t = full.body;
    const times = [t.receivedAt, t.firstDispatchedAt, t.firstArrivedAt, t.closedAt].map((x) => Date.parse(x!));
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(t.calls).toHaveLength(2);
    const fire = t.dispatches.find((d: { responderId: string }) => d.responderId === damkar.id);
    expect(fire!.status).toBe("finished");
    for (const k of ["dispatchedAt", "enRouteAt", "onSceneAt", "finishedAt"] as const) expect(fire![k]).toBeTruthy();
    expect(t.timeline.map((e: { to: string | null }) => e.to).filter(Boolean)).toEqual(["received", "dispatched", "on_scene", "closed"]);

    // Auditors see the incident with the caller's phone masked.
    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    const seen = await auditor.request("GET", `/api/emergency/incidents/${inc.id}`);
    expect(seen.body.callerPhone).not.toContain("7777");
    expect(seen.body.callerName).toBeNull();

    // Every step is audited, and the chain still verifies.
    const actions = await ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id", [inc.id]);
    expect(actions.map((a) => a.action)).toEqual([
      "incident.created",
      "incident.call-linked",
      "incident.dispatched",
      "incident.dispatched",
      "incident.dispatch-status",
      "incident.dispatch-status",
      "incident.dispatch-status",
      "incident.dispatch-status",
      "incident.closed",
    ]);
    expect((await verifyAuditChain(ctx.db, "16.71")).ok).toBe(true);
    // The live events never carry the caller.
    const events = await ctx.db.query<{ payload: unknown }>("SELECT payload FROM outbox_events WHERE topic LIKE 'incident.%' AND payload->>'caseId' = $1", [
      inc.id,
    ]);
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(events)).not.toMatch(/Yusuf|7777/);

    // Response times: per type and per kecamatan, JSON and CSV.
    const report = await auditor.request("GET", "/api/emergency/reports/response-times?by=type");
    const row = report.body.rows.find((r: { key: string }) => r.key === "fire");
    expect(row).toMatchObject({ incidents: 1, closed: 1, label: "Kebakaran" });
    expect(row!.dispatchMedian).toBeGreaterThanOrEqual(0);
    expect(row!.arrivalP90).toBeGreaterThanOrEqual(row!.dispatchMedian!);
    const csv = await auditor.request("GET", "/api/emergency/reports/response-times?by=kecamatan&format=csv");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body).toContain("Median pemberangkatan");
    expect(csv.body).toContain("Ilir Barat I");
    const impossible = await auditor.request("GET", "/api/emergency/reports/response-times?from=2026-02-30&to=2026-03-05");
    expect(impossible.status).toBe(400);
    expect(impossible.problem.errors).toEqual([expect.objectContaining({ field: "from", code: "date-invalid" })]);
    const backwards = await auditor.request("GET", "/api/emergency/reports/response-times?from=2026-03-05&to=2026-03-01");
    expect(backwards.problem.errors![0]).toMatchObject({ field: "from", code: "date-range", message: "Tanggal mulai tidak boleh setelah tanggal akhir" });
  });

  it("keeps 112 incidents out of the generic case engine", async () => {
    const citizen = await signUpCitizen(ctx, "darurat.generic@example.com");
    const res = await citizen.request("POST", "/api/cases", { service: "kejadian-darurat-112" });
    expect(res.status).toBe(400);
    expect(res.problem.type).toBe("/problems/incident-use-112");
    const inc = await taker.request("POST", "/api/emergency/incidents", { type: "tree", ...AT });
    const act = await dispatcher.request("POST", `/api/cases/${inc.body.id}/actions/dispatch`, { version: 1 });
    expect([403, 404]).toContain(act.status);
    expect((await ctx.db.one<{ state: string }>("SELECT state FROM cases WHERE id = $1", [inc.body.id]))?.state).toBe("received");
  });
});

describe("Darurat: a citizen's emergency button", () => {
  it("creates an incident with the phone's location and shows its public status", async () => {
    const anon = client(ctx.app);
    const sent = await anon.request("POST", "/api/public/emergency", { type: "medical", lat: AT.lat, lon: AT.lon, accuracy: 12, notes: "Ibu pingsan" });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ callNumber: "112", state: "received" });
    const status = await anon.request("GET", `/api/public/emergency/${sent.body.trackingToken}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ number: sent.body.number, type: "medical", state: "received", dispatchedAt: null });
    expect(JSON.stringify(status.body)).not.toContain("pingsan");
    const row = await ctx.db.one<{ source: string; notes: string }>(
      "SELECT source, notes FROM incidents i JOIN cases c ON c.id = i.case_id WHERE c.number = $1",
      [sent.body.number],
    );
    expect(row).toMatchObject({ source: "app" });
    expect(row?.notes).toContain("GPS ±12 m");
    const noGps = await anon.request("POST", "/api/public/emergency", { type: "medical" });
    expect(noGps.status).toBe(400);
    expect(noGps.problem.type).toBe("/problems/incident-location-required");
    expect((await anon.request("GET", "/api/public/emergency/not-a-real-token-000")).status).toBe(404);
    // Staff screens stay closed to the public.
    expect((await anon.request("GET", "/api/emergency/incidents")).status).toBe(401);
  });
});

describe("demo incidents", () => {
  it("spread a month of handled incidents and three open ones, with times in order and none in the future", async () => {
    const db = ctx.db;
    await db.query("DELETE FROM dispatches");
    await db.query("DELETE FROM incident_calls");
    await db.query("DELETE FROM incidents");
    const n = await seedDemoIncidents(db, "16.71");
    expect(n).toBeGreaterThan(30);
    expect(await seedDemoIncidents(db, "16.71")).toBe(0);
    const open = await db.query<{ state: string }>(
      "SELECT c.state FROM incidents i JOIN cases c ON c.id = i.case_id WHERE i.closed_at IS NULL ORDER BY i.received_at",
    );
    expect(open.map((r) => r.state)).toEqual(["on_scene", "dispatched", "received"]);
    const bad = await db.query(
      `SELECT i.case_id FROM incidents i WHERE i.received_at > now() OR i.first_dispatched_at < i.received_at OR i.first_arrived_at < i.first_dispatched_at
          OR i.closed_at < i.first_arrived_at OR i.first_arrived_at > now() OR i.received_at < now() - interval '31 days'`,
    );
    expect(bad).toEqual([]);
    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    const report = await auditor.request("GET", "/api/emergency/reports/response-times?by=kecamatan");
    expect(report.body.rows.length).toBeGreaterThan(5);
    expect(report.body.rows.every((r: { arrivalMedian: number | null }) => r.arrivalMedian === null || r.arrivalMedian > 60)).toBe(true);
  });
});
