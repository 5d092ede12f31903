/**
 * The antrean FKTP web service a puskesmas hosts for BPJS's Mobile JKN app (BPJS "Katalog WS Antrean FKTP", the
 * faskes side): token by `x-username`/`x-password`, then `x-token` (+ `x-username`) on every call. Every reply is
 * `{response, metadata: {code, message}}`: 200 OK, 201 refused (token, input, quota, …), 202 patient not found.
 * Bookings made here share the poli's queue with Balai's bookings and walk-ins (booking.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import { problemTitle } from "../../platform/i18n.ts";
import { dummyPasswordHash, verifyPassword } from "../../platform/auth/passwords.ts";
import { cancelBooking, issueNumber } from "./booking.ts";
import { isCard, isNik, jampraktek } from "./common.ts";
import * as store from "./store.ts";

export const TOKEN_TTL_MS = 60 * 60 * 1000;

/** BPJS's envelope; `response` is null when refused. */
export interface JknReply<T = unknown> {
  response: T | null;
  metadata: { code: number; message: string };
}

export const ok = <T>(response: T, message = "Ok"): JknReply<T> => ({ response, metadata: { code: 200, message } });
export const refused = (message: string, code = 201): JknReply<never> => ({ response: null, metadata: { code, message } });

class JknRefusal extends Error {
  readonly code: number;
  constructor(message: string, code = 201) {
    super(message);
    this.code = code;
  }
}

const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");

/** Wraps a handler: domain errors become BPJS's 201 with the Indonesian message. */
export async function jkn<T>(fn: () => Promise<JknReply<T>>): Promise<JknReply<T>> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof JknRefusal) return refused(err.message, err.code);
    if (err instanceof AppError) return refused(problemTitle(err.code, "id"));
    throw err;
  }
}

export async function issueToken(db: Db, tenantId: string, username: string | undefined, password: string | undefined): Promise<JknReply<{ token: string }>> {
  const facility = username ? await store.facilityByUsername(db, tenantId, username) : undefined;
  const good = await verifyPassword(facility?.ws_password_hash ?? (await dummyPasswordHash()), password ?? "");
  if (!facility || !good) return refused("Username atau Password Tidak Sesuai");
  const token = randomBytes(32).toString("base64url");
  await db.query("DELETE FROM health_ws_tokens WHERE expires_at < now()");
  await db.query("INSERT INTO health_ws_tokens (token_hash, tenant_id, facility_id, expires_at) VALUES ($1, $2, $3, $4)", [
    hashToken(token),
    tenantId,
    facility.id,
    new Date(Date.now() + TOKEN_TTL_MS),
  ]);
  return ok({ token });
}

/** The facility the token was issued to; a refusal for a missing, unknown, expired or someone else's token. */
export async function facilityOfToken(db: Db, tenantId: string, token: string | undefined, username: string | undefined): Promise<store.FacilityRow> {
  if (!token) throw new JknRefusal("Token Tidak Ditemukan");
  const row = await db.one<{ facility_id: string; expires_at: Date }>(
    "SELECT facility_id, expires_at FROM health_ws_tokens WHERE token_hash = $1 AND tenant_id = $2",
    [hashToken(token), tenantId],
  );
  if (!row) throw new JknRefusal("Token Tidak Valid");
  if (new Date(row.expires_at).getTime() < Date.now()) throw new JknRefusal("Token Expired");
  const facility = await store.facilityById(db, tenantId, row.facility_id);
  if (!facility?.active || (username !== undefined && username !== facility.ws_username)) throw new JknRefusal("Token Tidak Valid");
  return facility;
}

async function poliOf(db: Db, tenantId: string, facility: store.FacilityRow, kodepoli: string) {
  const poli = await store.poliByCode(db, tenantId, facility.id, kodepoli);
  if (!poli?.active) throw new JknRefusal("Poli Tidak Ditemukan");
  return poli;
}

function checkDate(tanggal: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(tanggal) || Number.isNaN(Date.parse(`${tanggal}T00:00:00Z`)))
    throw new JknRefusal("Format Tanggal Tidak Sesuai, format yang benar adalah yyyy-mm-dd");
}

/** GET antrean/status/{kodepoli}/{tanggalperiksa}: one entry per doctor session of that day. */
export async function queueStatus(db: Db, tenantId: string, facility: store.FacilityRow, kodepoli: string, tanggal: string): Promise<JknReply> {
  checkDate(tanggal);
  const poli = await poliOf(db, tenantId, facility, kodepoli);
  const weekday = new Date(`${tanggal}T00:00:00Z`).getUTCDay() || 7;
  const sessions = (await store.schedules(db, tenantId, [poli.id])).filter((s) => s.weekday === weekday);
  if (!sessions.length) throw new JknRefusal("Tidak ada jadwal dokter pada tanggal tersebut");
  const list = [];
  for (const s of sessions) {
    const c = await store.dayCounts(db, tenantId, poli.id, tanggal, s.kodedokter);
    list.push({
      namapoli: poli.name,
      totalantrean: c.total,
      sisaantrean: c.waiting,
      antreanpanggil: c.lastCalledCode ?? "-",
      keterangan: "",
      kodedokter: s.kodedokter,
      namadokter: s.namadokter,
      jampraktek: jampraktek(s),
    });
  }
  return ok(list);
}

