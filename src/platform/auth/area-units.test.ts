// Menus by role start at the permissions: a grant in an area unit (kelurahan, kecamatan) gives none of the OPD
// tools, so a kelurahan operator's session lists neither the bus fleet nor the 112 liaison desk, and the API refuses
// them too; the same role in an OPD keeps them.
import { describe, expect, it } from "vitest";
import { loginAs, setupPlatform } from "../../../test/helpers.ts";

const ctx = setupPlatform();
const permissionsOf = async (login: string) => {
  const c = await loginAs(ctx.app, login);
  return { c, permissions: (await c.request("GET", "/api/auth/session")).body.user!.permissions as string[] };
};

describe("permissions in area units", () => {
  it("a kelurahan operator handles cases but holds no fleet, 112 liaison or other OPD tool; OPD operators and admins do", async () => {
    const kel = await permissionsOf("operator.kelurahan@palembang.go.id");
    expect(kel.permissions).toEqual(expect.arrayContaining(["console.access", "cases.inbox", "eoffice.use"]));
    for (const p of ["transit.monitor", "incidents.liaison", "health.counter", "parking.manage", "prices.enter", "schools.review"]) {
      expect(kel.permissions, p).not.toContain(p);
    }
    expect((await kel.c.request("GET", "/api/transit/feed")).status).toBe(403);

    const damkar = await permissionsOf("operator.damkar@palembang.go.id");
    expect(damkar.permissions).toEqual(expect.arrayContaining(["incidents.liaison", "transit.monitor"]));
    const admin = await permissionsOf("admin@palembang.go.id");
    expect(admin.permissions).toContain("transit.monitor");
    expect(admin.permissions).not.toContain("incidents.liaison");
    expect((await admin.c.request("GET", "/api/transit/feed")).status).not.toBe(403);
  });
});
