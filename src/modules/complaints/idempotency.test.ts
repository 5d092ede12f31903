import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupPlatform, signUpCitizen } from "../../../test/helpers.ts";

const ctx = setupPlatform();
const body = {
  category: "lapor-sampah",
  lat: -2.95,
  lon: 104.72,
  kelurahan: "16.71.04.1003",
  description: "Sampah menumpuk di pinggir jalan sejak seminggu.",
};

describe("e-Lapor Idempotency-Key (the offline queue's retry)", () => {
  it("a retry with the same key returns the report already filed, and files nothing new", async () => {
    const citizen = await signUpCitizen(ctx, "antre.satu@example.com");
    const key = randomUUID();
    const first = await citizen.request("POST", "/api/lapor/reports", body, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(first.body.replayed).toBe(false);
    const retry = await citizen.request("POST", "/api/lapor/reports", body, { "idempotency-key": key });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: first.body.id, number: first.body.number, replayed: true });
    const mine = await citizen.request("GET", "/api/lapor/mine");
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
  });

  it("another key, or no key, files another report; a key is the reporter's own", async () => {
    const citizen = await signUpCitizen(ctx, "antre.dua@example.com");
    const other = await signUpCitizen(ctx, "antre.tiga@example.com");
    const key = randomUUID();
    const a = await citizen.request("POST", "/api/lapor/reports", body, { "idempotency-key": key });
    const b = await citizen.request("POST", "/api/lapor/reports", body, { "idempotency-key": randomUUID() });
    const c = await citizen.request("POST", "/api/lapor/reports", body);
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
    // The same key from someone else is their own report, never a look at the first one.
    const theirs = await other.request("POST", "/api/lapor/reports", body, { "idempotency-key": key });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(a.body.id);
  });

  it("the same key with another body is refused (422 idempotency-key-reused, id/en); the first report stays the only one", async () => {
    const citizen = await signUpCitizen(ctx, "antre.lima@example.com");
    const key = randomUUID();
    const first = await citizen.request("POST", "/api/lapor/reports", body, { "idempotency-key": key });
    expect(first.status).toBe(201);
    const changed = { ...body, description: "Sampah menumpuk dan mulai berbau, sudah dua minggu." };
    const reused = await citizen.request("POST", "/api/lapor/reports", changed, { "idempotency-key": key });
    expect(reused.status).toBe(422);
    expect(reused.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(reused.problem.type).toMatch(/\/problems\/idempotency-key-reused$/);
    expect(reused.problem.title).toMatch(/sudah dipakai/);
    const en = await citizen.request("POST", "/api/lapor/reports", changed, { "idempotency-key": key, cookie: `${citizen.cookie}; balai_lang=en` });
    expect(en.status).toBe(422);
    expect(en.problem.title).toMatch(/already used/);
    // The same body again is still the first report's replay; the key order of the JSON does not matter.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await citizen.request("POST", "/api/lapor/reports", reordered, { "idempotency-key": key });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: first.body.id, replayed: true });
    const mine = await citizen.request("GET", "/api/lapor/mine");
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
  });

  it("a malformed key is refused as problem+json", async () => {
    const citizen = await signUpCitizen(ctx, "antre.empat@example.com");
    const res = await citizen.request("POST", "/api/lapor/reports", body, { "idempotency-key": "no spaces allowed" });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  });
});
