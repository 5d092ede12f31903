import { describe, expect, it } from "vitest";
import { loginAs, setupPlatform, signUpCitizen } from "../../../test/helpers.ts";
import { REPORTS_PER_ACCOUNT_HOUR } from "./common.ts";

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
    expect(refused.problem.type).toBe("/problems/rate-limited");
    const n = await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE kind = 'complaint'");
    expect(n?.n).toBe(REPORTS_PER_ACCOUNT_HOUR);
  });

  it("limits reports per IP address across accounts (30 per 10 minutes)", async () => {
    const citizens = [];
    for (let i = 0; i < 4; i++) citizens.push(await signUpCitizen(ctx, `ip${i}@example.com`));
    const body = (i: number) => ({
      category: "lapor-lainnya",
      lat: -2.93 - i * 0.001,
      lon: 104.72,
      kelurahan: "16.71.04.1003",
      description: `Dari satu alamat IP, laporan ke-${i}`,
      anonymous: false,
      confidential: false,
    });
    const before = (await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE kind = 'complaint'"))!.n;
    const statuses: number[] = [];
    // The first test already used 11 of this address's 30; every account stays under its own 10 per hour.
    for (let i = 0; i < 20; i++) statuses.push((await citizens[Math.floor(i / 9)].request("POST", "/api/lapor/reports", body(i))).status);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBe(30 - 11);
    expect(statuses.slice(created).every((s) => s === 429)).toBe(true);
    const after = (await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE kind = 'complaint'"))!.n;
    expect(after - before).toBe(created);
  });
});
