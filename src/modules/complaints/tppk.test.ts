import { describe, expect, it } from "vitest";
import { type Client, client, loginAs, setupPlatform, signUpCitizen } from "../../../test/helpers.ts";

/** Files an e-Lapor bullying report from a school in kelurahan 16.71.04.1003. */
const reportBullying = (c: Client, fields: Record<string, unknown>) =>
  c.request("POST", "/api/lapor/reports", { category: "lapor-perundungan", lat: -2.9761, lon: 104.7458, kelurahan: "16.71.04.1003", ...fields });

/** schools (docs/schools.md): bullying/violence reports at school involve minors and are read only by TPPK members. */
describe("e-Lapor bullying and violence reports (category lapor-perundungan): TPPK only", () => {
  const s = setupPlatform();
  const SECRET = "Anak saya dipukul kakak kelas di kamar mandi sekolah";

  it("is confidential by default, routed to the school and Disdik's TPPK, and visible only to them and the reporter", async () => {
    const parent = await signUpCitizen(s, "orangtua.tppk@example.com");
    const filed = await reportBullying(parent, { description: SECRET, confidential: false, data: { npsn: "10603001", jenis: "kekerasan_fisik" } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const { id, number } = filed.body;
    expect(number).toMatch(/^LPRN-/);

    // The reporter sees their own report, marked confidential although they did not ask.
    const own = await parent.request("GET", `/api/lapor/reports/${id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ confidential: true, description: SECRET });

    // The school's TPPK member (routed unit) and Disdik's (assigned unit) read it; Disdik's TPPK can act on it.
    const schoolTeam = await loginAs(s.app, "tppk.sdn1@palembang.go.id");
    const seen = await schoolTeam.request("GET", `/api/lapor/reports/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.routedUnit).toMatchObject({ code: "SEKOLAH-10603001" });
    const disdikTeam = await loginAs(s.app, "tppk.disdik@palembang.go.id");
    const handled = await disdikTeam.request("GET", `/api/lapor/reports/${id}`);
    expect(handled.status).toBe(200);
    expect(handled.body.unit).toMatchObject({ code: "DISDIK-TPPK" });
    expect(handled.body.actions.map((a: { key: string }) => a.key)).toContain("accept");
    const accepted = await disdikTeam.request("POST", `/api/cases/${id}/actions/accept`, { version: handled.body.version });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // The team finds it in its staff inbox (assigned to DISDIK-TPPK) and can post an update to the reporter.
    expect(JSON.stringify((await disdikTeam.request("GET", "/api/inbox")).body)).toContain(number);

    // Nobody else: not the Kominfo verifier, not Disdik's general staff, not the principal, not the auditor.
    for (const login of [
      "admin@palembang.go.id",
      "operator.disdik@palembang.go.id",
      "kepsek.sdn1@palembang.go.id",
      "auditor@palembang.go.id",
      "operator.kelurahan@palembang.go.id",
    ]) {
      const c = await loginAs(s.app, login);
      expect((await c.request("GET", `/api/lapor/reports/${id}`)).status, login).toBe(404);
      // Nor through the case engine's own view of the case.
      expect((await c.request("GET", `/api/cases/${id}`)).status, `${login} /api/cases`).toBe(404);
    }
    expect((await parent.request("GET", `/api/cases/${id}`)).status).toBe(200);
    expect((await disdikTeam.request("GET", `/api/cases/${id}`)).status).toBe(200);
    const disdikStaff = await loginAs(s.app, "operator.disdik@palembang.go.id");
    const inbox = await disdikStaff.request("GET", "/api/inbox");
    expect(JSON.stringify(inbox.body)).not.toContain(number);

    // Never public: not in the list, not by number, not on the map.
    const pub = client(s.app);
    const list = await pub.request("GET", "/api/public/lapor/reports?limit=200");
    expect(list.body.items.map((i: { number: string }) => i.number)).not.toContain(number);
    expect((await pub.request("GET", `/api/public/lapor/reports/${number}`)).status).toBe(404);

    // Never on the wall or a heat map: the case carries no point; the wall shows no text of it.
    const row = await s.db.one<{ lat: number | null; h3: string | null }>("SELECT lat, h3 FROM cases WHERE id = $1", [id]);
    expect(row).toEqual({ lat: null, h3: null });
    const wall = await (await loginAs(s.app, "lawangjabo@palembang.go.id")).request("GET", "/api/command/overview");
    expect(wall.status).toBe(200);
    expect(JSON.stringify(wall.body)).not.toContain("dipukul");
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const heat = await admin.request("GET", "/api/lapor/heatmap");
    expect(JSON.stringify(heat.body)).not.toContain("dipukul");
    const unplaced = await admin.request("GET", "/api/lapor/unplaced");
    expect(JSON.stringify(unplaced.body)).not.toContain(number);
  });

  it("without a known school it still goes to Disdik's TPPK only", async () => {
    const parent = await signUpCitizen(s, "orangtua2.tppk@example.com");
    const filed = await reportBullying(parent, { description: "Perundungan di grup kelas", anonymous: true, data: { npsn: "99999999", jenis: "perundungan" } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const disdikTeam = await loginAs(s.app, "tppk.disdik@palembang.go.id");
    const r = await disdikTeam.request("GET", `/api/lapor/reports/${filed.body.id}`);
    expect(r.status).toBe(200);
    expect(r.body.reporter).toBeNull();
    expect((await (await loginAs(s.app, "tppk.sdn1@palembang.go.id")).request("GET", `/api/lapor/reports/${filed.body.id}`)).status).toBe(404);
  });
});
