/** What the phone and the TV display show: numbers and states only (no name, NIK or card number). */
import type { Queryable } from "../../platform/db.ts";
import { estimate, healthError, NEAR_TURN } from "./common.ts";
import * as store from "./store.ts";

export async function ticketState(q: Queryable, tenant: { id: string; timezone: string }, token: string) {
  const b = await store.bookingByToken(q, tenant.id, token);
  if (!b) throw healthError.booking();
  const [poli, facility, schedule, counts] = await Promise.all([
    store.poliById(q, tenant.id, b.poli_id),
    store.facilityById(q, tenant.id, b.facility_id),
    store.scheduleById(q, tenant.id, b.schedule_id),
    store.dayCounts(q, tenant.id, b.poli_id, b.date),
  ]);
  const waiting = b.state === "booked" || b.state === "hadir";
  const ahead = waiting ? await store.aheadOf(q, tenant.id, b) : 0;
  return {
    code: b.code,
    number: b.number,
    date: b.date,
    state: b.state,
    facilityId: b.facility_id,
    facilityName: facility?.name ?? "",
    poliId: b.poli_id,
    poliName: poli?.name ?? "",
    namadokter: schedule?.namadokter ?? "",
    jampraktek: schedule ? `${schedule.start_time}-${schedule.end_time}` : "",
    ahead,
    nearTurn: waiting && ahead <= NEAR_TURN,
    nowServing: counts.lastCalledCode,
    estimate: waiting && schedule ? estimate(schedule, b.date, ahead, tenant.timezone) : null,
  };
}

export async function displayState(q: Queryable, tenantId: string, poliId: string, date: string) {
  const poli = await store.poliById(q, tenantId, poliId);
  if (!poli) throw healthError.poli();
  const facility = await store.facilityById(q, tenantId, poli.facility_id);
  const day = await store.bookingsOfDay(q, tenantId, poliId, date);
  const called = day.filter((b) => b.called_at).sort((a, b) => new Date(b.called_at!).getTime() - new Date(a.called_at!).getTime());
  const current = called.find((b) => b.state === "called") ?? null;
  return {
    poliId,
    poliName: poli.name,
    facilityName: facility?.name ?? "",
    date,
    nowServing: current ? { code: current.code, callCount: current.call_count, calledAt: current.called_at } : null,
    lastCalled: called.slice(0, 5).map((b) => ({ code: b.code, state: b.state })),
    waiting: day.filter((b) => b.state === "booked" || b.state === "hadir").length,
    checkedIn: day.filter((b) => b.state === "hadir").length,
  };
}
