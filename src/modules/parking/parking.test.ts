import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, type Client, loginAs, MemoryAdapter, multipartFile, openTestDb, TINY_PNG, testConfig } from "../../../test/helpers.ts";
import { FakeGateways, type FakeTxn, gatewayEnv, notify } from "../../../test/fakes/payment-gateways.ts";
import { createPlatform, type Platform } from "../../server.ts";
import { crc16, parseQris } from "./qris.ts";
import { splitPeriod } from "./revenue.ts";

let p: Platform;
let fake: FakeGateways;
let dishub: Client;
let jukir: Client;
let bapenda: Client;
let pointId: string;
const CODE = "TEST-01";

const perEntry = (vehicleType: string, amount: number) => ({ vehicleType, mode: "entry", amount });
/** Registers an on-street parking point. */
const postStreetPoint = (c: Client, code: string, name: string, capacity: number, tariffs: ReturnType<typeof perEntry>[]) =>
  c.request("POST", "/api/parking/points", { code, name, kind: "on_street", capacity, tariffs });

beforeAll(async () => {
  fake = await new FakeGateways().start();
  const memory = new MemoryAdapter();
  p = await createPlatform(testConfig(gatewayEnv(fake.url)), await openTestDb(), {
    adapters: { email: memory, sms: memory, whatsapp: memory },
    background: false,
  });
  dishub = await loginAs(p.app, "operator.dishub@palembang.go.id");
  jukir = await loginAs(p.app, "jukir@palembang.go.id");
  bapenda = await loginAs(p.app, "operator.bapenda@palembang.go.id");
  const pt = await postStreetPoint(dishub, CODE, "Jl. Uji Coba", 20, [perEntry("motor", 2000), perEntry("mobil", 5000)]);
  expect(pt.status, JSON.stringify(pt.body)).toBe(201);
  pointId = pt.body.id;
  const at = await dishub.request("POST", "/api/parking/attendants", { name: "Slamet Riyadi", pointId, sharePct: 70, email: "jukir@palembang.go.id" });
  expect(at.status, JSON.stringify(at.body)).toBe(201);
}, 120_000);

afterAll(async () => {
  await p?.close();
  await fake?.close();
});

const post = (gateway: string, [headers, body]: [Record<string, string>, string]) =>
  p.app.inject({ method: "POST", url: `/api/parking/callbacks/${gateway}`, headers: { "x-balai-tenant": "16.71", ...headers }, payload: body });

async function openSession(plate = "BG 1234 AB", vehicleType = "motor") {
  const r = await jukir.request("POST", "/api/parking/jukir/sessions", { plate, vehicleType });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; orderId: string; amount: number; qris: string };
}

