import { describe, expect, it } from "vitest";
import { computeIndex, frameworks, parseFramework, predicateOf } from "./framework.ts";

describe("evaluation frameworks as data, and their index arithmetic", () => {
  const spbe = frameworks().get("spbe-2020")!;
  const pemdi = frameworks().get("pemdi-2026")!;

  it("SPBE 2020 has 4 domains, 8 aspects, 47 indicators and weights that sum to 100; Pemdi 9 aspects, 35 indicators", () => {
    expect([spbe.domains.length, spbe.aspects.length, spbe.indicators.length]).toEqual([4, 8, 47]);
    expect(spbe.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(100, 6);
    expect(pemdi.aspects.map((a) => a.name)).toEqual([
      "Strategi",
      "Tata Kelola",
      "Teknologi",
      "Audit",
      "Keamanan Siber",
      "Kapabilitas",
      "Data",
      "Keterpaduan",
      "Kepuasan",
    ]);
    expect(pemdi.indicators).toHaveLength(35);
    expect(pemdi.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(100, 6);
    expect(pemdi.levels.names).toMatchObject({ 1: "Rintisan", 5: "Optimum" });
  });

  it("SPBE index by hand: domain 1 at level 5, every other indicator at 2 → (13×5 + 87×2)/100 = 2.39, Cukup", () => {
    const levels = new Map(spbe.indicators.map((i) => [i.code, i.domain === "D1" ? 5 : 2]));
    const r = computeIndex(spbe, levels);
    expect(r.index).toBe(2.39);
    expect(r.predicate).toBe("Cukup");
    expect(r.domains.map((d) => [d.code, d.index, d.weight])).toEqual([
      ["D1", 5, 13],
      ["D2", 2, 25],
      ["D3", 2, 16.5],
      ["D4", 2, 45.5],
    ]);
  });

  it("SPBE index by hand: layanan (domain 4) at 5, tata kelola at 4, the rest at 3 → (29.5×3 + 25×4 + 45.5×5)/100 = 4.16, Sangat Baik; one level more in D1 → Memuaskan", () => {
    const lv = (d: string | null) => (d === "D4" ? 5 : d === "D2" ? 4 : 3);
    const r = computeIndex(spbe, new Map(spbe.indicators.map((i) => [i.code, lv(i.domain)])));
    expect(r.index).toBe(4.16);
    expect(r.predicate).toBe("Sangat Baik");
    // D1 at 4: +13/100 → 4.29
    const r2 = computeIndex(spbe, new Map(spbe.indicators.map((i) => [i.code, i.domain === "D1" ? 4 : lv(i.domain)])));
    expect(r2.index).toBe(4.29);
    expect(r2.predicate).toBe("Memuaskan");
    // aspect A2 (4 indicators × 2.5) at level 4
    expect(r.aspects.find((a) => a.code === "A2")).toMatchObject({ index: 4, weight: 10, answered: 4 });
  });

  it("predicates at their boundaries; an unanswered indicator counts as 0", () => {
    expect([4.2, 4.19, 3.5, 2.6, 1.8, 1.79].map((x) => predicateOf(spbe, x))).toEqual(["Memuaskan", "Sangat Baik", "Sangat Baik", "Baik", "Cukup", "Kurang"]);
    const half = new Map(spbe.indicators.filter((i) => i.domain === "D4").map((i) => [i.code, 4]));
    const r = computeIndex(spbe, half);
    expect(r.index).toBe(1.82); // 45.5 × 4 / 100
    expect(r.answered).toBe(16);
  });

  it("Pemdi index by hand: Kepuasan (weight 10) at 5, everything else at 3 → (90×3 + 10×5)/100 = 3.2, Terstandarisasi", () => {
    const r = computeIndex(pemdi, new Map(pemdi.indicators.map((i) => [i.code, i.aspect === "P9" ? 5 : 3])));
    expect(r.index).toBe(3.2);
    expect(r.predicate).toBe("Terstandarisasi");
    expect(r.aspects.find((a) => a.code === "P9")).toMatchObject({ index: 5, weight: 10 });
    expect(r.domains).toEqual([]);
  });

  it("a broken framework file is refused with its problems", () => {
    expect(() => parseFramework("key: Bad Key\nversion: 0\nlevels: {min: 5, max: 1}\npredicates: []\naspects: []", "bad.yaml")).toThrow(
      /bad.yaml: key: .*version: .*levels: .*predicates: .*no indicators/,
    );
  });
});
