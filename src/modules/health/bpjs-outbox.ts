/**
 * The durable queue of pushes to BPJS: written in the transaction of the change (so a rolled-back booking is never
 * announced), sent by a job with the adapter's retries, retried later with back-off while BPJS is unreachable, and
 * marked failed (with BPJS's message) when BPJS refuses it.
 */
import type { Db, Queryable } from "../../platform/db.ts";
import { runPeriodically } from "../../platform/periodic.ts";
import { type BpjsAntreanClient, type BpjsPath, BpjsUnavailable } from "./bpjs.ts";
import { jampraktek } from "./common.ts";
import type { BookingRow, PoliRow, ScheduleRow } from "./store.ts";

export const BPJS_MAX_ATTEMPTS = 6;

export async function queueBpjs(q: Queryable, tenantId: string, facilityId: string, bookingId: string, path: BpjsPath, body: Record<string, unknown>) {
  await q.later("INSERT INTO health_bpjs_outbox (tenant_id, facility_id, booking_id, path, body) VALUES ($1, $2, $3, $4, $5::jsonb)", [
    tenantId,
    facilityId,
    bookingId,
    path,
    JSON.stringify(body),
  ]);
}

/** The antrean/add body of BPJS's catalogue for a booking it did not make. */
export function bpjsAddBody(b: BookingRow, poli: PoliRow, s: ScheduleRow, ahead: number) {
  return {
    nomorkartu: b.nomorkartu ?? "",
    nik: b.nik,
    nohp: b.nohp ?? "",
    kodepoli: poli.kodepoli,
    namapoli: poli.name,
    norm: b.norm ?? "",
    tanggalperiksa: b.date,
    kodedokter: b.kodedokter,
    namadokter: s.namadokter,
    jampraktek: jampraktek(s),
    nomorantrean: b.code,
    angkaantrean: b.number,
    keterangan: b.source === "walkin" ? "Pasien datang langsung" : `Antrean ${ahead} orang sebelum Anda`,
  };
}

/** The antrean/panggil body: status 1 hadir (present when called), 2 tidak hadir; `waktu` in epoch milliseconds. */
export const bpjsCallBody = (b: BookingRow, kodepoli: string, status: 1 | 2, at: Date) => ({
  tanggalperiksa: b.date,
  kodepoli,
  nomorkartu: b.nomorkartu,
  status,
  waktu: at.getTime(),
});

interface OutboxRow {
  id: string;
  path: BpjsPath;
  body: Record<string, unknown>;
  attempts: number;
}

/** Sends what is due (oldest first); returns how many were sent. */
export async function drainBpjsOutbox(db: Db, client: BpjsAntreanClient, limit = 20, now = () => new Date()): Promise<number> {
  const due = await db.query<OutboxRow>(
    "SELECT id, path, body, attempts FROM health_bpjs_outbox WHERE state = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2",
    [now(), limit],
  );
  let sent = 0;
  for (const row of due) {
    try {
      const reply = await client.post(row.path, row.body);
      const ok = reply.code === 200;
      if (ok) sent++;
      await db.query("UPDATE health_bpjs_outbox SET state = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1", [
        row.id,
        ok ? "sent" : "failed",
        ok ? null : `${reply.code} ${reply.message}`.slice(0, 500),
      ]);
    } catch (err) {
      const attempts = row.attempts + 1;
      const message = err instanceof BpjsUnavailable ? err.message : String(err);
      const delayS = Math.min(3600, 30 * 2 ** attempts);
      await db.query(
        `UPDATE health_bpjs_outbox SET attempts = $2::int, last_error = $3, state = CASE WHEN $2::int >= $4::int THEN 'failed' ELSE 'pending' END,
           next_at = $5::timestamptz + make_interval(secs => $6::int) WHERE id = $1`,
        [row.id, attempts, message.slice(0, 500), BPJS_MAX_ATTEMPTS, now(), delayS],
      );
    }
  }
  return sent;
}

export function startBpjsJob(db: Db, client: BpjsAntreanClient, log: { error(obj: unknown, msg: string): void }, everyMs = 5000): () => void {
  return runPeriodically(
    everyMs,
    async () => {
      await drainBpjsOutbox(db, client);
    },
    log,
    "BPJS antrean push failed",
    { db, name: "bpjs-antrean-outbox" },
  );
}
