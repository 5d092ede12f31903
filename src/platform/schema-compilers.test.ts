import { describe, expect, it } from "vitest";
import { client, setupPlatform } from "../../test/helpers.ts";

const ctx = setupPlatform();

describe("route schemas are compiled on first use (src/platform/schema-compilers.ts)", () => {
  it("a route's first request validates, coerces and serializes as a compiled-at-start route did", async () => {
    const anon = client(ctx.app);
    // Query coercion (a root value coerced in place) and the 400 problem on a bad value.
    const bad = await anon.request("GET", "/api/catalog/services?q=akta&limit=abc");
    expect(bad.status).toBe(400);
    expect(bad.problem.type).toBe("/problems/validation-failed");
    expect(bad.problem.errors?.some((e: { field: string }) => e.field === "limit")).toBe(true);
    const ok = await anon.request("GET", "/api/catalog/services?q=akta&limit=2");
    expect(ok.status).toBe(200);
    // The 404 problem of another route, written by the one Problem serializer every route shares.
    const missing = await anon.request("GET", "/api/public/lapor/reports/LJLN-2026-999999");
    expect(missing.status).toBe(404);
    expect(missing.problem).toMatchObject({ type: "/problems/report-not-found", status: 404 });
    expect(missing.problem.title).toBeTruthy();
  });

  it("every route's validators and serializers compile", () => {
    const built = ctx.app.compileAllSchemas();
    expect(built).toBeGreaterThan(300);
    expect(ctx.app.compileAllSchemas()).toBe(0);
  });
});
