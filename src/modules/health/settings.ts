/** Dinkes's settings of a puskesmas: its poli (BPJS kodepoli, queue letter) and doctor sessions (kodedokter, jampraktek, kapasitas). */
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db.ts";
import { conflict } from "../../platform/errors.ts";
import { healthError, poliView, scheduleView } from "./common.ts";
import * as store from "./store.ts";

const UNIQUE_VIOLATION = "23505";
const rethrowDuplicate = (code: string) => (err: unknown) => {
  throw (err as { code?: string }).code === UNIQUE_VIOLATION ? conflict(code) : err;
};

export async function addPoli(db: Db, tenantId: string, facilityId: string, p: { kodepoli: string; name: string; prefix: string }, actorId: string) {
  return db.tx(async (q) => {
    if (!(await store.facilityById(q, tenantId, facilityId))) throw healthError.facility();
    const id = await store.insertPoli(q, tenantId, { facilityId, ...p }).catch(rethrowDuplicate("health-poli-exists"));
    await audit(q, { tenantId, actorId, action: "health.poli.added", subjectType: "health_poli", subjectId: id, data: p });
    return poliView((await store.poliById(q, tenantId, id))!);
  });
}

export interface ScheduleInput {
  kodedokter: number;
  namadokter: string;
  doctorNik?: string;
  weekday: number;
  jampraktek: string;
  kapasitas: number;
  minutesPerPatient?: number;
}

export async function addSchedule(db: Db, tenantId: string, poliId: string, s: ScheduleInput, actorId: string) {
  const [start, end] = s.jampraktek.split("-");
  if (!(start < end)) throw healthError.hours();
  return db.tx(async (q) => {
    if (!(await store.poliById(q, tenantId, poliId))) throw healthError.poli();
    const id = await store
      .insertSchedule(q, tenantId, {
        poli_id: poliId,
        kodedokter: s.kodedokter,
        namadokter: s.namadokter,
        doctor_nik: s.doctorNik ?? null,
        weekday: s.weekday,
        start_time: start,
        end_time: end,
        kapasitas: s.kapasitas,
        minutes_per_patient: s.minutesPerPatient ?? 10,
      })
      .catch(rethrowDuplicate("health-schedule-exists"));
    await audit(q, { tenantId, actorId, action: "health.schedule.added", subjectType: "health_schedule", subjectId: id, data: { ...s, doctorNik: undefined } });
    return scheduleView((await store.scheduleById(q, tenantId, id))!);
  });
}

/** Ends a doctor session (numbers already issued stay valid). */
export async function removeSchedule(db: Db, tenantId: string, scheduleId: string, actorId: string) {
  return db.tx(async (q) => {
    if (!(await store.deactivateSchedule(q, tenantId, scheduleId))) throw healthError.schedule();
    await audit(q, { tenantId, actorId, action: "health.schedule.removed", subjectType: "health_schedule", subjectId: scheduleId });
  });
}
