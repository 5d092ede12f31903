import { describe, expect, it } from "vitest";
import type { Reply } from "../../test/answers.ts";
import { client, loginAs, multipartFile, postMultipart, setupPlatform, TINY_PNG } from "../../test/helpers.ts";
import { findBadText, isCalendarDate, isDateTime, withBounds } from "./schemas.ts";

const ctx = setupPlatform();

/** The 400 problem+json with one field error on `field` with `code`. */
function expectFieldError(res: Reply<unknown>, field: string, code?: string) {
  expect(res.status).toBe(400);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  expect(res.problem.type).toBe("/problems/validation-failed");
  const hit = res.problem.errors!.find((e) => e.field === field);
  expect(hit, JSON.stringify(res.problem.errors)).toBeDefined();
  if (code) expect(hit!.code).toBe(code);
  expect(hit!.message).toBeTruthy();
}

describe("text that PostgreSQL cannot store is a 400 field error on every route", () => {
  it("NUL in a public JSON body, a query parameter and a path parameter", async () => {
    const anon = client(ctx.app);
    expectFieldError(
      await anon.request("POST", "/api/auth/login", { identifier: "warga\u0000@example.com", password: "x" }),
      "identifier",
      "invalid-characters",
    );
    expectFieldError(await anon.request("GET", "/api/catalog/services?q=akta%00"), "q", "invalid-characters");
    expectFieldError(await anon.request("GET", "/api/public/lapor/reports/LJLN-2026%00"), "number", "invalid-characters");
    expectFieldError(await anon.request("GET", "/api/track/abcdefghij%00"), "token", "invalid-characters");
  });

  it("unpaired surrogates in a body (inside free-form data too) and in a query, as a citizen", async () => {
    const warga = await loginAs(ctx.app, "warga@example.com");
    const report = { category: "lapor-jalan-rusak", lat: -2.99, lon: 104.76, description: "Lubang \ud800 besar" };
    expectFieldError(await warga.request("POST", "/api/lapor/reports", report), "description", "invalid-characters");
    const draft = await warga.request("POST", "/api/cases", { service: "surat-keterangan-domisili", data: { alamat: "Jl. \udc00" } });
    expectFieldError(draft, "data.alamat", "invalid-characters");
    expectFieldError(await warga.request("POST", "/api/cases", { service: "x", data: { "k\ud800": 1 } }), "data.k\ud800", "invalid-characters");
    expectFieldError(await warga.request("GET", "/api/public/lapor/reports?category=%ED%A0%80"), "category");
  });

  it("NUL in a multipart file name or field", async () => {
    const warga = await loginAs(ctx.app, "warga@example.com");
    const res = await postMultipart(ctx.app, warga, "/api/lapor/photos", multipartFile("foto\u0000.png", "image/png", TINY_PNG));
    expect(res.status).toBe(400);
    expect(res.problem.errors![0]).toMatchObject({ field: "file", code: "invalid-characters" });
  });
});

describe("integers are bounded by their columns", () => {
  it("rejects version 2^53, limit=Infinity, before=1e20 and year=Infinity with field errors", async () => {
    const anon = client(ctx.app);
    expectFieldError(await anon.request("GET", "/api/public/lapor/reports?limit=Infinity"), "limit", "maximum");
    expectFieldError(await anon.request("GET", "/api/holidays?year=Infinity"), "year", "maximum");
    expectFieldError(await anon.request("GET", "/api/catalog/services?offset=1e20"), "offset", "maximum");
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    expectFieldError(await admin.request("GET", "/api/admin/audit?before=1e20"), "before", "maximum");
    const warga = await loginAs(ctx.app, "warga@example.com");
    const draft = await warga.request("POST", "/api/cases", { service: "surat-keterangan-domisili" });
    expect(draft.status).toBe(201);
    expectFieldError(await warga.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: 2 ** 53, data: {} }), "version", "maximum");
    expectFieldError(await warga.request("POST", `/api/cases/${draft.body.id}/submit`, { version: 2 ** 31 }), "version", "maximum");
    // The same route still takes an in-range version.
    expect((await warga.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: draft.body.version, data: {} })).status).toBe(200);
  });

  it("gives unbounded request schemas int4 and ±1e12 bounds, keeping declared ones", () => {
    const s = withBounds(
      { type: "object", properties: { a: { type: "integer" }, b: { type: "integer", maximum: 5 }, c: { type: "number" }, d: { type: "string" } } },
      "querystring",
    ) as unknown as { properties: Record<string, Record<string, number>> };
    expect(s.properties.a).toMatchObject({ minimum: -2147483648, maximum: 2147483647 });
    expect(s.properties.b).toMatchObject({ minimum: -2147483648, maximum: 5 });
    expect(s.properties.c).toMatchObject({ minimum: -999_999_999_999, maximum: 999_999_999_999 });
    expect(s.properties.d.maxLength).toBe(500);
  });
});

describe("dates are real calendar dates in 1900–2200", () => {
  it("rejects impossible dates on public statistics, prices and report lists", async () => {
    const anon = client(ctx.app);
    expectFieldError(await anon.request("GET", "/api/public/lapor/stats?from=2026-13-45"), "from");
    expectFieldError(await anon.request("GET", "/api/public/lapor/stats?to=9999-99-99"), "to");
    expectFieldError(await anon.request("GET", "/api/public/lapor/reports?from=2026-02-30"), "from");
    expectFieldError(await anon.request("GET", "/api/public/prices/today?date=2026-13-01"), "date", "date-invalid");
    expectFieldError(await anon.request("GET", "/api/public/prices/series?commodity=beras-medium-1&from=1899-12-31"), "from", "date-invalid");
    // Real dates still pass.
    expect((await anon.request("GET", "/api/public/lapor/stats?from=2026-01-01&to=2026-02-28")).status).toBe(200);
    expect((await anon.request("GET", "/api/public/prices/today?date=2024-02-29")).status).toBe(200);
  });

  it("checks the calendar, leap years and the range", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-04-31")).toBe(false);
    expect(isCalendarDate("2026-13-45")).toBe(false);
    expect(isCalendarDate("9999-12-31")).toBe(false);
    expect(isCalendarDate("1900-01-01")).toBe(true);
    expect(isDateTime("2026-03-05T14:02:11+07:00")).toBe(true);
    expect(isDateTime("2026-03-05T24:00:00Z")).toBe(false);
    expect(isDateTime("2026-02-30T10:00:00Z")).toBe(false);
  });
});

describe("findBadText", () => {
  it("names the path of the first bad string or key, and survives deep nesting", () => {
    expect(findBadText({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toBe("a.1.c");
    expect(findBadText({ ok: "😀 Palembang" })).toBeUndefined();
    let deep: unknown = "\ud800";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep)?.startsWith("0.0.0")).toBe(true);
  });
});
