/**
 * Demo data: Palembang's puskesmas under Dinkes (approximate coordinates; hours as most puskesmas keep them), four
 * poli each with BPJS kodepoli, doctor sessions Monday to Saturday, the Mobile JKN web-service login of Puskesmas
 * Dempo (`mobilejkn` / the demo password), 30 days of past visits for the dashboard and a few numbers today.
 */
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Db } from "../../platform/db.ts";
import { unitsByCode } from "../admin/index.ts";
import { issueNumber } from "./booking.ts";
import { counterAction, callNext } from "./counter.ts";
import * as store from "./store.ts";
import { seedHistory } from "./store-stats.ts";

export const DEMO_WS_USERNAME = "mobilejkn";
export const DEMO_COUNTER = { login: "loket.dempo@palembang.go.id", name: "Fitriani", unitCode: "PKM-DEMPO" };

const HOURS = { "1": "07:30-14:00", "2": "07:30-14:00", "3": "07:30-14:00", "4": "07:30-14:00", "5": "07:30-11:00", "6": "07:30-12:30" };

export const DEMO_PUSKESMAS = [
  { unit: "PKM-DEMPO", faskes: "0301U001", address: "Jl. Dempo Luar, 15 Ilir, Ilir Timur I", lat: -2.9768, lon: 104.7534 },
  { unit: "PKM-SEKIP", faskes: "0301U002", address: "Jl. Sekip Jaya, Kemuning", lat: -2.9633, lon: 104.7472 },
  { unit: "PKM-MERDEKA", faskes: "0301U003", address: "Jl. Merdeka, 22 Ilir, Bukit Kecil", lat: -2.9882, lon: 104.7505 },
  { unit: "PKM-23ILIR", faskes: "0301U004", address: "Jl. Mujahidin, 23 Ilir, Bukit Kecil", lat: -2.9848, lon: 104.7459 },
  { unit: "PKM-MAKRAYU", faskes: "0301U005", address: "Jl. Pangeran Sido Ing Lautan, 32 Ilir, Ilir Barat II", lat: -2.9998, lon: 104.7338 },
  { unit: "PKM-KENTEN", faskes: "0301U006", address: "Jl. Mayor Zen, Kenten, Kalidoni", lat: -2.9429, lon: 104.7748 },
  { unit: "PKM-SAKO", faskes: "0301U007", address: "Jl. Perumnas Sako, Sako", lat: -2.936, lon: 104.796 },
  { unit: "PKM-PLAJU", faskes: "0301U008", address: "Jl. D.I. Panjaitan, Plaju Ulu, Plaju", lat: -3.0035, lon: 104.805 },
];

/** kodepoli as in BPJS PCare's poli reference for FKTP (check each puskesmas's own `ref/poli` list). */
export const DEMO_POLIS = [
  { kodepoli: "001", name: "Poli Umum", prefix: "A", kapasitas: 30, minutes: 8 },
  { kodepoli: "002", name: "Poli Gigi dan Mulut", prefix: "B", kapasitas: 12, minutes: 20 },
  { kodepoli: "003", name: "Poli KIA/KB", prefix: "C", kapasitas: 20, minutes: 12 },
  { kodepoli: "012", name: "Poli Lansia", prefix: "D", kapasitas: 20, minutes: 10 },
];

const DOCTORS = [
  "dr. Ayu Lestari",
  "dr. Bambang Irawan",
  "drg. Citra Dewi",
  "dr. Dimas Pratama",
  "dr. Eka Putri",
  "drg. Fajar Nugroho",
  "dr. Gita Anggraini",
  "dr. Hadi Susanto",
];

export async function seedDemoHealth(db: Db, tenantId: string, opts: { history?: boolean; today?: boolean } = {}): Promise<void> {
  if ((await store.facilities(db, tenantId, false)).length) return;
  const units = await unitsByCode(
    db,
    tenantId,
    DEMO_PUSKESMAS.map((p) => p.unit),
  );
  const wsHash = await hashPassword("Balai-Demo-2026");
  let kode = 100_000;
  await db.tx(async (q) => {
    for (const [i, p] of DEMO_PUSKESMAS.entries()) {
      const unit = units.find((u) => u.code === p.unit);
      if (!unit) continue;
      const facilityId = await store.insertFacility(q, tenantId, {
        unitId: unit.id,
        name: unit.name,
        address: p.address,
        lat: p.lat,
        lon: p.lon,
        hours: HOURS,
        kodeFaskes: p.faskes,
      });
      await q.query("UPDATE health_facilities SET satusehat_location_id = $2 WHERE id = $1", [facilityId, `demo-location-${p.unit.toLowerCase()}`]);
      if (i === 0) await store.setCredentials(q, tenantId, facilityId, DEMO_WS_USERNAME, wsHash);
      for (const [j, poli] of DEMO_POLIS.entries()) {
        const poliId = await store.insertPoli(q, tenantId, { facilityId, kodepoli: poli.kodepoli, name: poli.name, prefix: poli.prefix });
        const doctor = DOCTORS[(i * 2 + j) % DOCTORS.length];
        kode += 7;
        for (const weekday of [1, 2, 3, 4, 5, 6])
          await store.insertSchedule(q, tenantId, {
            poli_id: poliId,
            kodedokter: kode,
            namadokter: doctor,
            doctor_nik: `16710${String(kode).padStart(11, "0")}`,
            weekday,
            start_time: "08:00",
            end_time: weekday === 5 ? "11:00" : "12:00",
            kapasitas: poli.kapasitas,
            minutes_per_patient: poli.minutes,
          });
      }
    }
    if (opts.history !== false) await seedHistory(q, tenantId, 30);
  });
  if (opts.today !== false) await seedToday(db, tenantId);
}

/** A few numbers today at Puskesmas Dempo's Poli Umum (when it is open): checked in, one called, two served. */
async function seedToday(db: Db, tenantId: string) {
  const tenant = { id: tenantId, timezone: "Asia/Jakarta" };
  const f = (await store.facilities(db, tenantId, true)).find((x) => x.unit_code === "PKM-DEMPO");
  if (!f) return;
  const poli = (await store.polis(db, tenantId, f.id)).find((p) => p.kodepoli === "001");
  if (!poli) return;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: tenant.timezone }).format(new Date());
  try {
    for (let i = 0; i < 6; i++) {
      const nik = `167104${String(500000 + i * 7919).padStart(10, "0")}`;
      const { booking } = await issueNumber(
        db,
        tenant,
        { facilityId: f.id, poliId: poli.id, date: today, nik, patientName: `Pasien Demo ${i + 1}`, source: i % 3 === 2 ? "walkin" : "balai" },
        null,
      );
      if (booking.state === "booked" && i < 4) await counterAction(db, tenantId, f.id, booking.id, "checkin", null);
    }
    for (let i = 0; i < 3; i++) {
      const called = await callNext(db, tenantId, f.id, poli.id, today, null);
      if (i < 2) await counterAction(db, tenantId, f.id, called.id, "serve", null);
    }
  } catch {
    // Closed today (Sunday or a holiday): the demo queue starts empty.
  }
}
