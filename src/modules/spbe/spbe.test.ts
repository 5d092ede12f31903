import { describe, expect, it } from "vitest";
import { loginAs, multipartFile, postMultipart, setupPlatform, TINY_PNG } from "../../../test/helpers.ts";
import type { Client } from "../../../test/helpers.ts";
import { frameworks } from "./framework.ts";

describe("SPBE self-assessment over HTTP: assign, answer with evidence, review, index with year-on-year", () => {
  const s = setupPlatform();
  const fw = frameworks().get("spbe-2020")!;

  const upload = <const U extends string>(c: Client, url: U, filename: string, type: string, bytes: Buffer) =>
    postMultipart(s.app, c, url, multipartFile(filename, type, bytes));

  it("runs an evaluation end to end and computes the index with the official weights", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const dukcapil = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    expect((await dukcapil.request("POST", "/api/spbe/assessments", { framework: "spbe-2020", year: 2030 })).status).toBe(403);
    const unknown = await admin.request("POST", "/api/spbe/assessments", { framework: "nope", year: 2030 });
    expect(unknown.problem.errors![0]).toMatchObject({ field: "framework", code: "spbe-unknown-framework" });
    const ids: Record<number, string> = {};
    for (const year of [2029, 2030]) {
      const r = await admin.request("POST", "/api/spbe/assessments", { framework: "spbe-2020", year });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[year] = r.body.id;
      const assignments = fw.indicators.map((i) => ({ indicator: i.code, unitCode: i.code === "42" ? "DISDUKCAPIL" : "DISKOMINFO" }));
      expect((await admin.request("PUT", `/api/spbe/assessments/${r.body.id}/assignments`, { assignments })).status).toBe(200);
    }
    expect((await admin.request("POST", "/api/spbe/assessments", { framework: "spbe-2020", year: 2030 })).status).toBe(409);
    // last year: every indicator at level 2
    for (const i of fw.indicators) {
      const r = await admin.request("PUT", `/api/spbe/assessments/${ids[2029]}/answers/${i.code}`, { level: 2, explanation: "ok" });
      expect(r.status).toBe(200);
    }

    // The Disdukcapil operator sees only the indicator assigned to its unit, and cannot answer another.
    const view = await dukcapil.request("GET", `/api/spbe/assessments/${ids[2030]}`);
    expect(view.body.indicators.map((i: { code: string }) => i.code)).toEqual(["42"]);
    expect(view.body.framework.levels).toMatchObject({ min: 1, max: 5 });
    expect((await dukcapil.request("PUT", `/api/spbe/assessments/${ids[2030]}/answers/1`, { level: 3, explanation: "x" })).status).toBe(403);
    const before = await s.db.query("SELECT * FROM spbe_answers WHERE assessment_id = $1", [ids[2030]]);
    for (const level of [6, 0]) {
      const bad = await dukcapil.request("PUT", `/api/spbe/assessments/${ids[2030]}/answers/42`, { level, explanation: "x" });
      expect(bad.status).toBe(400);
      expect(bad.problem.errors![0]).toMatchObject({ field: "level", code: "spbe-level-out-of-range" });
    }
    expect(await s.db.query("SELECT * FROM spbe_answers WHERE assessment_id = $1", [ids[2030]])).toEqual(before);
    const ok = await dukcapil.request("PUT", `/api/spbe/assessments/${ids[2030]}/answers/42`, { level: 4, explanation: "Pengaduan terpadu e-Lapor" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // evidence: an image is kept with its hash, a text file is refused by its content
    const png = await upload(dukcapil, `/api/spbe/assessments/${ids[2030]}/answers/42/evidence`, "tangkapan.png", "image/png", TINY_PNG);
    expect(png.status, JSON.stringify(png.body)).toBe(201);
    expect(png.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const txt = await upload(
      dukcapil,
      `/api/spbe/assessments/${ids[2030]}/answers/42/evidence`,
      "bukti.pdf",
      "application/pdf",
      Buffer.from("MZ not a pdf at all"),
    );
    expect(txt.status).toBe(400);
    expect(txt.problem.errors![0]).toMatchObject({ code: "file-type" });

    // Kominfo reviews: accepts 42 at level 3 (one lower); the rest answered at 3 → index 3.00, Baik
    expect((await admin.request("POST", `/api/spbe/assessments/${ids[2030]}/answers/42/review`, { decision: "accept", level: 3 })).status).toBe(200);
    expect((await dukcapil.request("PUT", `/api/spbe/assessments/${ids[2030]}/answers/42`, { level: 5, explanation: "again" })).status).toBe(409);
    for (const i of fw.indicators.filter((x) => x.code !== "42"))
      await admin.request("PUT", `/api/spbe/assessments/${ids[2030]}/answers/${i.code}`, { level: i.domain === "D1" ? 5 : 3, explanation: "ok" });
    const idx = await admin.request("GET", `/api/spbe/assessments/${ids[2030]}/index`);
    // (13 × 5 + 87 × 3) / 100 = 3.26
    expect(idx.body).toMatchObject({ index: 3.26, predicate: "Baik", answered: 47, previous: { year: 2029, index: 2, predicate: "Cukup" } });
    expect(idx.body.domains.map((d: { code: string; index: number }) => [d.code, d.index])).toEqual([
      ["D1", 5],
      ["D2", 3],
      ["D3", 3],
      ["D4", 3],
    ]);
    // A returned answer leaves the index until answered again.
    await admin.request("POST", `/api/spbe/assessments/${ids[2030]}/answers/1/review`, { decision: "return", note: "Lampirkan Perwali" });
    expect((await admin.request("GET", `/api/spbe/assessments/${ids[2030]}/index`)).body.index).toBe(3.2); // (11.7 × 5 + 87 × 3) / 100 = 3.195
    const pre = await admin.request("GET", `/api/spbe/assessments/${ids[2030]}/prefill`);
    expect(pre.body["services-online"].active).toBeGreaterThan(0);
    expect(pre.body["sla-compliance"]).toHaveProperty("closedWithinSla");
  });
});
