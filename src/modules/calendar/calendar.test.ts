import { afterEach, describe, expect, it, vi } from "vitest";
import { client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { addWorkingDays, localDate } from "../../platform/workdays.ts";
import { fileCase, specOf } from "../cases/index.ts";
import { getServiceRow } from "../catalog/store.ts";
import { decreeStatus, holidaysOf } from "./service.ts";

const ctx = setupPlatform();
const TZ = "Asia/Jakarta";
const tenant = { id: PALEMBANG, timezone: TZ };
type Day = { day: string; name: string; kind: string; source: string };
const daysOf = async (year: number) => (await client(ctx.app).request("GET", `/api/holidays?year=${year}`)).body as Day[];

afterEach(() => {
  vi.useRealTimers();
});

describe("holidays for every year", () => {
  it("takes 2027–2030 from the date-holidays baseline", async () => {
    const y2027 = await daysOf(2027);
    const at = (d: string) => y2027.find((h) => h.day === d);
    expect(at("2027-01-01")).toMatchObject({ kind: "national", source: "library" });
    expect(at("2027-08-17")).toMatchObject({ source: "library", name: "Hari Ulang Tahun Kemerdekaan Republik Indonesia" });
    // Idul Fitri 1448 H as the library computes it (1 and 2 Syawal), as calendar dates despite its odd time zone.
    expect(at("2027-03-09")?.name).toBe("Hari Raya Idul Fitri");
    expect(at("2027-03-10")?.name).toBe("Hari Raya Idul Fitri");
    expect(at("2027-01-05")?.name).toBe("Isra Mikraj Nabi Muhammad SAW");
    expect(y2027.every((h) => h.day.startsWith("2027-"))).toBe(true);
    for (const year of [2028, 2029, 2030]) {
      const list = (await daysOf(year)).map((h) => h.day);
      expect(list).toEqual(expect.arrayContaining([`${year}-01-01`, `${year}-06-01`, `${year}-08-17`, `${year}-12-25`]));
      expect(list).toEqual([...list].sort());
    }
    const en = await client(ctx.app).request("GET", "/api/holidays?year=2029", undefined, { "accept-language": "en" });
    expect(en.body.find((h: Day) => h.day === "2029-08-17")!.name).toBe("Independence Day");
    // 2026 is the seeded SKB: cuti bersama included, all from the decree.
    const y2026 = await daysOf(2026);
    expect(y2026.find((h) => h.day === "2026-03-23")).toMatchObject({ kind: "cuti_bersama", source: "decree" });
    expect(new Set(y2026.map((h) => h.source))).toEqual(new Set(["decree"]));
    expect((await client(ctx.app).request("GET", "/api/holidays?year=1999")).status).toBe(400);
  });

  it("skips a library holiday in an SLA due date (working days and a case filed by the case engine)", async () => {
    const holidays = await holidaysOf(ctx.db, PALEMBANG);
    for (const d of ["2027-08-17", "2028-01-01", "2029-08-17", "2030-12-25", "2027-03-09"]) expect(holidays.has(d)).toBe(true);
    expect(holidays.has("2027-08-18")).toBe(false);
    // Monday 16 August 2027, 10:00 WIB + 1 working day: Tuesday 17 August is off → end of Wednesday 18 August.
    expect(localDate(addWorkingDays(new Date("2027-08-16T03:00:00Z"), 1, TZ, holidays), TZ)).toBe("2027-08-18");
    // Idul Fitri 2027: Friday 5 March + 3 working days skips Monday 8 (Nyepi), Tuesday 9 and Wednesday 10 March.
    expect(localDate(addWorkingDays(new Date("2027-03-05T03:00:00Z"), 3, TZ, holidays), TZ)).toBe("2027-03-15");

    // The case engine files a case on Monday 16 August 2027 (its clock injected): the due date skips 17 August.
    const service = await getServiceRow(ctx.db, PALEMBANG, "surat-keterangan-domisili");
    const spec = await specOf(ctx.db, PALEMBANG, "surat-keterangan-domisili", service!.current_version!);
    const start = new Date("2027-08-16T03:00:00Z");
    const filed = await ctx.db.tx((q) =>
      fileCase(
        q,
        { tenant: { id: PALEMBANG, name: "Kota Palembang", slug: "palembang", timezone: TZ, isDefault: true } },
        {
          serviceKey: "surat-keterangan-domisili",
          version: service!.current_version!,
          spec,
          applicantId: null,
          applicantName: "Warga Uji",
          data: {},
          unitId: service!.owner_unit_id,
          kelurahan: null,
          kecamatan: null,
          actor: { id: null, name: null, role: "citizen" },
        },
        start,
      ),
    );
    expect(filed.number).toMatch(/-2027-/);
    const expected = addWorkingDays(start, spec.slaDays, TZ, new Set(["2027-08-17"]));
    expect(filed.sla_due_at?.toISOString()).toBe(expected.toISOString());
    expect(expected.getTime()).toBeGreaterThan(addWorkingDays(start, spec.slaDays, TZ, new Set()).getTime());
  });

  it("lets a year's decree rows replace the baseline: moved days, cuti bersama, cancelled days", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    // 2028 gets an SKB of its own: Independence Day and a cuti bersama the day after. Nothing else is off that year.
    expect((await admin.request("PUT", "/api/admin/holidays/2028-08-17", { name: "Hari Kemerdekaan RI", kind: "national" })).status).toBe(204);
    expect((await admin.request("PUT", "/api/admin/holidays/2028-08-18", { name: "Cuti bersama Kemerdekaan", kind: "cuti_bersama" })).status).toBe(204);
    expect(await daysOf(2028)).toEqual([
      { day: "2028-08-17", name: "Hari Kemerdekaan RI", kind: "national", source: "decree" },
      { day: "2028-08-18", name: "Cuti bersama Kemerdekaan", kind: "cuti_bersama", source: "decree" },
    ]);
    let holidays = await holidaysOf(ctx.db, PALEMBANG);
    expect(holidays.has("2028-08-18")).toBe(true);
    expect(holidays.has("2028-01-01")).toBe(false); // the baseline no longer counts for 2028
    expect(holidays.has("2029-01-01")).toBe(true); // other years keep theirs
    // Thursday 17 August 2028 is off, Friday 18 the cuti bersama: Wednesday 16 + 1 working day = Monday 21.
    expect(localDate(addWorkingDays(new Date("2028-08-16T03:00:00Z"), 1, TZ, holidays), TZ)).toBe("2028-08-21");

    // Removing the decree rows puts the year back on the baseline.
    await admin.request("DELETE", "/api/admin/holidays/2028-08-17");
    await admin.request("DELETE", "/api/admin/holidays/2028-08-18");
    expect((await daysOf(2028)).find((h) => h.day === "2028-01-01")?.source).toBe("library");
    expect((await holidaysOf(ctx.db, PALEMBANG)).has("2028-08-18")).toBe(false);

    // 2029: start from the baseline, then move Idul Fitri's second day, add cuti bersama, cancel Labour Day.
    const baseline = await daysOf(2029);
    const adopted = await admin.request("POST", "/api/admin/holidays/years/2029/adopt-baseline");
    expect(adopted.body).toEqual({ year: 2029, inserted: baseline.length });
    const again = await admin.request("POST", "/api/admin/holidays/years/2029/adopt-baseline");
    expect(again.status).toBe(409);
    expect(again.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(again.problem.type).toBe("/problems/holiday-decree-exists");
    await admin.request("DELETE", "/api/admin/holidays/2029-02-15");
    await admin.request("PUT", "/api/admin/holidays/2029-02-16", { name: "Hari Raya Idul Fitri 1450 H", kind: "national" });
    await admin.request("PUT", "/api/admin/holidays/2029-02-19", { name: "Cuti bersama Idul Fitri 1450 H", kind: "cuti_bersama" });
    expect((await admin.request("DELETE", "/api/admin/holidays/2029-05-01")).status).toBe(204);
    const y2029 = await daysOf(2029);
    expect(new Set(y2029.map((h) => h.source))).toEqual(new Set(["decree"]));
    expect(y2029.map((h) => h.day)).toEqual(expect.arrayContaining(["2029-02-14", "2029-02-16", "2029-02-19"]));
    expect(y2029.map((h) => h.day)).not.toContain("2029-02-15");
    holidays = await holidaysOf(ctx.db, PALEMBANG);
    expect(holidays.has("2029-02-15")).toBe(false);
    expect(holidays.has("2029-05-01")).toBe(false);
    expect(holidays.has("2029-02-19")).toBe(true);
    const audited = await ctx.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE tenant_id = $1 AND subject_type = 'holiday' AND subject_id IN ('2029', '2029-02-19')",
      [PALEMBANG],
    );
    expect(audited.map((a) => a.action).sort()).toEqual(["holiday.baseline_adopted", "holiday.saved"]);

    // A local day off adds to a library year without replacing it; a library day is not a row to delete.
    await admin.request("PUT", "/api/admin/holidays/2030-06-17", { name: "Hari Jadi Kota Palembang", kind: "local" });
    const y2030 = await daysOf(2030);
    expect(y2030.find((h) => h.day === "2030-06-17")?.source).toBe("local");
    expect(y2030.find((h) => h.day === "2030-08-17")?.source).toBe("library");
    expect((await admin.request("DELETE", "/api/admin/holidays/2030-08-17")).status).toBe(404);

    const op = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await op.request("POST", "/api/admin/holidays/years/2031/adopt-baseline")).status).toBe(403);
    expect((await op.request("GET", "/api/admin/holidays/status")).status).toBe(403);
  });
});

