import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { type Client, client, lastCodeFor, loginAs, MALANG, MemoryAdapter, PALEMBANG, setupPlatform, signUpCitizen } from "../../../test/helpers.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import { MIGRATIONS_DIR, splitStatements } from "../../platform/migrate.ts";
import { type Adapters, deliverPending, RecordingAdapter } from "../../platform/notify.ts";

// The developer outbox switched on explicitly (tests run with BALAI_DEMO=0, where it is off by default).
const ctx = setupPlatform({ BALAI_DEV_OUTBOX: "1" });
const STRONG = "Benteng-Kuto-Besak-1780";
const KEL = "16.71.04.1003";

interface OutboxItem {
  id: string;
  channel: string;
  recipient: string | null;
  sealed: boolean;
  subject: string;
  body: string;
  createdAt: string;
}

const outbox = async (c: Client) => (await c.request("GET", "/api/dev/outbox")).body as OutboxItem[];

async function unitId(code: string, tenant = PALEMBANG) {
  return (await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [tenant, code]))!.id;
}

/** A staff account created by the Kominfo admin through the API, signed in. */
async function newStaff(email: string, unitCode: string, role: string): Promise<Client> {
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const res = await admin.request("POST", "/api/admin/staff", { name: `Petugas ${unitCode}`, email, password: STRONG, unitId: await unitId(unitCode), role });
  expect(res.status).toBe(201);
  return loginAs(ctx.app, email, STRONG);
}

/** Delivers everything pending to a memory adapter and returns what was sent. */
async function deliverAll() {
  const memory = new MemoryAdapter();
  const adapters: Adapters = { email: memory, sms: memory, whatsapp: memory };
  while ((await deliverPending(ctx.db, adapters)) > 0) {}
  return memory.sent;
}

async function anonymousReport(c: Client, lat: number) {
  const res = await c.request("POST", "/api/lapor/reports", {
    category: "lapor-sampah",
    lat,
    lon: 104.72,
    kelurahan: KEL,
    description: "Pungutan liar di TPS tiap pagi, saya takut ketahuan melapor.",
    anonymous: true,
    confidential: true,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string; trackingToken: string };
}

describe("developer outbox: who may read it", () => {
  it("answers 401 to an anonymous caller", async () => {
    const res = await client(ctx.app).request("GET", "/api/dev/outbox");
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.problem.type).toBe("/problems/unauthenticated");
  });

  it("answers 403 to a citizen and to staff who are not Kominfo admins, Kominfo's own unit included", async () => {
    const callers = [
      await loginAs(ctx.app, "warga@example.com"),
      await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id"), // OPD head (opd_admin)
      await loginAs(ctx.app, "operator.dukcapil@palembang.go.id"),
      await loginAs(ctx.app, "lurah@palembang.go.id"),
      await loginAs(ctx.app, "auditor@palembang.go.id"),
      await newStaff("operator.kominfo@palembang.go.id", "DISKOMINFO", "opd_operator"),
      await newStaff("kabid.kominfo@palembang.go.id", "DISKOMINFO", "opd_admin"),
    ];
    for (const c of callers) {
      const res = await c.request("GET", "/api/dev/outbox");
      expect(res.status).toBe(403);
      expect(res.problem.type).toBe("/problems/forbidden");
    }
  });

  it("shows a Kominfo admin the tenant's messages with sign-up codes, and nothing of another tenant", async () => {
    const c = client(ctx.app);
    expect((await c.request("POST", "/api/auth/signup", { name: "Rina Wulandari", email: "rina.outbox@example.com", password: STRONG })).status).toBe(201);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const res = await admin.request("GET", "/api/dev/outbox");
    expect(res.status).toBe(200);
    const mine = (res.body as OutboxItem[]).find((m) => m.recipient === "rina.outbox@example.com");
    expect(mine).toMatchObject({ channel: "email", sealed: false });
    expect(mine?.body).toContain(await lastCodeFor(ctx.db, "rina.outbox@example.com"));

    // Kota Malang's Kominfo admin reads Malang's (empty) outbox; the Palembang session does not open Malang's.
    const malangKominfo = await unitId("DISKOMINFO", MALANG);
    const user = await ctx.db.one<{ id: string }>(
      "INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, 'staff', 'Admin Malang', 'admin.outbox@malangkota.go.id', $2, now()) RETURNING id",
      [MALANG, await hashPassword(STRONG)],
    );
    await ctx.db.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, 'kominfo_admin')", [MALANG, user!.id, malangKominfo]);
    const mal = await loginAs(ctx.app, "admin.outbox@malangkota.go.id", STRONG, MALANG);
    const malList = await outbox(mal);
    expect(malList.some((m) => m.recipient === "rina.outbox@example.com")).toBe(false);
    expect(malList.every((m) => !/palembang|example\.com/.test(`${m.recipient} ${m.body}`))).toBe(true);
    admin.tenant = MALANG;
    expect((await admin.request("GET", "/api/dev/outbox")).status).toBe(401);
  });
});

