import { describe, expect, it } from "vitest";
import { loginAs, setupPlatform } from "../../../test/helpers.ts";
import { REPORTS_PER_ACCOUNT_HOUR } from "./service.ts";

// The production limits (BALAI_RATE_LIMIT at its default of 600 per minute).
const ctx = setupPlatform({ BALAI_RATE_LIMIT: "600" });

describe("abuse limits", () => {
  it("limits reports per account per hour; a refused report stores nothing", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const body = (i: number) => ({
      category: "lapor-lainnya",
      lat: -2.95 - i * 0.001,
      lon: 104.74,
      kelurahan: "16.71.04.1003",
      description: `Laporan ke-${i}`,
      anonymous: false,
      confidential: false,
    });
    for (let i = 0; i < REPORTS_PER_ACCOUNT_HOUR; i++) expect((await citizen.request("POST", "/api/lapor/reports", body(i))).status).toBe(201);
    const refused = await citizen.request("POST", "/api/lapor/reports", body(99));
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe("/problems/rate-limited");
    const n = await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE kind = 'complaint'");
    expect(n?.n).toBe(REPORTS_PER_ACCOUNT_HOUR);
  });
});
