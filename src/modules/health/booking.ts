/**
 * Issuing a queue number: the one path for a citizen's booking in Balai, a Mobile JKN booking and a walk-in at the
 * counter. Checks the date window, holidays, opening hours and the doctor's schedule, then in one transaction takes
 * a place of the schedule's quota (locked), draws the poli's next number and stores the booking; the unique index
 * on (date, poli, doctor, NIK|card) among active bookings refuses a second one, even when two race.
 */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { emit } from "../../platform/events.ts";
import { maskNik } from "../../platform/mask.ts";
import { holidaysOf } from "../calendar/index.ts";
import { addDays, BOOKING_DAYS_AHEAD, healthError, isCard, isNik, isoWeekday, jampraktek, queueCode, todayIn } from "./common.ts";
import { bpjsAddBody, queueBpjs } from "./bpjs-outbox.ts";
import * as store from "./store.ts";

export interface IssueInput {
  facilityId: string;
  poliId: string;
  /** A schedule id (Balai), or the doctor (and session hours) as Mobile JKN names them. */
  scheduleId?: string;
  kodedokter?: number;
  jampraktek?: string;
  date: string;
  nik: string;
  nomorkartu?: string | null;
  nohp?: string | null;
  norm?: string | null;
  keluhan?: string | null;
  patientName?: string | null;
  userId?: string | null;
  source: "balai" | "mobilejkn" | "walkin";
}

export interface Issued {
  booking: store.BookingRow;
  poli: store.PoliRow;
  schedule: store.ScheduleRow;
  facility: store.FacilityRow;
  ahead: number;
}

/** The facility, poli and doctor schedule a booking for `date` would use, or the reason it cannot be made. */
export async function resolveSession(q: Queryable, tenant: { id: string; timezone: string }, input: IssueInput, now = new Date()) {
  if (!isNik(input.nik)) throw healthError.nik();
  if (input.nomorkartu != null && input.nomorkartu !== "" && !isCard(input.nomorkartu)) throw healthError.card();
  const today = todayIn(tenant.timezone, now);
  if (input.date < today) throw healthError.past();
  if (input.date > addDays(today, BOOKING_DAYS_AHEAD)) throw healthError.tooFar();
  const facility = await store.facilityById(q, tenant.id, input.facilityId);
  if (!facility?.active) throw healthError.facility();
  const poli = await store.poliById(q, tenant.id, input.poliId);
  if (!poli?.active || poli.facility_id !== facility.id) throw healthError.poli();
  const weekday = isoWeekday(input.date);
  const holidays = await holidaysOf(q, tenant.id);
  if (holidays.has(input.date) || !facility.hours[String(weekday)]) throw healthError.closed();
  const all = await store.schedules(q, tenant.id, [poli.id]);
  const schedule = all.find(
    (s) =>
      s.weekday === weekday &&
      (input.scheduleId === undefined || s.id === input.scheduleId) &&
      (input.kodedokter === undefined || s.kodedokter === input.kodedokter) &&
      (input.jampraktek === undefined || jampraktek(s) === input.jampraktek),
  );
  if (!schedule) {
    if (input.scheduleId && !all.some((s) => s.id === input.scheduleId)) throw healthError.schedule();
    throw healthError.closed();
  }
  return { facility, poli, schedule };
}

const UNIQUE_VIOLATION = "23505";

/** Issues the next number, or throws the health-* reason (closed, full, duplicate, …). Walk-ins are checked in at once. */
export async function issueNumber(
  db: Db,
  tenant: { id: string; timezone: string },
  input: IssueInput,
  actorId: string | null,
  now = new Date(),
): Promise<Issued> {
  return db.tx(async (q) => {
    const { facility, poli, schedule } = await resolveSession(q, tenant, input, now);
    if (!(await store.takePlace(q, tenant.id, schedule.id, input.date, schedule.kapasitas))) throw healthError.full();
    const number = await store.nextNumber(q, tenant.id, poli.id, input.date);
    let booking: store.BookingRow;
    try {
      booking = await store.insertBooking(q, tenant.id, {
        facility_id: facility.id,
        poli_id: poli.id,
        schedule_id: schedule.id,
        kodedokter: schedule.kodedokter,
        date: input.date,
        number,
        code: queueCode(poli.prefix, number),
        source: input.source,
        state: input.source === "walkin" ? "hadir" : "booked",
        nik: input.nik,
        nomorkartu: input.nomorkartu || null,
        patient_name: input.patientName ?? null,
        nohp: input.nohp ?? null,
        norm: input.norm ?? null,
        keluhan: input.keluhan ?? null,
        user_id: input.userId ?? null,
        token: randomBytes(18).toString("base64url"),
      });
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw healthError.duplicate();
      throw err;
    }
    const ahead = await store.aheadOf(q, tenant.id, booking);
    await audit(q, {
      tenantId: tenant.id,
      actorId,
      action: "health.booking.issued",
      subjectType: "health_booking",
      subjectId: booking.id,
      data: { code: booking.code, date: booking.date, source: booking.source, poli: poli.kodepoli, nik: maskNik(booking.nik) },
    });
    await emitQueue(q, tenant.id, booking, "issued");
    // BPJS learns of bookings it did not make (Balai and walk-ins) through antrean/add; Mobile JKN's own it knows.
    if (booking.source !== "mobilejkn" && booking.nomorkartu)
      await queueBpjs(q, tenant.id, facility.id, booking.id, "antrean/add", bpjsAddBody(booking, poli, schedule, ahead));
    return { booking, poli, schedule, facility, ahead };
  });
}

/** The live-stream event of a change on a poli's queue: numbers and states only, never a name or NIK. */
export async function emitQueue(q: Queryable, tenantId: string, b: store.BookingRow, change: string): Promise<void> {
  await emit(q, tenantId, "health.queue", {
    facilityId: b.facility_id,
    poliId: b.poli_id,
    date: b.date,
    change,
    code: b.code,
    number: b.number,
    state: b.state,
  });
}

/** Cancels an active booking (batal, with the reason); its place goes back to the quota. */
export async function cancelBooking(
  q: Queryable,
  tenantId: string,
  booking: store.BookingRow,
  alasan: string,
  actorId: string | null,
  opts: { fromBpjs?: boolean } = {},
): Promise<store.BookingRow> {
  if (booking.state !== "booked" && booking.state !== "hadir") throw healthError.state();
  const b = await store.updateBooking(q, tenantId, booking.id, { state: "batal", alasan });
  await store.givePlaceBack(q, booking.schedule_id, booking.date);
  await audit(q, { tenantId, actorId, action: "health.booking.cancelled", subjectType: "health_booking", subjectId: b.id, data: { code: b.code, alasan } });
  await emitQueue(q, tenantId, b, "cancelled");
  if (!opts.fromBpjs && b.nomorkartu) {
    const poli = await store.poliById(q, tenantId, b.poli_id);
    await queueBpjs(q, tenantId, b.facility_id, b.id, "antrean/batal", { tanggalperiksa: b.date, kodepoli: poli!.kodepoli, nomorkartu: b.nomorkartu, alasan });
  }
  return b;
}
