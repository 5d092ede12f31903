/** Puskesmas for the citizen (nearest first, poli, doctors and free places for the coming days) and Dinkes's settings. */
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { conflict } from "../../platform/errors.ts";
import { distanceMeters } from "../../platform/geo.ts";
import { holidaysOf } from "../calendar/index.ts";
import { subtreeOfCode } from "../admin/index.ts";
import { addDays, BOOKING_DAYS_AHEAD, facilityView, healthError, isoWeekday, jampraktek, poliView, scheduleView, todayIn } from "./common.ts";
import * as store from "./store.ts";

/** Dinas Kesehatan and every unit under it (its puskesmas). */
export const dinkesUnits = (q: Queryable, tenantId: string) => subtreeOfCode(q, tenantId, "DINKES");

export async function listFacilities(q: Queryable, tenantId: string, near?: { lat: number; lon: number }) {
  const rows = await store.facilities(q, tenantId, true);
  const list = rows.map((f) => facilityView(f, near ? distanceMeters(near, { lat: f.lat, lon: f.lon }) : undefined));
  if (near) list.sort((a, b) => (a.distanceMeters ?? 0) - (b.distanceMeters ?? 0));
  return list;
}

/** A puskesmas with its poli, and per poli the doctor sessions of today and the next 7 days with the places left. */
export async function facilityDetail(q: Queryable, tenant: { id: string; timezone: string }, facilityId: string, now = new Date()) {
  const f = await store.facilityById(q, tenant.id, facilityId);
  if (!f?.active) throw healthError.facility();
  const polis = (await store.polis(q, tenant.id, f.id)).filter((p) => p.active);
  const schedules = await store.schedules(
    q,
    tenant.id,
    polis.map((p) => p.id),
  );
  const holidays = await holidaysOf(q, tenant.id);
  const today = todayIn(tenant.timezone, now);
  const days = Array.from({ length: BOOKING_DAYS_AHEAD + 1 }, (_, i) => addDays(today, i));
  const taken = new Map<string, Map<string, number>>();
  for (const d of days)
    taken.set(
      d,
      await store.takenPlaces(
        q,
        tenant.id,
        schedules.map((s) => s.id),
        d,
      ),
    );
  return {
    ...facilityView(f),
    today,
    days: days.map((d) => ({ date: d, open: !holidays.has(d) && Boolean(f.hours[String(isoWeekday(d))]), hours: f.hours[String(isoWeekday(d))] ?? null })),
    polis: polis.map((p) => ({
      ...poliView(p),
      schedules: schedules.filter((s) => s.poli_id === p.id).map(scheduleView),
      sessions: days.flatMap((d) => {
        if (holidays.has(d) || !f.hours[String(isoWeekday(d))]) return [];
        return schedules
          .filter((s) => s.poli_id === p.id && s.weekday === isoWeekday(d))
          .map((s) => ({
            date: d,
            scheduleId: s.id,
            kodedokter: s.kodedokter,
            namadokter: s.namadokter,
            jampraktek: jampraktek(s),
            kapasitas: s.kapasitas,
            left: Math.max(0, s.kapasitas - (taken.get(d)?.get(s.id) ?? 0)),
          }));
      }),
    })),
  };
}

/** Dinkes sets the Mobile JKN web-service username and password of a puskesmas; earlier tokens stop working. */
export async function setWsCredentials(db: Db, tenantId: string, facilityId: string, username: string, password: string, actorId: string) {
  const hash = await hashPassword(password);
  return db.tx(async (q) => {
    const other = await store.facilityByUsername(q, tenantId, username);
    if (other && other.id !== facilityId) throw conflict("health-username-taken");
    if (!(await store.setCredentials(q, tenantId, facilityId, username, hash))) throw healthError.facility();
    await audit(q, { tenantId, actorId, action: "health.ws-credentials.set", subjectType: "health_facility", subjectId: facilityId, data: { username } });
    return { facilityId, username };
  });
}

/** Dinkes's list: every puskesmas with its web-service username (never the password). */
export async function adminFacilities(q: Queryable, tenantId: string) {
  const rows = await store.facilities(q, tenantId, false);
  return rows.map((f) => ({ ...facilityView(f), active: f.active, wsUsername: f.ws_username, wsConfigured: Boolean(f.ws_password_hash) }));
}
