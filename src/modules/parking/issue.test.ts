/** With Midtrans as the issuing gateway, the dynamic QRIS of a session comes from its charge API (tested against the fake). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGateways, gatewayEnv, notify } from "../../../test/fakes/payment-gateways.ts";
import { type Client, loginAs, MemoryAdapter, openTestDb, testConfig } from "../../../test/helpers.ts";
import { createPlatform, type Platform } from "../../server.ts";
import { parseQris } from "./qris.ts";

let p: Platform;
let fake: FakeGateways;
let jukir: Client;

beforeAll(async () => {
  fake = await new FakeGateways().start();
  const memory = new MemoryAdapter();
  p = await createPlatform(testConfig({ ...gatewayEnv(fake.url), BALAI_PARKING_GATEWAY: "midtrans" }), await openTestDb(), {
    adapters: { email: memory, sms: memory, whatsapp: memory },
    background: false,
  });
  const dishub = await loginAs(p.app, "operator.dishub@palembang.go.id");
  const pt = await dishub.request("POST", "/api/parking/points", {
    code: "MT-01",
    name: "Uji Midtrans",
    kind: "off_street",
    capacity: 30,
    tariffs: [{ vehicleType: "mobil", mode: "hour", amount: 4000 }],
  });
  expect(pt.status).toBe(201);
  expect((await dishub.request("POST", "/api/parking/attendants", { name: "Jukir Uji", pointId: pt.body.id, email: "jukir@palembang.go.id" })).status).toBe(
    201,
  );
  jukir = await loginAs(p.app, "jukir@palembang.go.id");
}, 120_000);

afterAll(async () => {
  await p?.close();
  await fake?.close();
});

describe("Midtrans issues the dynamic QRIS", () => {
  it("charges per hour, shows Midtrans's qr_string, and counts its paid notification", async () => {
    const s = await jukir.request("POST", "/api/parking/jukir/sessions", { plate: "BG 8 MT", vehicleType: "mobil", hours: 3 });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.amount).toBe(12_000);
    const charge = fake.requests.find((r) => r.path === "/v2/charge");
    expect(JSON.parse(charge?.body ?? "{}")).toMatchObject({ payment_type: "qris", transaction_details: { order_id: s.body.orderId, gross_amount: 12_000 } });
    expect(parseQris(s.body.qris)).toMatchObject({ dynamic: true, amount: 12_000, reference: s.body.orderId, merchantName: "PARKIR KOTA PALEMBANG" });
    const issued = fake.issued.find((t) => t.orderId === s.body.orderId);
    expect(issued).toBeDefined();
    fake.paid.push(issued!);
    const [headers, body] = notify.midtrans(issued!);
    const cb = await p.app.inject({
      method: "POST",
      url: "/api/parking/callbacks/midtrans",
      headers: { "x-balai-tenant": "16.71", ...headers },
      payload: body,
    });
    expect(cb.json()).toMatchObject({ status: "recorded", counted: true });
    expect((await jukir.request("GET", `/api/parking/jukir/sessions/${s.body.id}`)).body.paid).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it("a refused charge is a 502 and opens no session", async () => {
    fake.answer("4xx");
    const before = (await jukir.request("GET", "/api/parking/jukir/me")).body.sessions.length;
    const s = await jukir.request("POST", "/api/parking/jukir/sessions", { plate: "BG 9 MT", vehicleType: "mobil" });
    expect(s.status).toBe(502);
    expect(s.body.type).toBe("/problems/payment-gateway-unavailable");
    expect((await jukir.request("GET", "/api/parking/jukir/me")).body.sessions.length).toBe(before);
  });
});
