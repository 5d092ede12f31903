import { beforeAll, describe, expect, it } from "vitest";
import { client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { card, makePuskesmas, nik, puskesmasFixture, scheduleOn, type TestPuskesmas } from "../../../test/health.ts";
import { addDays, isoWeekday, todayIn } from "./common.ts";

describe("e-Puskesmas booking", () => {
  const s = setupPlatform();
  let pkm: TestPuskesmas;
  let open: string;

  beforeAll(async () => {
    ({ pkm, open } = await puskesmasFixture(s.db, PALEMBANG, { kapasitas: 30 }));
  }, 120_000);

  const book = async (c: Awaited<ReturnType<typeof loginAs>>, p: TestPuskesmas, date: string, n: number, extra: Record<string, unknown> = {}) =>
    c.request("POST", "/api/health/bookings", {
      facilityId: p.facilityId,
      poliId: p.poliId,
      scheduleId: await scheduleOn(s.db, PALEMBANG, p.poliId, date),
      date,
      forWhom: n === 0 ? "self" : "family",
      patientName: `Pasien ${n}`,
      nik: nik(n),
      ...extra,
    });

  it("lists Palembang's puskesmas nearest first, with poli, doctors and places left per day", async () => {
    const near = await client(s.app).request("GET", "/api/public/health/facilities?lat=-3.004&lon=104.806");
    expect(near.status).toBe(200);
    expect(near.body[0]).toMatchObject({ name: "Puskesmas Plaju", unitCode: "PKM-PLAJU" });
    expect(near.body[0].distanceMeters).toBeLessThan(near.body[1].distanceMeters!);
    const dempo = near.body.find((f: { unitCode: string }) => f.unitCode === "PKM-DEMPO");
    const detail = await client(s.app).request("GET", `/api/public/health/facilities/${dempo!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.polis.map((p: { kodepoli: string }) => p.kodepoli)).toEqual(["001", "002", "003", "012"]);
    expect(detail.body.days).toHaveLength(8);
    // Sundays are closed at the demo puskesmas: no session is offered.
    const sunday = detail.body.days.find((d: { date: string }) => isoWeekday(d.date) === 7);
    expect(sunday!.open).toBe(false);
    expect(detail.body.polis[0].sessions.some((x: { date: string }) => x.date === sunday!.date)).toBe(false);
    const session = detail.body.polis[0].sessions[0];
    expect(session).toMatchObject({ kapasitas: 30, left: 30, jampraktek: expect.stringMatching(/^\d\d:\d\d-\d\d:\d\d$/) });
  });

  it("books a number for self and a family member, with how many are ahead and an estimate", async () => {
    const warga = await loginAs(s.app, "warga@example.com");
    const first = await book(warga, pkm, open, 0, { nomorkartu: card(1), keluhan: "Demam tiga hari" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ code: "A-001", number: 1, state: "booked", ahead: 0, nik: "1671********0000", source: "balai" });
    expect(first.body.token).toMatch(/^[\w-]{20,}$/);
    expect(Date.parse(first.body.estimate!)).not.toBeNaN();
    const second = await book(warga, pkm, open, 2);
    expect(second.body).toMatchObject({ code: "A-002", ahead: 1 });
    const ticket = await client(s.app).request("GET", `/api/public/health/tickets/${second.body.token}`);
    expect(ticket.body).toMatchObject({ code: "A-002", ahead: 1, state: "booked", poliName: "Poli Umum", nowServing: null });
    expect(JSON.stringify(ticket.body)).not.toContain(nik(2));
    const mine = await warga.request("GET", "/api/health/bookings/mine");
    expect(mine.body.map((b: { code: string }) => b.code)).toEqual(expect.arrayContaining(["A-001", "A-002"]));
  });

  it("refuses a second active number for the same NIK or card, past dates, dates beyond 7 days, bad NIK/card and closed days", async () => {
    const warga = await loginAs(s.app, "warga@example.com");
    const dupNik = await book(warga, pkm, open, 0);
    expect(dupNik.status).toBe(409);
    expect(dupNik.body.type).toBe("/problems/health-already-booked");
    const dupCard = await book(warga, pkm, open, 77, { nomorkartu: card(1) });
    expect(dupCard.status).toBe(409);
    const today = todayIn("Asia/Jakarta");
    const past = await book(warga, pkm, addDays(today, -1), 5);
    expect(past.status).toBe(400);
    expect(past.body.type).toBe("/problems/health-date-past");
    const far = await book(warga, pkm, addDays(today, 8), 5);
    expect(far.status).toBe(400);
    expect(far.body.type).toBe("/problems/health-date-too-far");
    const badNik = await book(warga, pkm, open, 5, { nik: "12345" });
    expect(badNik.status).toBe(400);
    expect(badNik.problem.errors![0]).toMatchObject({ field: "nik" });
    const badCard = await book(warga, pkm, open, 5, { nomorkartu: "12AB" });
    expect(badCard.status).toBe(400);
    expect(badCard.problem.errors![0]).toMatchObject({ field: "nomorkartu" });
    // A local holiday closes the puskesmas.
    await s.db.query("INSERT INTO holidays (tenant_id, day, name, kind) VALUES ($1, $2, 'Libur uji', 'local') ON CONFLICT DO NOTHING", [
      PALEMBANG,
      addDays(open, 1),
    ]);
    const { invalidateHolidays } = await import("../calendar/index.ts");
    invalidateHolidays(PALEMBANG);
    const closed = await book(warga, pkm, addDays(open, 1), 6);
    expect(closed.status).toBe(409);
    expect(closed.body.type).toBe("/problems/health-closed");
    // Staff do not book as citizens; anonymous users must sign in.
    expect((await book(await loginAs(s.app, "admin@palembang.go.id"), pkm, open, 9)).status).toBe(403);
    expect((await book(client(s.app), pkm, open, 9)).status).toBe(401);
  });

  it("never overbooks: 50 concurrent bookings on a quota of 10 give exactly 10 numbers", async () => {
    const small = await makePuskesmas(s.db, PALEMBANG, { kapasitas: 10 });
    const warga = await loginAs(s.app, "warga@example.com");
    const scheduleId = await scheduleOn(s.db, PALEMBANG, small.poliId, open);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        warga.request("POST", "/api/health/bookings", {
          facilityId: small.facilityId,
          poliId: small.poliId,
          scheduleId,
          date: open,
          forWhom: "family",
          patientName: `Antre ${i}`,
          nik: nik(1000 + i),
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const full = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(10);
    expect(full).toHaveLength(40);
    expect(full.every((r) => r.body.type === "/problems/health-quota-full")).toBe(true);
    expect(ok.map((r) => r.body.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const stored = await s.db.one<{ n: number }>("SELECT count(*)::int AS n FROM health_bookings WHERE poli_id = $1 AND date = $2", [small.poliId, open]);
    expect(stored?.n).toBe(10);
    // A cancellation gives the place back; the number sequence goes on (no number is reused).
    const cancelled = await warga.request("POST", `/api/health/bookings/${ok[0].body.id}/cancel`, { alasan: "Sudah sembuh" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe("batal");
    const again = await warga.request("POST", "/api/health/bookings", {
      facilityId: small.facilityId,
      poliId: small.poliId,
      scheduleId,
      date: open,
      forWhom: "family",
      patientName: "Antre lagi",
      nik: nik(2000),
    });
    expect(again.status).toBe(201);
    expect(again.body.number).toBe(11);
    // Cancelling twice is refused.
    expect((await warga.request("POST", `/api/health/bookings/${ok[0].body.id}/cancel`, { alasan: "Lagi" })).status).toBe(409);
  }, 120_000);

  it("Dinkes adds a poli and a doctor session; the citizen sees it; duplicates and bad hours are refused; others may not", async () => {
    const dinkes = await loginAs(s.app, "dinkes@palembang.go.id");
    const poli = await dinkes.request("POST", `/api/health/admin/facilities/${pkm.facilityId}/polis`, {
      kodepoli: "002",
      name: "Poli Gigi dan Mulut",
      prefix: "B",
    });
    expect(poli.status, JSON.stringify(poli.body)).toBe(201);
    expect((await dinkes.request("POST", `/api/health/admin/facilities/${pkm.facilityId}/polis`, { kodepoli: "002", name: "Lagi", prefix: "C" })).status).toBe(
      409,
    );
    const weekday = isoWeekday(open);
    const body = { kodedokter: 4321, namadokter: "drg. Baru", weekday, jampraktek: "13:00-16:00", kapasitas: 5 };
    const sched = await dinkes.request("POST", `/api/health/admin/polis/${poli.body.id}/schedules`, body);
    expect(sched.status, JSON.stringify(sched.body)).toBe(201);
    expect(sched.body).toMatchObject({ kodedokter: 4321, jampraktek: "13:00-16:00", kapasitas: 5, weekday });
    expect((await dinkes.request("POST", `/api/health/admin/polis/${poli.body.id}/schedules`, body)).status).toBe(409);
    const bad = await dinkes.request("POST", `/api/health/admin/polis/${poli.body.id}/schedules`, { ...body, jampraktek: "16:00-13:00" });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors![0]).toMatchObject({ field: "jampraktek" });
    const detail = await client(s.app).request("GET", `/api/public/health/facilities/${pkm.facilityId}`);
    const gigi = detail.body.polis.find((p: { kodepoli: string }) => p.kodepoli === "002");
    expect(gigi!.sessions).toEqual([expect.objectContaining({ date: open, namadokter: "drg. Baru", left: 5 })]);
    const clerk = await loginAs(s.app, "loket.dempo@palembang.go.id");
    expect((await clerk.request("POST", `/api/health/admin/polis/${poli.body.id}/schedules`, { ...body, weekday: 1 })).status).toBe(403);
    expect((await dinkes.request("DELETE", `/api/health/admin/schedules/${sched.body.id}`)).status).toBe(204);
    const after = await client(s.app).request("GET", `/api/public/health/facilities/${pkm.facilityId}`);
    expect(after.body.polis.find((p: { kodepoli: string }) => p.kodepoli === "002")!.sessions).toEqual([]);
  });
});