describe("next year's decree warning", () => {
  it("appears from 1 November (tenant's local date) until next year's SKB is entered", async () => {
    // 31 October 23:59 WIB: no warning yet; 1 November 00:00 WIB: 2027 has no decree rows.
    expect((await decreeStatus(ctx.db, tenant, new Date("2026-10-31T16:59:00Z"))).nextYearMissing).toBeNull();
    expect((await decreeStatus(ctx.db, tenant, new Date("2026-06-15T03:00:00Z"))).nextYearMissing).toBeNull();
    const nov = await decreeStatus(ctx.db, tenant, new Date("2026-10-31T17:00:00Z"));
    expect(nov.today).toBe("2026-11-01");
    expect(nov.nextYearMissing).toEqual({ year: 2027 });
    expect(nov.years).toEqual([
      { year: 2026, source: "decree", decreeDays: 25, localDays: 0 },
      { year: 2027, source: "library", decreeDays: 0, localDays: 0 },
    ]);

    // Over HTTP with the server's clock set (Date only, for one request each) to 20 November and to 20 October 2026.
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const statusOn = async (at: string) => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(at) });
      try {
        return (await admin.request("GET", "/api/admin/holidays/status")).body;
      } finally {
        vi.useRealTimers();
      }
    };
    expect((await statusOn("2026-11-20T03:00:00Z")).nextYearMissing).toEqual({ year: 2027 });
    expect((await statusOn("2026-10-20T03:00:00Z")).nextYearMissing).toBeNull();

    // A local day off is not the decree; one SKB row for 2027 is.
    await admin.request("PUT", "/api/admin/holidays/2027-06-17", { name: "Hari Jadi Kota Palembang", kind: "local" });
    expect((await decreeStatus(ctx.db, tenant, new Date("2026-12-01T03:00:00Z"))).nextYearMissing).toEqual({ year: 2027 });
    await admin.request("POST", "/api/admin/holidays/years/2027/adopt-baseline");
    expect((await decreeStatus(ctx.db, tenant, new Date("2026-12-01T03:00:00Z"))).nextYearMissing).toBeNull();
    // In November 2027 the question is 2028's decree.
    expect((await decreeStatus(ctx.db, tenant, new Date("2027-11-02T03:00:00Z"))).nextYearMissing).toEqual({ year: 2028 });
  });
});