export interface JknBooking {
  nomorkartu?: string;
  nik?: string;
  nohp?: string;
  kodepoli?: string;
  norm?: string;
  tanggalperiksa?: string;
  kodedokter?: number | string;
  jampraktek?: string;
  keluhan?: string;
}

/** POST antrean: Mobile JKN takes a number. */
export async function takeNumber(
  db: Db,
  tenant: { id: string; timezone: string },
  facility: store.FacilityRow,
  body: JknBooking,
): Promise<JknReply<{ nomorantrean: string }>> {
  if (!body.nomorkartu || !isCard(body.nomorkartu)) throw new JknRefusal("Format Nomor Kartu Tidak Sesuai");
  if (!body.nik || !isNik(body.nik)) throw new JknRefusal("Format NIK Tidak Sesuai");
  if (!body.kodepoli) throw new JknRefusal("Kode Poli Tidak Boleh Kosong");
  if (!body.tanggalperiksa) throw new JknRefusal("Tanggal Periksa Tidak Boleh Kosong");
  checkDate(body.tanggalperiksa);
  const kodedokter = Number(body.kodedokter);
  if (!Number.isInteger(kodedokter) || kodedokter <= 0) throw new JknRefusal("Kode Dokter Tidak Sesuai");
  const poli = await poliOf(db, tenant.id, facility, body.kodepoli);
  const issued = await issueNumber(
    db,
    tenant,
    {
      facilityId: facility.id,
      poliId: poli.id,
      kodedokter,
      jampraktek: body.jampraktek || undefined,
      date: body.tanggalperiksa,
      nik: body.nik,
      nomorkartu: body.nomorkartu,
      nohp: body.nohp || null,
      norm: body.norm || null,
      keluhan: body.keluhan || null,
      source: "mobilejkn",
    },
    null,
  );
  const c = await store.dayCounts(db, tenant.id, poli.id, issued.booking.date);
  return ok({
    nomorantrean: issued.booking.code,
    angkaantrean: issued.booking.number,
    namapoli: poli.name,
    sisaantrean: issued.ahead,
    antreanpanggil: c.lastCalledCode ?? "-",
    keterangan: "Peserta harap datang 30 menit sebelum jam praktek dokter",
  });
}

/** GET antrean/sisapeserta/{nomorkartu}/{kodepoli}/{tanggalperiksa}. */
export async function remaining(
  db: Db,
  tenantId: string,
  facility: store.FacilityRow,
  nomorkartu: string,
  kodepoli: string,
  tanggal: string,
): Promise<JknReply> {
  if (!isCard(nomorkartu)) throw new JknRefusal("Format Nomor Kartu Tidak Sesuai");
  checkDate(tanggal);
  const poli = await poliOf(db, tenantId, facility, kodepoli);
  const b = await store.activeBookingOfCard(db, tenantId, poli.id, tanggal, nomorkartu);
  if (!b) throw new JknRefusal("Peserta Tidak Ditemukan", 202);
  const c = await store.dayCounts(db, tenantId, poli.id, tanggal);
  return ok({
    nomorantrean: b.code,
    namapoli: poli.name,
    sisaantrean: await store.aheadOf(db, tenantId, b),
    antreanpanggil: c.lastCalledCode ?? "-",
    keterangan: "",
  });
}

/** PUT antrean/batal. */
export async function cancel(
  db: Db,
  tenantId: string,
  facility: store.FacilityRow,
  body: { tanggalperiksa?: string; kodepoli?: string; nomorkartu?: string; alasan?: string },
): Promise<JknReply> {
  if (!body.nomorkartu || !isCard(body.nomorkartu)) throw new JknRefusal("Format Nomor Kartu Tidak Sesuai");
  if (!body.tanggalperiksa) throw new JknRefusal("Tanggal Periksa Tidak Boleh Kosong");
  checkDate(body.tanggalperiksa);
  if (!body.alasan?.trim()) throw new JknRefusal("Alasan Tidak Boleh Kosong");
  const poli = await poliOf(db, tenantId, facility, body.kodepoli ?? "");
  const tanggal = body.tanggalperiksa;
  const nomorkartu = body.nomorkartu;
  const alasan = body.alasan.trim().slice(0, 300);
  await db.tx(async (q) => {
    const b = await store.activeBookingOfCard(q, tenantId, poli.id, tanggal, nomorkartu);
    if (!b) throw new JknRefusal("Peserta Tidak Ditemukan", 202);
    if (b.state === "called") throw new JknRefusal("Antrean sudah dipanggil, tidak dapat dibatalkan");
    await cancelBooking(q, tenantId, b, alasan, null, { fromBpjs: true });
  });
  return ok(null);
}