describe("QRIS payloads", () => {
  it("computes CRC16-CCITT (0x1021, init 0xFFFF)", () => {
    expect(crc16("123456789")).toBe("29B1");
  });
  it("static per point and vehicle type, dynamic per session: EMVCo tags parse and the CRC checks", async () => {
    const me = await jukir.request("GET", "/api/parking/jukir/me");
    expect(me.status).toBe(200);
    const motor = me.body.staticQris.find((s: { vehicleType: string }) => s.vehicleType === "motor");
    const st = parseQris(motor!.qris);
    expect(st.dynamic).toBe(false);
    expect(st.amount).toBe(2000);
    expect(st.reference).toBe(`S-${CODE}-motor`);
    expect(st.fields.map((f) => f.tag)).toEqual(["00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "62", "63"]);
    expect(st.fields.find((f) => f.tag === "52")?.value).toBe("7523");
    const s = await openSession();
    const dyn = parseQris(s.qris);
    expect(dyn).toMatchObject({ dynamic: true, amount: 2000, reference: s.orderId });
    expect(dyn.merchantName.length).toBeLessThanOrEqual(25);
    expect(dyn.merchantCity.length).toBeLessThanOrEqual(15);
    const tampered = s.qris.replace("54042000", "54041000");
    expect(() => parseQris(tampered)).toThrow(/CRC/);
  });
});

describe("jukir flow and the development gateway", () => {
  it("a session paid through the dev gateway is counted once; replays and cash on it are refused", async () => {
    const s = await openSession("BG 77 XY", "mobil");
    expect(s.amount).toBe(5000);
    const paid = await jukir.request("POST", "/api/parking/dev/pay", { orderId: s.orderId });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ status: "recorded", counted: true, flag: null });
    const again = await jukir.request("GET", `/api/parking/jukir/sessions/${s.id}`);
    expect(again.body.paid).toBe(true);
    const cash = await jukir.request("POST", `/api/parking/jukir/sessions/${s.id}/cash`);
    expect(cash.status).toBe(409);
  });
  it("cash is recorded by the jukir, counted and flagged", async () => {
    const s = await openSession("BG 5 Z", "motor");
    const cash = await jukir.request("POST", `/api/parking/jukir/sessions/${s.id}/cash`);
    expect(cash.status, JSON.stringify(cash.body)).toBe(201);
    expect(cash.body).toMatchObject({ amount: 2000, flag: "cash" });
  });
  it("refuses a bad plate and a vehicle type without tariff (field errors)", async () => {
    const bad = await jukir.request("POST", "/api/parking/jukir/sessions", { plate: "12345678", vehicleType: "motor" });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors![0].field).toBe("plate");
    const bus = await jukir.request("POST", "/api/parking/jukir/sessions", { plate: "BG 1 A", vehicleType: "bus" });
    expect(bus.status).toBe(400);
    expect(bus.problem.errors![0].field).toBe("vehicleType");
  });
  it("the public jukir resmi page shows name, point and tariffs; only Dishub registers", async () => {
    const list = await dishub.request("GET", "/api/parking/attendants");
    const a = list.body.items.find((x: { pointCode: string }) => x.pointCode === CODE);
    const pub = await client(p.app).request("GET", `/api/public/parking/jukir/${a!.cardCode}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ official: true, name: "Slamet Riyadi", point: { code: CODE }, reportCategory: "lapor-pungli" });
    expect(pub.body.tariffs).toHaveLength(2);
    expect(pub.body.hasPhoto).toBe(false);
    const mp = multipartFile("foto.png", "image/png", TINY_PNG);
    const up = await p.app.inject({
      method: "POST",
      url: `/api/parking/attendants/${a!.id}/photo`,
      payload: mp.payload,
      headers: { ...mp.headers, "x-balai-tenant": "16.71", cookie: dishub.cookie as string, "x-csrf-token": dishub.csrf as string },
    });
    expect(up.statusCode, up.body).toBe(200);
    const photo = await p.app.inject({ method: "GET", url: `/api/public/parking/jukir/${a!.cardCode}/photo`, headers: { "x-balai-tenant": "16.71" } });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/jpeg");
    expect((await client(p.app).request("GET", `/api/public/parking/jukir/${a!.cardCode}`)).body.hasPhoto).toBe(true);
    expect((await client(p.app).request("GET", "/api/public/parking/jukir/NOSUCHCARD0000")).status).toBe(404);
    const pdf = await dishub.request("GET", `/api/parking/attendants/${a!.id}/card.pdf`);
    expect(pdf.status).toBe(200);
    expect(String(pdf.body).startsWith("%PDF")).toBe(true);
    const denied = await postStreetPoint(jukir, "X-1", "x", 1, [perEntry("motor", 1)]);
    expect(denied.status).toBe(403);
    const dup = await postStreetPoint(dishub, "DUP-1", "x", 1, [perEntry("motor", 1), perEntry("motor", 2)]);
    expect(dup.status).toBe(400);
  });
});

describe("gateway callbacks of each style", () => {
  const cases: { gateway: string; make: (t: FakeTxn) => [Record<string, string>, string]; forge: (t: FakeTxn) => [Record<string, string>, string] }[] = [
    { gateway: "midtrans", make: (t) => notify.midtrans(t), forge: (t) => notify.midtrans(t, "wrong-server-key") },
    {
      gateway: "doku",
      make: (t) => notify.doku(t, "/api/parking/callbacks/doku"),
      forge: (t) => notify.doku(t, "/api/parking/callbacks/doku", "wrong-secret"),
    },
    { gateway: "xendit", make: (t) => notify.xendit(t), forge: (t) => notify.xendit(t, "wrong-token-of-same-len-xx") },
    { gateway: "snap", make: (t) => notify.snap(t, "/api/parking/callbacks/snap"), forge: (t) => notify.snap(t, "/api/parking/callbacks/snap", OTHER_KEY) },
  ];
  for (const c of cases) {
    it(`${c.gateway}: verified, confirmed by the status query, recorded once; a bad signature and an unconfirmed payment are refused`, async () => {
      const s = await openSession("BG 9 QR", "motor");
      const t: FakeTxn = { txnId: `${c.gateway}-txn-${s.orderId}`, orderId: s.orderId, amount: 2000, qrId: `qr_${s.orderId}` };
      const forged = await post(c.gateway, c.forge(t));
      expect(forged.statusCode, forged.body).toBe(401);
      expect(forged.json().type).toBe("/problems/payment-signature-invalid");
      // Not paid at the provider yet: the status query does not confirm it.
      const early = await post(c.gateway, c.make(t));
      expect(early.statusCode, early.body).toBe(409);
      fake.paid.push(t);
      const ok = await post(c.gateway, c.make(t));
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: "recorded", counted: true, flag: null });
      const replay = await post(c.gateway, c.make(t));
      expect(replay.json()).toMatchObject({ status: "duplicate", paymentId: ok.json().paymentId });
      expect(fake.problems).toEqual([]);
    });
  }

  it("an amount not matching the tariff (static QR) is flagged and not counted", async () => {
    const t: FakeTxn = { txnId: "mid-static-1", orderId: `S-${CODE}-motor`, amount: 5000 };
    fake.paid.push(t);
    const r = await post("midtrans", notify.midtrans(t));
    expect(r.json()).toMatchObject({ status: "recorded", counted: false, flag: "amount-mismatch" });
  });

  it("replays racing each other record the payment once", async () => {
    const s = await openSession("BG 42 RC", "motor");
    const t: FakeTxn = { txnId: `race-${s.orderId}`, orderId: s.orderId, amount: 2000 };
    fake.paid.push(t);
    const results = await Promise.all(Array.from({ length: 8 }, () => post("midtrans", notify.midtrans(t))));
    const bodies = results.map((r) => r.json());
    expect(bodies.filter((b) => b.status === "recorded")).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.paymentId)).size).toBe(1);
    const n = await p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM parking_payments WHERE gateway_txn_id = $1", [t.txnId]);
    expect(n?.n).toBe(1);
  });
});

const OTHER_KEY = (await import("node:crypto"))
  .generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" }) as string;

describe("payment records, revenue and reconciliation", () => {
  it("payments are immutable; a correction is a new record", async () => {
    const row = await p.db.one<{ id: string }>("SELECT id FROM parking_payments WHERE flag = 'amount-mismatch' LIMIT 1");
    await expect(p.db.query("UPDATE parking_payments SET counted = true WHERE id = $1", [row?.id])).rejects.toThrow(/immutable/);
    await expect(p.db.query("DELETE FROM parking_payments WHERE id = $1", [row?.id])).rejects.toThrow(/immutable/);
    const fix = await dishub.request("POST", `/api/parking/payments/${row?.id}/corrections`, { amount: 2000, note: "Tarif motor, kelebihan dikembalikan" });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body.correctsId).toBe(row?.id);
    const audit = await p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'parking.payment.corrected' AND subject_id = $1", [
      fix.body.id,
    ]);
    expect(audit?.n).toBe(1);
  });

  it("revenue per point counts QRIS and cash, not the flagged amount; Bapenda may read it, the jukir may not", async () => {
    const r = await bapenda.request("GET", "/api/parking/revenue");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const pt = r.body.points.find((x: { code: string }) => x.code === CODE);
    // dev 5000 + cash 2000 + 4 gateway callbacks × 2000 + race 2000 + correction 2000; the 5000 mismatch not counted
    expect(pt!.gross).toBe(5000 + 2000 + 4 * 2000 + 2000 + 2000);
    expect(pt!.cash).toBe(2000);
    // flagged: the cash and the mismatch; not counted: the mismatch
    expect(pt!.flagged).toBe(2);
    expect(pt!.uncounted).toBe(1);
    const att = r.body.attendants.find((x: { pointCode: string }) => x.pointCode === CODE);
    expect(att!.jukirShare).toBe(Math.round(att!.gross * 0.7));
    expect(att!.jukirShare + att!.cityShare).toBe(att!.gross);
    expect((await jukir.request("GET", "/api/parking/revenue")).status).toBe(403);
    // The same totals when the period is a whole month (read from the monthly totals instead of the daily ones).
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
    const last = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const month = await bapenda.request("GET", `/api/parking/revenue?from=${today.slice(0, 7)}-01&to=${last}`);
    const mp = month.body.points.find((x: { code: string }) => x.code === CODE);
    expect(mp).toMatchObject({ gross: pt!.gross, cash: pt!.cash, flagged: pt!.flagged, uncounted: pt!.uncounted });
    expect(month.body.days.find((d: { date: string }) => d.date === today)!.gross).toBeGreaterThanOrEqual(pt!.gross);
  });

  it("splits a period into whole months and the days around them", () => {
    expect(splitPeriod("2026-01-15", "2026-12-02")).toEqual({
      months: { from: "2026-02-01", to: "2026-11-01" },
      days: [
        { from: "2026-01-15", to: "2026-01-31" },
        { from: "2026-12-01", to: "2026-12-02" },
      ],
    });
    expect(splitPeriod("2026-03-01", "2026-03-31")).toEqual({ months: { from: "2026-03-01", to: "2026-03-01" }, days: [] });
    expect(splitPeriod("2026-03-05", "2026-03-20")).toEqual({ months: null, days: [{ from: "2026-03-05", to: "2026-03-20" }] });
    expect(splitPeriod("2026-02-01", "2026-02-28").days).toEqual([]);
  });

  it("a point with far fewer paid sessions per slot than similar points is flagged", async () => {
    for (const [code, paid] of [
      ["PEER-A", 6],
      ["PEER-B", 5],
      ["PEER-LOW", 1],
    ] as const) {
      const r = await postStreetPoint(dishub, code, code, 10, [perEntry("motor", 2000)]);
      expect(r.status).toBe(201);
      for (let i = 0; i < paid; i++)
        expect((await jukir.request("POST", "/api/parking/dev/pay", { orderId: `S-${code}-motor`, amount: 2000 })).body.counted).toBe(true);
    }
    const rev = await dishub.request("GET", "/api/parking/revenue");
    const low = Object.fromEntries(rev.body.points.map((x: { code: string; low: boolean }) => [x.code, x.low]));
    expect(low).toMatchObject({ "PEER-A": false, "PEER-B": false, "PEER-LOW": true });
    const bad = await dishub.request("GET", "/api/parking/revenue?from=2026-12-31&to=2026-01-01");
    expect(bad.status).toBe(400);
  });

  /** Bapenda uploads Midtrans's settlement file of a day. */
  function uploadSettlement(date: string, csv: string) {
    const mp = multipartFile("settlement.csv", "text/csv", Buffer.from(csv));
    return p.app.inject({
      method: "POST",
      url: `/api/parking/settlements?gateway=midtrans&date=${date}`,
      payload: mp.payload,
      headers: { ...mp.headers, "x-balai-tenant": "16.71", cookie: bapenda.cookie as string, "x-csrf-token": bapenda.csrf as string },
    });
  }

  it("a malformed settlement file is refused with line and column", async () => {
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
    const csv = "transaction_id,order_id,amount,settled_at\nmid-1,PKR-1,abc,2026-12-02T10:00:00Z\n,PKR-2,2000,yesterday\n";
    const r = await uploadSettlement(date, csv);
    expect(r.statusCode, r.body).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(["line 2, amount", "line 3, transaction_id", "line 3, settled_at"]);
  });

  it("reconciliation lists every mismatch against the settlement file", async () => {
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
    const ours = await p.db.query<{ gateway_txn_id: string; order_id: string; amount: number }>(
      "SELECT gateway_txn_id, order_id, amount FROM parking_payments WHERE gateway = 'midtrans' AND counted ORDER BY created_at",
    );
    expect(ours.length).toBeGreaterThanOrEqual(2);
    const lines = [
      "transaction_id,order_id,amount,fee,settled_at",
      `${ours[0].gateway_txn_id},${ours[0].order_id},${ours[0].amount},14,${date}T20:00:00+07:00`,
      `${ours[1].gateway_txn_id},${ours[1].order_id},${ours[1].amount + 500},14,${date}T20:00:00+07:00`,
      `mid-static-1,S-${CODE}-motor,5000,35,${date}T20:00:00+07:00`,
      `unknown-txn-9,PKR-NOPE,3000,21,${date}T20:00:00+07:00`,
    ];
    const r = await uploadSettlement(date, `${lines.join("\n")}\n`);
    expect(r.statusCode, r.body).toBe(201);
    const kinds = r.json().mismatches.map((m: { kind: string; transactionId: string }) => `${m.kind}:${m.transactionId}`);
    expect(kinds).toContain(`amount-differs:${ours[1].gateway_txn_id}`);
    expect(kinds).toContain("not-counted:mid-static-1");
    expect(kinds).toContain("missing-in-balai:unknown-txn-9");
    for (const o of ours.slice(2)) expect(kinds).toContain(`missing-in-settlement:${o.gateway_txn_id}`);
    expect(kinds).not.toContain(`amount-differs:${ours[0].gateway_txn_id}`);
  });
});
