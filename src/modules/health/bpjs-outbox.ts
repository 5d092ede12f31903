/**
 * The durable queue of pushes to BPJS: written in the transaction of the change (so a rolled-back booking is never
 * announced), sent by a job with the adapter's retries, retried later with back-off while BPJS is unreachable, and
 * marked failed (with BPJS's message) when BPJS refuses it.
 */
import type { Db } from "../../platform/db.ts";
import { runPeriodically } from "../../platform/periodic.ts";
import { type BpjsAntreanClient, BpjsUnavailable } from "./bpjs.ts";
import { jampraktek } from "./common.ts";
import type { BookingRow, PoliRow, ScheduleRow } from "./store.ts";
import { dueBpjsPushes, insertBpjsPush, markBpjsAnswered, markBpjsRetry } from "./store-bpjs.ts";

export const BPJS_MAX_ATTEMPTS = 6;

/** Queues a push to BPJS in the caller's transaction. */
export const queueBpjs = insertBpjsPush;

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

/** Sends what is due (oldest first); returns how many were sent. */
export async function drainBpjsOutbox(db: Db, client: BpjsAntreanClient, limit = 20, now = () => new Date()): Promise<number> {
  const due = await dueBpjsPushes(db, now(), limit);
  let sent = 0;
  for (const row of due) {
    try {
      const reply = await client.post(row.path, row.body);
      const ok = reply.code === 200;
      if (ok) sent++;
      await markBpjsAnswered(db, row.id, ok ? null : `${reply.code} ${reply.message}`.slice(0, 500));
    } catch (err) {
      const attempts = row.attempts + 1;
      const message = err instanceof BpjsUnavailable ? err.message : String(err);
      const delayS = Math.min(3600, 30 * 2 ** attempts);
      await markBpjsRetry(db, row.id, { attempts, error: message.slice(0, 500), maxAttempts: BPJS_MAX_ATTEMPTS, now: now(), delayS });
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
