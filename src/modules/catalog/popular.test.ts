// Popular services: the most filed in the city over the last 90 days (home page), and popularity as search's third
// ranking key (after matches in the name and in the keywords).
import { describe, expect, it, vi } from "vitest";
import { applyFor, client, MALANG, signUpCitizen, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();

describe("popular services", () => {
  it("lists the most filed services first with their count, only filed ones, and ranks equal search matches by it", async () => {
    const anon = client(ctx.app);
    const search = async (q: string) =>
      (await anon.request("GET", `/api/catalog/services?q=${encodeURIComponent(q)}&limit=100`)).body.map((s: { key: string }) => s.key) as string[];
    // Two letters whose names match "surat keterangan" equally: which comes first before anything is filed?
    const before = await search("surat keterangan");
    const pair = ["surat-keterangan-usaha", "surat-keterangan-domisili"];
    const [first, second] = pair.sort((a, b) => before.indexOf(a) - before.indexOf(b));
    expect(before.indexOf(first)).toBeGreaterThanOrEqual(0);

    const citizen = await signUpCitizen(ctx, "populer@example.com");
    for (let i = 0; i < 3; i++) await applyFor(ctx.app, citizen, second);
    await applyFor(ctx.app, citizen, first);
    // Counts are cached for five minutes: move the clock past that, then wait for the recount in the background.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 6 * 60_000);
    let popular = await anon.request("GET", "/api/catalog/popular?limit=24");
    for (let i = 0; i < 50 && !popular.body.some((s: { key: string }) => s.key === second); i++) {
      await new Promise((r) => setTimeout(r, 100));
      popular = await anon.request("GET", "/api/catalog/popular?limit=24");
    }
    vi.useRealTimers();
    expect(popular.status).toBe(200);
    const filed = Object.fromEntries(popular.body.map((s: { key: string; filed: number }) => [s.key, s.filed]));
    expect(filed[second]).toBeGreaterThanOrEqual(3);
    expect(filed[second]).toBeGreaterThan(filed[first]);
    const counts = popular.body.map((s: { filed: number }) => s.filed);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    expect(counts.every((n: number) => n > 0)).toBe(true);
    expect(popular.body.every((s: { kind: string }) => s.kind === "application")).toBe(true);
    expect(popular.body[0]).toMatchObject({ name: { id: expect.any(String), en: expect.any(String) }, unit: { code: expect.any(String) } });

    const limited = await anon.request("GET", "/api/catalog/popular?limit=1");
    expect(limited.body).toHaveLength(1);
    expect(limited.body[0].key).toBe(popular.body[0].key);

    // Now the more filed of the two comes first; a title match still beats popularity ("domisili").
    const after = await search("surat keterangan");
    expect(after.indexOf(second)).toBeLessThan(after.indexOf(first));
    expect((await search("domisili"))[0]).toBe("surat-keterangan-domisili");
  });

  it("counts per tenant and refuses bad parameters with problem+json", async () => {
    const malang = await client(ctx.app, MALANG).request("GET", "/api/catalog/popular");
    expect(malang.status).toBe(200);
    expect(malang.body.map((s: { key: string }) => s.key)).not.toContain("surat-keterangan-usaha");
    const bad = await client(ctx.app).request("GET", "/api/catalog/popular?limit=500");
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/problem\+json/);
  });
});
