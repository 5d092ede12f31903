import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAs, setupPlatform } from "../../../test/helpers.ts";
import { type FakeDapodik, fakeSchool, startFakeDapodik } from "../../../test/fakes/dapodik.ts";
import { DapodikClient, DapodikError } from "./dapodik.ts";

describe("Dapodik web service adapter (against the local fake)", () => {
  let fake: FakeDapodik;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    fake = await startFakeDapodik();
    fake.schools.set("10603001", fakeSchool("10603001", "SD Negeri 1 Palembang", { classes: 6, perClass: 28, teachers: 9 }));
    fake.schools.set("10609999", fakeSchool("10609999", "SD Negeri Luar Kota", { kodeWilayah: "020101" }));
    fake.schools.get("10609999")!.sekolah.kecamatan = "Kec. Bukan Palembang";
    fake.schools.set("69999999", {
      ...fakeSchool("69999999", "SMA Negeri 1"),
      sekolah: { ...fakeSchool("69999999", "SMA Negeri 1").sekolah, bentuk_pendidikan_id_str: "SMA" },
    });
    env.DAPODIK_URL = fake.url;
    env.DAPODIK_TOKEN = fake.token;
  });
  afterAll(() => fake?.close());
  const s = setupPlatform(env);

  it("sends the four GET calls with ?npsn= and the bearer token, and reads {results, rows}", async () => {
    const client = new DapodikClient(`${fake.url}/`, fake.token);
    const before = fake.requests.length;
    const snap = await client.snapshot("10603001");
    const reqs = fake.requests.slice(before);
    expect(reqs.map((r) => r.path).sort()).toEqual([
      "/WebService/getGtk",
      "/WebService/getPesertaDidik",
      "/WebService/getRombonganBelajar",
      "/WebService/getSekolah",
    ]);
    for (const r of reqs) {
      expect(r).toMatchObject({ method: "GET", npsn: "10603001", authorization: `Bearer ${fake.token}` });
    }
    expect(snap.sekolah).toMatchObject({ npsn: "10603001", nama: "SD Negeri 1 Palembang", bentuk_pendidikan_id_str: "SD" });
    expect(snap.gtk).toHaveLength(10);
    expect(snap.rombel).toHaveLength(6);
    expect(snap.pesertaDidik).toHaveLength(6 * 28);
  });

  it("fails like Dapodik: wrong token, unknown NPSN", async () => {
    const wrong = new DapodikClient(fake.url, "salah");
    const e1 = await wrong.sekolah("10603001").catch((e) => e);
    expect(e1).toBeInstanceOf(DapodikError);
    expect(e1).toMatchObject({ reason: "unauthorized", code: "dapodik-unauthorized" });
    const e2 = await new DapodikClient(fake.url, fake.token).sekolah("12345678").catch((e) => e);
    expect(e2).toMatchObject({ reason: "school-not-found" });
    const e3 = await new DapodikClient("http://127.0.0.1:1", fake.token, 2000).sekolah("12345678").catch((e) => e);
    expect(e3).toMatchObject({ reason: "unreachable" });
  });

  it("imports schools by NPSN over HTTP: school unit under Disdik, classes, head counts; bad NPSN listed, nothing else lost", async () => {
    const disdik = await loginAs(s.app, "operator.disdik@palembang.go.id");
    const res = await disdik.request("POST", "/api/schools/import/dapodik", { npsn: ["10603001", "12345678", "10609999", "69999999", "123"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.imported).toEqual([expect.objectContaining({ npsn: "10603001", classes: 6, pupils: 168, teachers: 9 })]);
    const reasons = Object.fromEntries(res.body.problems.map((p) => [p.npsn, p.reason]));
    expect(reasons["12345678"]).toMatch(/school-not-found/);
    expect(reasons["10609999"]).toMatch(/bukan wilayah kota ini/);
    expect(reasons["69999999"]).toMatch(/bukan SD\/SMP/);
    expect(reasons["123"]).toMatch(/8 karakter/);
    const list = await disdik.request("GET", "/api/schools");
    expect(list.body).toEqual([
      expect.objectContaining({
        npsn: "10603001",
        level: "SD",
        principalName: "Hj. Sri Wahyuni, S.Pd.",
        kecamatan: { code: "16.71.04", name: expect.stringMatching(/Ilir Barat I/) },
      }),
    ]);
    // The school is the demo school's org unit (the principal's grant is there): kind sekolah, under DISDIK.
    const unit = await s.db.one<{ kind: string; parent: string }>(
      "SELECT u.kind, p.code AS parent FROM org_units u JOIN org_units p ON p.id = u.parent_id WHERE u.tenant_id = '16.71' AND u.code = 'SEKOLAH-10603001'",
    );
    expect(unit).toEqual({ kind: "sekolah", parent: "DISDIK" });
    // Only Disdik imports.
    const dukcapil = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    expect((await dukcapil.request("POST", "/api/schools/import/dapodik", { npsn: ["10603001"] })).status).toBe(403);
    const principal = await loginAs(s.app, "kepsek.sdn1@palembang.go.id");
    expect((await principal.request("POST", "/api/schools/import/dapodik", { npsn: ["10603001"] })).status).toBe(403);
  });

  it("a token Dapodik refuses stops the import with a clear 502", async () => {
    const token = fake.token;
    fake.token = "rotated";
    try {
      const disdik = await loginAs(s.app, "operator.disdik@palembang.go.id");
      const res = await disdik.request("POST", "/api/schools/import/dapodik", { npsn: ["10603001"] });
      expect(res.status).toBe(502);
      expect(res.body.type).toBe("/problems/dapodik-unauthorized");
    } finally {
      fake.token = token;
    }
  });
});