describe("messages about anonymous e-Lapor reports", () => {
  it("never name the report next to the reporter's address where staff read them; the reporter still gets the link", async () => {
    const email = "pelapor.rahasia@example.com";
    const citizen = await signUpCitizen(ctx, email, STRONG);
    const r = await anonymousReport(citizen, -2.93);
    // Kominfo verifies and forwards it (the engine's workflow action writes the reporter's message too).
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${r.id}`);
    expect(view.body.reporter).toBeNull();
    const caseView = await admin.request("GET", `/api/cases/${r.id}`);
    const verified = await admin.request("POST", `/api/cases/${r.id}/actions/verify`, {
      version: caseView.body.version,
      forwardTo: view.body.routedUnit!.code,
    });
    expect(verified.status).toBe(200);

    const names = (s: string | null) => !!s && (s.includes(r.number) || s.includes(r.trackingToken));
    const list = await outbox(admin);
    const about = list.filter((m) => names(m.subject) || names(m.body));
    expect(about.length).toBeGreaterThanOrEqual(2); // received + verified
    for (const m of about) expect(m).toMatchObject({ recipient: null, sealed: true });
    expect(JSON.stringify(list.filter((m) => m.recipient === email))).not.toContain(r.number);

    // The table itself, whatever page reads it: no row holds the address beside the report.
    const rows = await ctx.db.query<{ recipient: string; subject: string; body: string }>(
      "SELECT recipient, subject, body FROM notifications WHERE tenant_id = $1 AND (recipient = $2 OR subject LIKE $3 OR body LIKE $3)",
      [PALEMBANG, email, `%${r.number}%`],
    );
    for (const row of rows) expect(row.recipient === email && (names(row.subject) || names(row.body))).toBe(false);
    expect(rows.some((row) => names(row.body))).toBe(true);

    // Delivery reads the address from the account: the reporter's messages carry the number and tracking link.
    const sent = (await deliverAll()).filter((m) => names(m.body));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const m of sent) {
      expect(m.recipient).toBe(email);
      expect(m.body).toContain(`/lacak/${r.trackingToken}`);
    }
    // Delivered, the rows still hold no address.
    const after = await ctx.db.query<{ recipient: string; status: string }>(
      "SELECT recipient, status FROM notifications WHERE tenant_id = $1 AND subject LIKE $2",
      [PALEMBANG, `%${r.number}`],
    );
    expect(after.every((a) => a.recipient === "" && a.status === "recorded")).toBe(true);
  });

  it("reaches a reporter who signed up with a phone number by SMS, and the log names no one", async () => {
    const phone = "081377770099";
    const c = client(ctx.app);
    expect((await c.request("POST", "/api/auth/signup", { name: "Pelapor SMS", phone, password: STRONG })).status).toBe(201);
    const code = await lastCodeFor(ctx.db, "+6281377770099");
    expect((await c.request("POST", "/api/auth/signup/confirm", { identifier: phone, code })).status).toBe(200);
    const r = await anonymousReport(c, -2.94);

    // The development adapter's log line: the sign-up code is printed (demo/dev), a sealed message has no recipient.
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const recording = new RecordingAdapter(pino({ level: "info" }, sink));
    const memory = new MemoryAdapter();
    const adapters: Adapters = { email: memory, sms: recording, whatsapp: recording };
    expect((await c.request("POST", "/api/auth/password/forgot", { identifier: phone })).status).toBe(202);
    while ((await deliverPending(ctx.db, adapters)) > 0) {}
    const reset = await lastCodeFor(ctx.db, "+6281377770099");
    expect(lines.some((l) => l.includes(reset) && l.includes("to +6281******099"))).toBe(true);
    const about = lines.filter((l) => l.includes(r.number));
    expect(about.length).toBeGreaterThanOrEqual(1);
    for (const l of about) {
      expect(l).toContain("(address sealed)");
      expect(l).not.toMatch(/\+62|0813|\*\*\*/);
    }
    const sealed = await ctx.db.one<{ status: string; channel: string }>("SELECT status, channel FROM notifications WHERE tenant_id = $1 AND subject LIKE $2", [
      PALEMBANG,
      `%${r.number}`,
    ]);
    expect(sealed).toEqual({ status: "recorded", channel: "sms" });

    // In production an unconfigured channel logs that nothing was sent, never the text (no reset code in the logs).
    lines.length = 0;
    const quiet = new RecordingAdapter(pino({ level: "info" }, sink), { revealBody: false });
    expect((await c.request("POST", "/api/auth/password/forgot", { identifier: phone })).status).toBe(202);
    while ((await deliverPending(ctx.db, { email: memory, sms: quiet, whatsapp: quiet })) > 0) {}
    const second = await lastCodeFor(ctx.db, "+6281377770099");
    expect(lines.some((l) => l.includes("not sent: no sms adapter"))).toBe(true);
    expect(lines.some((l) => l.includes(second))).toBe(false);
  });

  it("migration 020 seals messages about reports written before it, and leaves other messages alone", async () => {
    const email = "pelapor.lama@example.com";
    const citizen = await signUpCitizen(ctx, email, STRONG);
    const r = await anonymousReport(citizen, -2.95);
    // As rows looked before 020: the address beside the report.
    await ctx.db.query("UPDATE notifications SET recipient = $2, recipient_sealed = false WHERE tenant_id = $1 AND subject LIKE $3", [
      PALEMBANG,
      email,
      `%${r.number}`,
    ]);
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, "020_sealed_notifications.sql"), "utf8");
    const backfill = splitStatements(sql).filter((st) => /^\s*(--.*\n\s*)*UPDATE/.test(st));
    expect(backfill).toHaveLength(1);
    await ctx.db.query(backfill[0]);
    const rows = await ctx.db.query<{ recipient: string; sealed: boolean; subject: string }>(
      "SELECT recipient, recipient_sealed AS sealed, subject FROM notifications WHERE tenant_id = $1 AND user_id = (SELECT id FROM users WHERE tenant_id = $1 AND email = $2)",
      [PALEMBANG, email],
    );
    const about = rows.filter((row) => row.subject.endsWith(r.number));
    expect(about.length).toBeGreaterThanOrEqual(1);
    for (const row of about) expect(row).toMatchObject({ recipient: "", sealed: true });
    // The sign-up code to the same person is not about a report: it keeps its address.
    expect(rows.filter((row) => !row.subject.endsWith(r.number)).every((row) => row.recipient === email && !row.sealed)).toBe(true);
    // And the table refuses a sealed row that holds an address.
    await expect(
      ctx.db.query("UPDATE notifications SET recipient = $2 WHERE tenant_id = $1 AND subject LIKE $3", [PALEMBANG, email, `%${r.number}`]),
    ).rejects.toThrow(/notifications_sealed_no_address/);
  });
});
