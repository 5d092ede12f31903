import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { h3Cell } from "../../platform/geo.ts";
import { createApiKey } from "../apikeys/service.ts";
import { seedDemoCommand, seedDemoIngestEvents } from "./demo.ts";
import { describeEvent } from "./describe.ts";
import { maskPhone } from "../../platform/mask.ts";
import { buildOverview, resetOverviewCache } from "./overview.ts";

describe("command center overview", () => {
  const s = setupPlatform();
  const tenant = { id: PALEMBANG, timezone: "Asia/Jakarta" };

  /** An open case of a service of the given kind, straight into the store (the overview only counts). */
  async function openCase(kind: "complaint" | "application", unitCode: string, opts: { lat?: number; lon?: number; overdue?: boolean } = {}) {
    const sv = await s.db.one<{ service_key: string; version: number }>(
      `SELECT v.service_key, v.version FROM service_versions v JOIN services x ON x.tenant_id = v.tenant_id AND x.key = v.service_key
        WHERE v.tenant_id = $1 AND x.kind = $2 ORDER BY v.service_key, v.version LIMIT 1`,
      [PALEMBANG, kind],
    );
    if (!sv) throw new Error(`no ${kind} service`);
    const h3 = opts.lat != null && opts.lon != null ? h3Cell(opts.lat, opts.lon) : null;
    await s.db.query(
      `INSERT INTO cases (tenant_id, number, tracking_token, service_key, service_version, kind, state, is_open, assignee_unit_id, lat, lng, h3,
                          sla_due_at, submitted_at)
       SELECT $1, $2, $3, $4, $5, $6, 'submitted', true, u.id, $7, $8, $9, now() + ($10::int * interval '1 day'), now()
         FROM org_units u WHERE u.tenant_id = $1 AND u.code = $11`,
      [
        PALEMBANG,
        `T-${randomBytes(4).toString("hex")}`,
        randomBytes(16).toString("hex"),
        sv.service_key,
        sv.version,
        kind,
        opts.lat ?? null,
        opts.lon ?? null,
        h3,
        opts.overdue ? -2 : 5,
        unitCode,
      ],
    );
  }

  it("is for command.view: the command center and the auditor; not call takers or OPD staff", async () => {
    for (const [login, status] of [
      ["lawangjabo@palembang.go.id", 200],
      ["auditor@palembang.go.id", 200],
      ["admin@palembang.go.id", 200],
      ["operator.112@palembang.go.id", 403],
      ["operator.dukcapil@palembang.go.id", 403],
    ] as const) {
      const c = await loginAs(s.app, login);
      expect((await c.request("GET", "/api/command/overview")).status, login).toBe(status);
    }
    expect((await client(s.app).request("GET", "/api/command/overview")).status).toBe(401);
  });

  it("counts open cases per top-level OPD (sub-units rolled up), overdue, and clusters open reports", async () => {
    const before = await buildOverview(s.db, tenant);
    await openCase("application", "PKM-DEMPO", { overdue: true });
    await openCase("application", "DINKES");
    await openCase("complaint", "PUPR", { lat: -2.9761, lon: 104.7754 });
    await openCase("complaint", "PUPR", { lat: -2.9763, lon: 104.7757 });
    await openCase("complaint", "DLH", { lat: -3.02, lon: 104.79 });
    const after = await buildOverview(s.db, tenant);

    const row = (o: typeof after, code: string) => o.opds.find((x) => x.code === code)!;
    expect(row(after, "DINKES").openCases - row(before, "DINKES").openCases).toBe(2);
    expect(row(after, "DINKES").overdue - row(before, "DINKES").overdue).toBe(1);
    expect(row(after, "PUPR").openCases - row(before, "PUPR").openCases).toBe(2);
    expect(after.opds.some((x) => x.code === "PKM-DEMPO" || x.code.startsWith("16.71"))).toBe(false);
    expect(after.counters.openCases - before.counters.openCases).toBe(5);
    expect(after.counters.overdueCases - before.counters.overdueCases).toBe(1);
    expect(after.counters.openReports - before.counters.openReports).toBe(3);
    expect(after.reports.reduce((a, r) => a + r.count, 0) - before.reports.reduce((a, r) => a + r.count, 0)).toBe(3);
    // The two nearby reports share a cluster; its centre is near them.
    const near = after.reports.find((r) => Math.abs(r.lat + 2.976) < 0.03 && Math.abs(r.lon - 104.775) < 0.03);
    expect(near?.count).toBeGreaterThanOrEqual(2);
    const lastHour = after.hourly[after.hourly.length - 1];
    const lastHourBefore = before.hourly[before.hourly.length - 1];
    if (lastHour.hour === lastHourBefore.hour) {
      expect(lastHour.cases - lastHourBefore.cases).toBe(2);
      expect(lastHour.reports - lastHourBefore.reports).toBe(3);
    }
  });

  it("answers the wall's shape: counters, OPDs, incidents (caller masked), cameras, 24 hours, ticker", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const cam = await admin.request("POST", "/api/command/cameras", {
      code: "W-CAM",
      name: "Simpang Dinding",
      lat: -2.98,
      lon: 104.75,
      ownerUnitCode: "DISHUB",
    });
    expect(cam.status).toBe(201);
    const key = (await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Sensor Uji", scopes: ["ingest"], actorId: null }))).key;
    const pushed = await client(s.app).request(
      "POST",
      "/api/ingest/events",
      { kind: "water_level", value: 180, unit: "cm", message: "Pos uji" },
      { authorization: `Bearer ${key}` },
    );
    expect(pushed.status).toBe(202);

    // An incident through the 112 desk, when the emergency module is there.
    const taker = await loginAs(s.app, "operator.112@palembang.go.id");
    const inc = await taker.request("POST", "/api/emergency/incidents", {
      type: "fire",
      priority: 1,
      lat: -2.9761,
      lon: 104.7754,
      address: "Jl. Merdeka",
      callerName: "Pak Budi Penelepon",
      callerPhone: "081234567890",
      notes: "Asap tebal dari ruko",
    });
    const hasEmergency = inc.status !== 404;
    if (hasEmergency) expect(inc.status, JSON.stringify(inc.body)).toBe(201);

    const cc = await loginAs(s.app, "lawangjabo@palembang.go.id");
    resetOverviewCache(PALEMBANG); // an earlier test's answer may still be cached (1 s)
    const r = await cc.request("GET", "/api/command/overview");
    expect(r.status).toBe(200);
    const o = r.body;
    expect(Object.keys(o).sort()).toEqual(["cameras", "counters", "generatedAt", "hourly", "incidents", "opds", "reports", "sensors", "ticker"]);
    expect(Object.keys(o.counters).sort()).toEqual(
      ["avgResponseSecondsToday", "incidentsToday", "openCases", "openIncidents", "openReports", "overdueCases"].sort(),
    );
    expect(new Date(o.generatedAt).toString()).not.toBe("Invalid Date");
    expect(o.opds.find((x: { code: string }) => x.code === "DISHUB")).toMatchObject({
      unitId: expect.any(String),
      name: "Dinas Perhubungan",
      openCases: expect.any(Number),
      overdue: expect.any(Number),
      incidentsToday: expect.any(Number),
    });
    expect(o.cameras.find((c: { code: string }) => c.code === "W-CAM")).toMatchObject({
      name: "Simpang Dinding",
      status: "unknown",
      ownerName: "Dinas Perhubungan",
    });
    expect(o.hourly).toHaveLength(24);
    expect(o.hourly[0]).toEqual({ hour: expect.any(String), incidents: expect.any(Number), cases: expect.any(Number), reports: expect.any(Number) });
    expect(new Date(o.hourly[23].hour).getTime() - new Date(o.hourly[0].hour).getTime()).toBe(23 * 3_600_000);
    expect(o.ticker.length).toBeGreaterThan(0);
    expect(o.ticker.length).toBeLessThanOrEqual(30);
    for (const t of o.ticker) expect(t.topic).not.toMatch(/^(user|tenant|catalog)\./);
    const ids = o.ticker.map((t: { id: number }) => t.id);
    expect([...ids].sort((a: number, b: number) => b - a)).toEqual(ids);
    const ingestLine = o.ticker.find((t: { topic: string }) => t.topic === "ingest.event");
    expect(ingestLine).toMatchObject({ at: expect.any(String), summary: { id: expect.stringContaining("Sensor Uji"), en: expect.stringContaining("180 cm") } });

    if (hasEmergency) {
      expect(o.counters.openIncidents).toBeGreaterThanOrEqual(1);
      expect(o.counters.incidentsToday).toBeGreaterThanOrEqual(1);
      const wall = o.incidents.find((i: { id: string }) => i.id === inc.body.id);
      expect(wall).toMatchObject({ type: "fire", priority: 1, lat: -2.9761, lon: 104.7754, callCount: 1, dispatches: [] });
      expect(wall!.callerName).toBeNull();
      expect(wall!.callerPhone).not.toBe("081234567890");
      expect(wall!.callerPhone).toMatch(/890$/);
      expect(JSON.stringify(o)).not.toContain("Pak Budi Penelepon");
      expect(o.ticker.some((t: { topic: string }) => t.topic === "incident.created")).toBe(true);

      // Damkar is dispatched and arrives: its row counts the incident and the response time.
      const meta = await cc.request("GET", "/api/emergency/meta");
      const damkar = meta.body.responders?.find((x: { agency: string; active: boolean }) => x.agency === "damkar" && x.active);
      expect(damkar, "a Damkar responder").toBeDefined();
      if (damkar) {
        const d = await cc.request("POST", `/api/emergency/incidents/${inc.body.id}/dispatches`, { responderId: damkar.id });
        expect(d.status, JSON.stringify(d.body)).toBe(201);
        for (const status of ["en_route", "on_scene"])
          expect((await cc.request("POST", `/api/emergency/dispatches/${d.body.id}/status`, { status })).status).toBe(200);
        const after = await buildOverview(s.db, tenant);
        const row = after.opds.find((x) => x.code === "DAMKAR")!;
        expect(row.incidentsToday).toBeGreaterThanOrEqual(1);
        expect(row.avgResponseSeconds).toEqual(expect.any(Number));
        expect(after.counters.avgResponseSecondsToday).toEqual(expect.any(Number));
        const wall2 = after.incidents.find((i) => i.id === inc.body.id)!;
        expect(wall2.dispatches).toEqual([expect.objectContaining({ responderId: damkar.id, status: "on_scene", onSceneAt: expect.any(String) })]);
      }
    }
  });

  it("describes events in both languages, without personal data", () => {
    expect(describeEvent("incident.created", { number: "112-0001", type: "fire", priority: 1, kecamatanName: "Kecamatan Ilir Timur I" })).toEqual({
      id: "Kejadian baru 112-0001: Kebakaran, prioritas tinggi (Kecamatan Ilir Timur I)",
      en: "New incident 112-0001: Fire, high priority (Kecamatan Ilir Timur I)",
    });
    expect(describeEvent("dispatch.updated", { number: "112-0001", responderName: "Damkar Pos Sekip", status: "on_scene" }).en).toBe(
      "Damkar Pos Sekip on scene for incident 112-0001",
    );
    expect(describeEvent("cctv.status", { name: "Jembatan Ampera", status: "offline", error: "HTTP 503" })).toEqual({
      id: "CCTV Jembatan Ampera: mati (HTTP 503)",
      en: "CCTV Jembatan Ampera: offline (HTTP 503)",
    });
    expect(describeEvent("ingest.alert", { severity: "critical", message: { id: "Banjir", en: "Flood" } })).toEqual({
      id: "KRITIS: Banjir",
      en: "CRITICAL: Flood",
    });
    expect(describeEvent("case.submitted", { kind: "complaint" }).id).toBe("Laporan baru masuk");
    expect(describeEvent("prices.alert", { commodityName: "Cabai", kind: "week-rise", changePct: 12.5, cityAverage: 60000 }).en).toBe(
      "Cabai price up 12.5% in a week (Rp60000)",
    );
    expect(describeEvent("something.else", {})).toEqual({ id: "Peristiwa something.else", en: "Event something.else" });
    expect(maskPhone("081234567890")).toBe("081******890");
    expect(maskPhone("(0711) 352-001")).toBe("*******001");
    expect(maskPhone("112")).toBe("112");
  });
});

