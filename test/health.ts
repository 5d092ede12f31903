/** Factories for the e-Puskesmas tests: a puskesmas open every day with one poli and one doctor of a given quota. */
import { randomBytes } from "node:crypto";
import type { Db } from "../src/platform/db.ts";
import { hashPassword } from "../src/platform/auth/passwords.ts";
import * as store from "../src/modules/health/store.ts";
import { holidaysOf } from "../src/modules/calendar/index.ts";
import { addDays, todayIn } from "../src/modules/health/common.ts";
import { seedDemoHealth } from "../src/modules/health/demo.ts";
import type { App } from "../src/platform/http.ts";
import { type Client, loginAs } from "./helpers.ts";

export interface TestPuskesmas {
  facilityId: string;
  poliId: string;
  scheduleId: string;
  kodepoli: string;
  kodedokter: number;
  unitId: string;
  username: string;
}

const EVERY_DAY = {
  "1": "00:00-23:59",
  "2": "00:00-23:59",
  "3": "00:00-23:59",
  "4": "00:00-23:59",
  "5": "00:00-23:59",
  "6": "00:00-23:59",
  "7": "00:00-23:59",
};

/** A new puskesmas unit under DINKES, open every day, poli `kodepoli` with one doctor (kapasitas) every day. */
export async function makePuskesmas(db: Db, tenantId: string, opts: { kapasitas?: number; kodepoli?: string; password?: string } = {}): Promise<TestPuskesmas> {
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const dinkes = await db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = 'DINKES'", [tenantId]);
  const unit = await db.one<{ id: string }>(
    "INSERT INTO org_units (tenant_id, parent_id, kind, code, name) VALUES ($1, $2, 'puskesmas', $3, $4) RETURNING id",
    [tenantId, dinkes!.id, `PKM-T${tag}`, `Puskesmas Uji ${tag}`],
  );
  const facilityId = await store.insertFacility(db, tenantId, {
    unitId: unit!.id,
    name: `Puskesmas Uji ${tag}`,
    address: "Jl. Uji",
    lat: -2.97,
    lon: 104.75,
    hours: EVERY_DAY,
    kodeFaskes: `T${tag}`,
  });
  const kodepoli = opts.kodepoli ?? "001";
  const poliId = await store.insertPoli(db, tenantId, { facilityId, kodepoli, name: "Poli Umum", prefix: "A" });
  const kodedokter = 900_000 + Number.parseInt(tag.slice(0, 4), 16);
  let scheduleId = "";
  for (let weekday = 1; weekday <= 7; weekday++) {
    const id = await store.insertSchedule(db, tenantId, {
      poli_id: poliId,
      kodedokter,
      namadokter: "dr. Uji",
      doctor_nik: "1671010101800001",
      weekday,
      start_time: "08:00",
      end_time: "12:00",
      kapasitas: opts.kapasitas ?? 30,
      minutes_per_patient: 10,
    });
    if (!scheduleId) scheduleId = id;
  }
  const username = `ws-${tag.toLowerCase()}`;
  await store.setCredentials(db, tenantId, facilityId, username, await hashPassword(opts.password ?? "Balai-Demo-2026"));
  await db.query("UPDATE health_facilities SET satusehat_location_id = 'loc-uji', satusehat_org_id = 'org-uji' WHERE id = $1", [facilityId]);
  return { facilityId, poliId, scheduleId, kodepoli, kodedokter, unitId: unit!.id, username };
}

/** The schedule id of the doctor on `date`. */
export async function scheduleOn(db: Db, tenantId: string, poliId: string, date: string): Promise<string> {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  const s = (await store.schedules(db, tenantId, [poliId])).find((x) => x.weekday === wd);
  return s!.id;
}

/** Today and the first day after it that is not a holiday (Asia/Jakarta). */
export async function days(db: Db, tenantId: string) {
  const today = todayIn("Asia/Jakarta");
  const holidays = await holidaysOf(db, tenantId);
  let open = addDays(today, 1);
  while (holidays.has(open)) open = addDays(open, 1);
  return { today, todayOpen: !holidays.has(today), open };
}

/** A valid-looking NIK (16 digits, Palembang prefix) for patient n. */
export const nik = (n: number) => `167104${String(n).padStart(10, "0")}`;
export const card = (n: number) => `000${String(n).padStart(10, "0")}`;

/** The counter works on today: clears a holiday on today in this test store so the calling order can be tested any day. */
export async function openToday(db: Db, tenantId: string) {
  if ((await days(db, tenantId)).todayOpen) return;
  await db.query("DELETE FROM holidays WHERE tenant_id = $1 AND day = $2", [tenantId, todayIn("Asia/Jakarta")]);
  (await import("../src/modules/calendar/index.ts")).invalidateHolidays(tenantId);
}

/** The demo counter clerk holds puskesmas_counter at Puskesmas Dempo only: grants the same role at the test puskesmas, signed in. */
export async function counterClerk(p: { app: App; db: Db }, tenantId: string, pkm: TestPuskesmas): Promise<Client> {
  const u = await p.db.one<{ id: string }>("SELECT id FROM users WHERE email = 'loket.dempo@palembang.go.id'");
  await p.db.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, 'puskesmas_counter') ON CONFLICT DO NOTHING", [
    tenantId,
    u!.id,
    pkm.unitId,
  ]);
  return loginAs(p.app, "loket.dempo@palembang.go.id");
}

/** A test file's start: the demo health data (no history, no queue today), a test puskesmas and the first open day. */
export async function puskesmasFixture(db: Db, tenantId: string, opts: Parameters<typeof makePuskesmas>[2] = {}) {
  await seedDemoHealth(db, tenantId, { history: false, today: false });
  const pkm = await makePuskesmas(db, tenantId, opts);
  return { pkm, open: (await days(db, tenantId)).open };
}
