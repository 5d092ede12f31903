import { beforeAll, describe, expect, it } from "vitest";
import { client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { createApiKey } from "../apikeys/service.ts";
import { fillMessage, type IngestRule, matchRule } from "./ingest.ts";

describe("OPD integration (ingestion)", () => {
  const s = setupPlatform();
  let key = "";
  let otherKey = "";
  let avlKey = "";
  const count = async (sql: string, params: unknown[] = []) => Number((await s.db.one<{ n: string }>(sql, params))?.n ?? 0);
  const events = () => count("SELECT count(*) AS n FROM ingest_events WHERE tenant_id = $1", [PALEMBANG]);
  const push = (body: unknown, k = key, header: "bearer" | "x-api-key" = "bearer") =>
    client(s.app).request("POST", "/api/ingest/events", body, header === "bearer" ? { authorization: `Bearer ${k}` } : { "x-api-key": k });

  beforeAll(async () => {
    key = (await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Sensor Banjir BBWS", scopes: ["ingest"], actorId: null }))).key;
    otherKey = (await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "PDAM Tirta Musi", scopes: ["ingest"], actorId: null }))).key;
    avlKey = (await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Operator Bus", scopes: ["avl"], actorId: null }))).key;
  });

  it("refuses a missing, unknown or out-of-scope key alike (401), and stores nothing", async () => {
    const before = await events();
    const body = { kind: "water_level", value: 120, unit: "cm" };
    const answers = [
      await client(s.app).request("POST", "/api/ingest/events", body),
      await push(body, "balai_notakeyatallnotakeyatallxx"),
      await push(body, "garbage"),
      await push(body, avlKey),
      await push(body, avlKey, "x-api-key"),
    ];
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.headers["content-type"]).toMatch(/problem\+json/);
      expect(a.body).toMatchObject({ type: "/problems/api-key-invalid", status: 401 });
    }
    expect(new Set(answers.map((a) => a.problem.title)).size).toBe(1);
    // A bad key is refused before the body is looked at.
    expect((await push({ nonsense: true }, "garbage")).status).toBe(401);
    expect(await events()).toBe(before);
  });

  it("refuses a malformed batch with field errors and stores none of it", async () => {
    const before = await events();
    const bad = await push({
      events: [
        { kind: "water_level", value: 120, unit: "cm", lat: -2.99, lon: 104.76 },
        { kind: "water_level", value: "tinggi", extra: 1 },
        { kind: "water_level", value: 1, lat: 95, lon: 104.7 },
      ],
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.problem.type).toBe("/problems/validation-failed");
    const fields = bad.problem.errors!.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["events.1.value", "events.1.extra", "events.2.lat"]));
    expect(fields.every((f: string) => f.startsWith("events."))).toBe(true);

    const single = await push({ value: 3 });
    expect(single.status).toBe(400);
    expect(single.problem.errors!.map((e: { field: string }) => e.field)).toEqual(["kind"]);
    expect((await push({ events: [] })).status).toBe(400);
    expect((await push({ events: Array.from({ length: 501 }, () => ({ kind: "x" })) })).status).toBe(400);
    const future = await push({ kind: "rainfall", value: 3, occurredAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.problem.errors![0]).toMatchObject({ field: "occurredAt", code: "ingest-future" });
    const half = await push({
      events: [
        { kind: "rainfall", value: 3 },
        { kind: "rainfall", lat: -2.9 },
      ],
    });
    expect(half.problem.errors![0]).toMatchObject({ field: "events.1.lon", code: "required" });
    expect(await events()).toBe(before);
  });

  it("stores events with the key's name as source; rules raise alerts by severity; the log finds them", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const rule = async (body: Record<string, unknown>) => {
      const r = await admin.request("POST", "/api/command/ingest/rules", body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as IngestRule;
    };
    const warn = await rule({
      kind: "water_level",
      op: ">=",
      threshold: 200,
      severity: "warning",
      messageId: "Tinggi air {value} {unit} di {source}",
      messageEn: "Water level {value} {unit} at {source}",
    });
    const crit = await rule({
      kind: "water_level",
      op: ">=",
      threshold: 300,
      severity: "critical",
      messageId: "Banjir: air {value} {unit}",
      messageEn: "Flood: water {value} {unit}",
    });
    // A rule for another source never fires on this key's events.
    await rule({ source: "PDAM Tirta Musi", kind: "water_level", op: ">", threshold: 0, severity: "critical", messageId: "x", messageEn: "x" });
    expect(
      (
        await admin.request("POST", "/api/command/ingest/rules", {
          kind: "water_level",
          op: "=",
          threshold: 1,
          severity: "warning",
          messageId: "x",
          messageEn: "x",
        })
      ).status,
    ).toBe(400);

    const mark = await s.db.one<{ id: string }>("SELECT coalesce(max(id), 0) AS id FROM outbox_events");
    const one = await push({ kind: "water_level", value: 150, unit: "cm", lat: -2.99, lon: 104.76, message: "Pos Sungai Bendung normal" }, key, "x-api-key");
    expect(one.status, JSON.stringify(one.body)).toBe(202);
    expect(one.body).toEqual({ accepted: 1, alerts: 0 });
    const batch = await push({
      events: [
        { kind: "water_level", value: 250, unit: "cm", lat: -2.97, lon: 104.74, message: "Pos Sungai Sekanak naik" },
        { kind: "water_level", value: 320, unit: "cm", lat: -2.98, lon: 104.75, message: "Pos Sungai Bendung meluap", data: { station: "BDG-01" } },
        { kind: "rainfall", value: 12, unit: "mm", occurredAt: "2026-11-23T03:00:00Z" },
      ],
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(202);
    expect(batch.body).toEqual({ accepted: 3, alerts: 2 });

    const rows = await s.db.query<{
      source: string;
      value: number;
      severity: string | null;
      alert_rule_id: string | null;
      api_key_id: string;
      data: unknown;
      occurred_at: Date;
    }>("SELECT source, value, severity, alert_rule_id, api_key_id, data, occurred_at FROM ingest_events WHERE tenant_id = $1 ORDER BY id DESC LIMIT 4", [
      PALEMBANG,
    ]);
    expect(rows.map((r) => [r.value, r.severity, r.alert_rule_id])).toEqual([
      [12, null, null],
      [320, "critical", crit.id],
      [250, "warning", warn.id],
      [150, null, null],
    ]);
    expect(rows.every((r) => r.source === "Sensor Banjir BBWS" && r.api_key_id)).toBe(true);
    expect(rows[1].data).toEqual({ station: "BDG-01" });
    expect(new Date(rows[0].occurred_at).toISOString()).toBe("2026-11-23T03:00:00.000Z");

    const outbox = await s.db.query<{ topic: string; payload: Record<string, unknown> }>(
      "SELECT topic, payload FROM outbox_events WHERE tenant_id = $1 AND id > $2 AND topic LIKE 'ingest.%' ORDER BY id",
      [PALEMBANG, mark?.id],
    );
    expect(outbox.filter((o) => o.topic === "ingest.event")).toHaveLength(4);
    const alerts = outbox.filter((o) => o.topic === "ingest.alert").map((o) => o.payload);
    expect(alerts).toHaveLength(2);
    expect(alerts.find((a) => a.severity === "critical")).toMatchObject({
      ruleId: crit.id,
      source: "Sensor Banjir BBWS",
      kind: "water_level",
      value: 320,
      unit: "cm",
      lat: -2.98,
      lon: 104.75,
      message: { id: "Banjir: air 320 cm", en: "Flood: water 320 cm" },
    });
    expect(alerts.find((a) => a.severity === "warning")).toMatchObject({ message: { id: "Tinggi air 250 cm di Sensor Banjir BBWS" } });

    // The other source's rule fires on its own events only.
    expect((await push({ kind: "water_level", value: 5 }, otherKey)).body).toEqual({ accepted: 1, alerts: 1 });

    // The log: command.view; search, filters, paging.
    const cc = await loginAs(s.app, "lawangjabo@palembang.go.id");
    const found = await cc.request("GET", "/api/command/ingest?q=meluap");
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      value: 320,
      severity: "critical",
      alertRuleId: crit.id,
      source: "Sensor Banjir BBWS",
      data: { station: "BDG-01" },
    });
    const onlyAlerts = await cc.request("GET", "/api/command/ingest?alerts=true&source=Sensor%20Banjir%20BBWS");
    expect(onlyAlerts.body.items.map((i) => i.value)).toEqual([320, 250]);
    expect((await cc.request("GET", "/api/command/ingest?kind=rainfall")).body.items.map((i) => i.value)).toEqual([12]);
    expect((await cc.request("GET", "/api/command/ingest?q=bbws")).body.items.length).toBeGreaterThanOrEqual(4);
    expect((await cc.request("GET", "/api/command/ingest?q=100%25")).body.items).toEqual([]);
    const page1 = await cc.request("GET", "/api/command/ingest?limit=2");
    expect(page1.body.items).toHaveLength(2);
    const page2 = await cc.request("GET", `/api/command/ingest?limit=2&before=${page1.body.nextBefore}`);
    expect(page2.body.items[0].id).toBeLessThan(page1.body.items[1].id);
    expect((await cc.request("GET", "/api/command/ingest?limit=201")).status).toBe(400);
    expect((await (await loginAs(s.app, "operator.112@palembang.go.id")).request("GET", "/api/command/ingest")).status).toBe(403);
    expect((await (await loginAs(s.app, "auditor@palembang.go.id")).request("GET", "/api/command/ingest")).status).toBe(200);
  });

  it("caps ingest.event outbox events at 50 per batch; alerts are never capped", async () => {
    const mark = await s.db.one<{ id: string }>("SELECT coalesce(max(id), 0) AS id FROM outbox_events");
    const r = await push({ events: Array.from({ length: 120 }, (_, i) => ({ kind: "water_level", value: i < 110 ? 10 : 400, unit: "cm" })) });
    expect(r.body).toEqual({ accepted: 120, alerts: 10 });
    const n = async (topic: string) => count("SELECT count(*) AS n FROM outbox_events WHERE id > $1 AND topic = $2", [mark?.id, topic]);
    expect(await n("ingest.event")).toBe(50);
    expect(await n("ingest.alert")).toBe(10);
  });

  it("rules are kept by ingest.manage only, audited, and a deactivated rule stops firing", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const body = { kind: "noise", op: ">", threshold: 85, severity: "info", messageId: "Bising {value} dB", messageEn: "Noise {value} dB" };
    for (const login of ["lawangjabo@palembang.go.id", "auditor@palembang.go.id", "operator.112@palembang.go.id"]) {
      const c = await loginAs(s.app, login);
      expect((await c.request("GET", "/api/command/ingest/rules")).status, login).toBe(403);
      expect((await c.request("POST", "/api/command/ingest/rules", body)).status, login).toBe(403);
    }
    const created = await admin.request("POST", "/api/command/ingest/rules", body);
    expect(created.body).toMatchObject({ ...body, source: null, active: true });
    expect((await push({ kind: "noise", value: 90 })).body.alerts).toBe(1);
    const off = await admin.request("PATCH", `/api/command/ingest/rules/${created.body.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await push({ kind: "noise", value: 90 })).body.alerts).toBe(0);
    expect((await admin.request("PATCH", "/api/command/ingest/rules/00000000-0000-4000-8000-000000000000", { active: false })).status).toBe(404);
    const list = await admin.request("GET", "/api/command/ingest/rules");
    expect(list.body.items.find((r: { id: string }) => r.id === created.body.id)).toMatchObject({ active: false });
    const audited = await s.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE tenant_id = $1 AND subject_type = 'ingest_rule' AND subject_id = $2 ORDER BY seq",
      [PALEMBANG, created.body.id],
    );
    expect(audited.map((a) => a.action)).toEqual(["ingest.rule-created", "ingest.rule-updated"]);
  });

  it("limits each key to 600 requests a minute, apart from other keys", async () => {
    const flood = `flood-${Date.now()}`;
    for (let i = 0; i < 600; i++) expect((await push({ kind: "x" }, flood)).status).toBe(401);
    const over = await push({ kind: "x" }, flood);
    expect(over.status).toBe(429);
    expect(over.problem.type).toBe("/problems/rate-limited");
    expect((await push({ kind: "rainfall", value: 1 })).status).toBe(202);
  });

  it("matches the most severe rule, this source's first on a tie", () => {
    const r = (over: Partial<IngestRule>): IngestRule => ({
      id: over.id ?? "x",
      source: null,
      kind: "k",
      op: ">",
      threshold: 0,
      severity: "info",
      messageId: "",
      messageEn: "",
      active: true,
      createdAt: "2026-01-01T00:00:00.000Z",
      ...over,
    });
    const rules = [r({ id: "a", severity: "warning" }), r({ id: "b", severity: "warning", source: "S" }), r({ id: "c", severity: "info", threshold: -1 })];
    expect(matchRule(rules, "S", "k", 1)?.id).toBe("b");
    expect(matchRule(rules, "T", "k", 1)?.id).toBe("a");
    expect(matchRule(rules, "T", "k", -0.5)?.id).toBe("c");
    expect(matchRule(rules, "T", "k", null)).toBeUndefined();
    expect(matchRule(rules, "T", "other", 5)).toBeUndefined();
    expect(fillMessage("{kind} {value}{unit} > {threshold}", { kind: "k", value: 1.234, unit: null, source: "S" }, 1)).toBe("k 1.23 > 1");
  });
});