describe("command center demo data", () => {
  const s = setupPlatform();
  it("seeds Dishub's 13 cameras, the threshold rules and a few hours of OPD sensor events that raise alerts", async () => {
    expect(await s.db.tx((q) => seedDemoCommand(q, PALEMBANG))).toEqual({ cameras: 13, rules: 4 });
    const n = await seedDemoIngestEvents(s.db, PALEMBANG);
    expect(n).toBe(18);
    expect(await seedDemoIngestEvents(s.db, PALEMBANG)).toBe(0);
    const alerts = await s.db.query<{ source: string; severity: string }>(
      "SELECT source, severity FROM ingest_events WHERE tenant_id = $1 AND severity IS NOT NULL ORDER BY id",
      [PALEMBANG],
    );
    expect(alerts.map((a) => a.source)).toEqual([
      "Sensor TMA Sungai Bendung (PUPR)",
      "Sensor TMA Sungai Bendung (PUPR)",
      "Sensor TMA Sungai Bendung (PUPR)",
      "Pos Hujan Kenten (BPBD)",
      "PDAM Tirta Musi",
    ]);
    expect(alerts.every((a) => a.severity === "warning")).toBe(true);
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const log = await admin.request("GET", "/api/command/ingest?alerts=true");
    expect(log.body.items).toHaveLength(5);
    // The wall shows each sensor's latest reading: the river still above the watch level, the others back to normal.
    const o = await buildOverview(s.db, { id: PALEMBANG, timezone: "Asia/Jakarta" });
    expect(o.sensors.map((x) => [x.source, x.kind, x.value, x.severity]).sort()).toEqual([
      ["PDAM Tirta Musi", "water_pressure", 0.9, null],
      ["Pos Hujan Kenten (BPBD)", "rainfall", 22, null],
      ["Sensor TMA Sungai Bendung (PUPR)", "water_level", 186, "warning"],
    ]);
  });
});
