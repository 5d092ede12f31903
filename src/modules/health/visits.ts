/** Sending a served visit to SATUSEHAT as an Encounter, once; the Encounter id is kept on the booking and audited. */
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import { healthError } from "./common.ts";
import { type SatusehatClient, SatusehatError } from "./satusehat.ts";
import * as store from "./store.ts";

export async function sendVisit(
  db: Db,
  tenantId: string,
  bookingId: string,
  client: SatusehatClient | undefined,
  organizationId: string,
  actorId: string | null,
) {
  if (!client) throw new AppError("health-satusehat-off", 409, { detail: "SATUSEHAT is not configured (SATUSEHAT_* variables)" });
  const b = await store.bookingById(db, tenantId, bookingId);
  if (!b) throw healthError.booking();
  if (b.satusehat_encounter_id) return { encounterId: b.satusehat_encounter_id, already: true };
  if (b.state !== "served" || !b.checked_in_at || !b.called_at || !b.served_at) throw healthError.state();
  const [facility, poli, schedule] = await Promise.all([
    store.facilityById(db, tenantId, b.facility_id),
    store.poliById(db, tenantId, b.poli_id),
    store.scheduleById(db, tenantId, b.schedule_id),
  ]);
  if (!schedule?.doctor_nik || !facility?.satusehat_location_id)
    throw new AppError("health-satusehat-unmapped", 409, { detail: "The doctor's NIK or the puskesmas's SATUSEHAT Location id is missing" });
  let encounterId: string;
  try {
    encounterId = await client.sendEncounter({
      bookingId: b.id,
      code: b.code,
      patientNik: b.nik,
      doctorNik: schedule.doctor_nik,
      poliName: poli?.name ?? "",
      organizationId: facility.satusehat_org_id ?? organizationId,
      locationId: facility.satusehat_location_id,
      arrivedAt: new Date(b.checked_in_at),
      calledAt: new Date(b.called_at),
      servedAt: new Date(b.served_at),
    });
  } catch (err) {
    if (err instanceof SatusehatError) throw new AppError("health-satusehat-refused", 502, { detail: err.message });
    throw err;
  }
  await db.tx(async (q) => {
    await store.updateBooking(q, tenantId, b.id, { encounterId });
    await audit(q, { tenantId, actorId, action: "health.visit.sent", subjectType: "health_booking", subjectId: b.id, data: { encounterId } });
  });
  return { encounterId, already: false };
}
