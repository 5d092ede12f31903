// e-Puskesmas (issue 16): bookings per second at quota contention on one poli. Every fetch loop books for a new NIK on
// the same doctor session of one poli (one locked quota row, one number sequence), over HTTP as the demo citizen.
// Refusals once the quota is full (409 health-quota-full) are part of the contention and counted apart.
import { hashPassword } from "../../src/platform/auth/passwords.ts";
import type { Db } from "../../src/platform/db.ts";
import { addDays, todayIn } from "../../src/modules/health/common.ts";
import * as store from "../../src/modules/health/store.ts";
import { drive } from "../lib/drive.ts";
import { TENANT } from "../lib/generate.ts";
import type { Scenario } from "./types.ts";

const CITIZEN = "warga@example.com";
const EVERY_DAY = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), "00:00-23:59"]));
/** The largest quota a schedule may have (health_schedules.kapasitas ≤ 1000), so most bookings are accepted. */
const KAPASITAS = 1000;

/** A bench puskesmas open every day with one poli and one doctor of quota 1000 per day; no holidays on the bench days. */
async function benchPuskesmas(db: Db): Promise<{ facilityId: string; poliId: string; days: { date: string; scheduleId: string }[] }> {
  let f = (await store.facilities(db, TENANT, false)).find((x) => x.name === "Puskesmas Bench");
  if (!f) {
    const dinkes = await db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = 'DINKES'", [TENANT]);
    const unit = await db.one<{ id: string }>(
      "INSERT INTO org_units (tenant_id, parent_id, kind, code, name) VALUES ($1, $2, 'puskesmas', 'PKM-BENCH', 'Puskesmas Bench') RETURNING id",
      [TENANT, dinkes?.id ?? null],
    );
    const facilityId = await store.insertFacility(db, TENANT, {
      unitId: unit!.id,
      name: "Puskesmas Bench",
      address: null,
      lat: -2.97,
      lon: 104.75,
      hours: EVERY_DAY,
      kodeFaskes: null,
    });
    const poliId = await store.insertPoli(db, TENANT, { facilityId, kodepoli: "001", name: "Poli Umum", prefix: "A" });
    for (let weekday = 1; weekday <= 7; weekday++)
      await store.insertSchedule(db, TENANT, {
        poli_id: poliId,
        kodedokter: 777_001,
        namadokter: "dr. Bench",
        doctor_nik: null,
        weekday,
        start_time: "07:00",
        end_time: "23:00",
        kapasitas: KAPASITAS,
        minutes_per_patient: 1,
      });
    await store.setCredentials(db, TENANT, facilityId, "bench-ws", await hashPassword("Balai-Demo-2026"));
    f = await store.facilityById(db, TENANT, facilityId);
  }
  const poli = (await store.polis(db, TENANT, f!.id))[0];
  const schedules = await store.schedules(db, TENANT, [poli.id]);
  const today = todayIn("Asia/Jakarta");
  const days = [];
  for (let i = 1; i <= 7; i++) {
    const date = addDays(today, i);
    await db.query("DELETE FROM holidays WHERE tenant_id = $1 AND day = $2", [TENANT, date]);
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    days.push({ date, scheduleId: schedules.find((s) => s.weekday === wd)!.id });
  }
  return { facilityId: f!.id, poliId: poli.id, days };
}

export const healthBookingContention: Scenario = {
  name: "Balai POST /api/health/bookings, one poli and doctor session (quota contention)",
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    const p = await ctx.withStore((db) => benchPuskesmas(db));
    const s = await ctx.session(CITIZEN);
    let n = 0;
    let day = 0;
    let issued = 0;
    let full = 0;
    const step = async () => {
      const i = n++;
      const d = p.days[day];
      if (!d) return false;
      const res = await fetch(`${ctx.balaiUrl}/api/health/bookings`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrfToken },
        body: JSON.stringify({
          facilityId: p.facilityId,
          poliId: p.poliId,
          scheduleId: d.scheduleId,
          date: d.date,
          forWhom: "family",
          patientName: `Bench ${i}`,
          nik: `1671${String(Date.now() % 1e6).padStart(6, "0")}${String(i).padStart(6, "0")}`.slice(0, 16),
        }),
      });
      const text = await res.text();
      if (res.status === 201) issued++;
      else if (res.status === 409 && text.includes("health-quota-full")) {
        full++;
        // This session is full: the next loop iterations contend on the next day's session.
        if (p.days[day] === d) day++;
      } else throw new Error(`POST /api/health/bookings: HTTP ${res.status} ${text.slice(0, 200)}`);
    };
    await drive(connections, warmupSeconds, step);
    issued = 0;
    full = 0;
    const m = await drive(connections, seconds, step);
    return {
      ...m,
      note: `${connections} loops on one session (quota ${KAPASITAS}/day, next day when full): ${issued} numbers issued, ${full} refused as full`,
    };
  },
};
