/** e-Puskesmas basics: dates in the tenant's zone, identity number checks, queue codes, the row → view mappers. */
import { AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import { addDays, localDate, zoneOffsetMinutes } from "../../platform/workdays.ts";
import { maskNik } from "../../platform/mask.ts";
import type { BookingRow, FacilityRow, PoliRow, ScheduleRow } from "./store.ts";

/** How far ahead a citizen may book (today plus this many days). */
export const BOOKING_DAYS_AHEAD = 7;
/** A waiting patient is told their turn nears when this many (or fewer) are ahead. */
export const NEAR_TURN = 3;

export const healthError = {
  facility: () => notFound("health-facility-not-found"),
  poli: () => notFound("health-poli-not-found"),
  schedule: () => notFound("health-schedule-not-found"),
  booking: () => notFound("health-booking-not-found"),
  past: () => badRequest("health-date-past", { fields: [{ field: "tanggalperiksa", code: "health-date-past" }] }),
  tooFar: () => badRequest("health-date-too-far", { fields: [{ field: "tanggalperiksa", code: "health-date-too-far" }] }),
  closed: () => conflict("health-closed"),
  full: () => conflict("health-quota-full"),
  duplicate: () => conflict("health-already-booked"),
  nik: () => badRequest("health-invalid-nik", { fields: [{ field: "nik", code: "health-invalid-nik" }] }),
  card: () => badRequest("health-invalid-card", { fields: [{ field: "nomorkartu", code: "health-invalid-card" }] }),
  state: () => conflict("health-wrong-state"),
  empty: () => conflict("health-queue-empty"),
  hours: () => badRequest("health-invalid-hours", { fields: [{ field: "jampraktek", code: "health-invalid-hours" }] }),
};

export const isHealthError = (err: unknown): err is AppError => err instanceof AppError && err.code.startsWith("health-");

export const todayIn = (tz: string, now = new Date()) => localDate(now, tz);

export { addDays };

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export const isNik = (s: string) => /^[0-9]{16}$/.test(s) && s.slice(0, 6) !== "000000";
export const isCard = (s: string) => /^[0-9]{13}$/.test(s);

/** `A-012`: the poli's letter and the day's number, three digits at least. */
export const queueCode = (prefix: string, n: number) => `${prefix}-${String(n).padStart(3, "0")}`;

export const jampraktek = (s: Pick<ScheduleRow, "start_time" | "end_time">) => `${s.start_time}-${s.end_time}`;

/** Minutes from the start of the session until a patient with `ahead` people ahead is likely seen. */
export function estimate(s: ScheduleRow, date: string, ahead: number, tz: string, now = new Date()): string {
  const [h, m] = s.start_time.split(":").map(Number);
  const start = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h, m) - zoneOffsetMinutes(now, tz) * 60_000;
  const at = Math.max(start, now.getTime()) + ahead * s.minutes_per_patient * 60_000;
  return new Date(at).toISOString();
}

export function facilityView(f: FacilityRow, distance?: number) {
  return {
    id: f.id,
    unitCode: f.unit_code,
    kodeFaskes: f.kode_faskes,
    name: f.name,
    address: f.address,
    lat: f.lat,
    lon: f.lon,
    hours: f.hours,
    ...(distance === undefined ? {} : { distanceMeters: Math.round(distance) }),
  };
}

export const poliView = (p: PoliRow) => ({ id: p.id, kodepoli: p.kodepoli, name: p.name, prefix: p.prefix });

export const scheduleView = (s: ScheduleRow) => ({
  id: s.id,
  poliId: s.poli_id,
  kodedokter: s.kodedokter,
  namadokter: s.namadokter,
  weekday: s.weekday,
  jampraktek: jampraktek(s),
  kapasitas: s.kapasitas,
});

/** A booking for its owner or the counter: NIK masked, never the tracking token unless asked. */
export function bookingView(b: BookingRow, extra: { ahead?: number; poliName?: string; facilityName?: string; estimate?: string } = {}, withToken = false) {
  return {
    id: b.id,
    code: b.code,
    number: b.number,
    date: b.date,
    state: b.state,
    source: b.source,
    kodedokter: b.kodedokter,
    nik: maskNik(b.nik),
    nomorkartu: b.nomorkartu ? `*********${b.nomorkartu.slice(9)}` : null,
    patientName: b.patient_name,
    keluhan: b.keluhan,
    alasan: b.alasan,
    callCount: b.call_count,
    bookedAt: b.booked_at,
    checkedInAt: b.checked_in_at,
    calledAt: b.called_at,
    servedAt: b.served_at,
    ...extra,
    ...(withToken ? { token: b.token } : {}),
  };
}
