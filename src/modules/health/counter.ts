/**
 * The puskesmas counter (loket): check a booked patient in (hadir), call the next checked-in patient (lowest number
 * first), recall, skip (tidak hadir), mark served, cancel. Each step is one transaction with its audit entry, a
 * live-stream event for the TV display and the phones, the BPJS push it implies, and the "your turn nears" message
 * to the patients who are now close.
 */
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import { emitQueue } from "./booking.ts";
import { bpjsCallBody, queueBpjs } from "./bpjs-outbox.ts";
import { healthError, NEAR_TURN } from "./common.ts";
import * as store from "./store.ts";

export type CounterAction = "checkin" | "recall" | "skip" | "serve";

/** Which state an action needs and which it leads to. */
const MOVES: Record<CounterAction, { from: store.BookingState[]; to?: store.BookingState }> = {
  checkin: { from: ["booked"], to: "hadir" },
  recall: { from: ["called"] },
  skip: { from: ["booked", "hadir", "called"], to: "tidak_hadir" },
  serve: { from: ["called"], to: "served" },
};

async function afterMove(q: Queryable, tenantId: string, b: store.BookingRow, change: string, actorId: string | null) {
  await audit(q, {
    tenantId,
    actorId,
    action: `health.booking.${change}`,
    subjectType: "health_booking",
    subjectId: b.id,
    data: { code: b.code, state: b.state },
  });
  await emitQueue(q, tenantId, b, change);
}

/** Applies a counter action to one booking of the facility. */
export async function counterAction(db: Db, tenantId: string, facilityId: string, bookingId: string, action: CounterAction, actorId: string | null) {
  return db.tx(async (q) => {
    const b = await store.bookingById(q, tenantId, bookingId, true);
    if (!b || b.facility_id !== facilityId) throw healthError.booking();
    const move = MOVES[action];
    if (!move.from.includes(b.state)) throw healthError.state();
    const next = await store.updateBooking(q, tenantId, b.id, move.to ? { state: move.to } : { callAgain: true });
    if (action === "skip") await store.givePlaceBack(q, b.schedule_id, b.date);
    await afterMove(
      q,
      tenantId,
      next,
      action === "checkin" ? "checked-in" : action === "skip" ? "no-show" : action === "serve" ? "served" : "recalled",
      actorId,
    );
    if (next.nomorkartu && (action === "checkin" || action === "skip")) {
      const poli = await store.poliById(q, tenantId, b.poli_id);
      await queueBpjs(q, tenantId, b.facility_id, b.id, "antrean/panggil", bpjsCallBody(next, poli!.kodepoli, action === "checkin" ? 1 : 2, new Date()));
    }
    if (action !== "checkin" && action !== "recall") await notifyNearTurn(q, tenantId, b.poli_id, b.date);
    return next;
  });
}

/** Calls the lowest-numbered checked-in patient of the poli's day. */
export async function callNext(db: Db, tenantId: string, facilityId: string, poliId: string, date: string, actorId: string | null) {
  return db.tx(async (q) => {
    const poli = await store.poliById(q, tenantId, poliId);
    if (!poli || poli.facility_id !== facilityId) throw healthError.poli();
    const b = await store.nextCheckedIn(q, tenantId, poliId, date);
    if (!b) throw healthError.empty();
    const called = await store.updateBooking(q, tenantId, b.id, { state: "called" });
    await afterMove(q, tenantId, called, "called", actorId);
    await notifyNearTurn(q, tenantId, poliId, date);
    return called;
  });
}

/** Tells each waiting patient with a phone (or an account) once, when NEAR_TURN or fewer are ahead. */
export async function notifyNearTurn(q: Queryable, tenantId: string, poliId: string, date: string): Promise<void> {
  const waiting = await store.waitingWithAhead(q, tenantId, poliId, date);
  for (const w of waiting) {
    if (w.ahead > NEAR_TURN) continue;
    await store.updateBooking(q, tenantId, w.id, { nearNotified: true });
    if (!w.nohp && !w.user_id) continue;
    const body =
      w.ahead === 0
        ? `Antrean ${w.code}: giliran Anda berikutnya. Mohon menuju ruang tunggu poli.`
        : `Antrean ${w.code}: ${w.ahead} orang lagi sebelum giliran Anda. Mohon bersiap di puskesmas.`;
    await enqueueNotification(q, {
      tenantId,
      userId: w.user_id,
      channel: "sms",
      recipient: w.nohp ?? "",
      template: "health.turn-near",
      subject: "Giliran Anda segera tiba",
      body,
      sealed: !w.nohp,
    });
  }
}
