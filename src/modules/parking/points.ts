/** Dishub registers parking points (with their perda tariffs) and jukir; the public "jukir resmi" page reads a card. */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { AppError, conflict, notFound, validationFailed } from "../../platform/errors.ts";
import { findUserByIdentifier } from "../accounts/index.ts";
import { DEFAULT_JUKIR_SHARE } from "./common.ts";
import * as store from "./store.ts";

type Tariff = { vehicleType: string; mode: "entry" | "hour"; amount: number };

/** A point as the API shows it: the row's own columns, the rest in camelCase and numbers. */
export interface Point extends Pick<store.PointRow, "id" | "code" | "name" | "kind" | "address" | "lat" | "lon" | "capacity" | "active"> {
  occupancyPct: number;
  turnoverPerDay: number;
  tariffs: Tariff[];
}

export const toPoint = (r: store.PointRow): Point => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  address: r.address,
  lat: r.lat == null ? null : Number(r.lat),
  lon: r.lon == null ? null : Number(r.lon),
  capacity: r.capacity,
  occupancyPct: r.occupancy_pct,
  turnoverPerDay: Number(r.turnover_per_day),
  active: r.active,
  tariffs: r.tariffs.map((t) => ({ vehicleType: t.vehicle_type, mode: t.mode, amount: Number(t.amount) })),
});

export const listPoints = async (q: Queryable, tenantId: string) => (await store.points(q, tenantId)).map(toPoint);

/** A new point: the store's input, its optional columns optional, with its tariffs. */
export type PointInput = Pick<store.PointInput, "code" | "name" | "capacity"> &
  Partial<Pick<store.PointInput, "address" | "lat" | "lon" | "occupancyPct" | "turnoverPerDay">> & { kind: Point["kind"]; tariffs: Tariff[] };

export async function createPointIn(q: Queryable, tenantId: string, actorId: string | null, p: PointInput): Promise<Point> {
  const types = p.tariffs.map((t) => t.vehicleType);
  if (new Set(types).size !== types.length)
    throw validationFailed([{ field: "tariffs", code: "parking-tariff-duplicate", message: "Satu tarif per jenis kendaraan / one tariff per vehicle type" }]);
  if ((p.lat == null) !== (p.lon == null))
    throw validationFailed([{ field: "lat", code: "parking-location", message: "Lintang dan bujur diisi bersama / give both lat and lon" }]);
  const id = await store.insertPoint(q, tenantId, {
    code: p.code,
    name: p.name,
    kind: p.kind,
    address: p.address ?? null,
    lat: p.lat ?? null,
    lon: p.lon ?? null,
    capacity: p.capacity,
    occupancyPct: p.occupancyPct ?? 60,
    turnoverPerDay: p.turnoverPerDay ?? 4,
  });
  if (!id) throw conflict("parking-point-exists", { detail: `Kode titik ${p.code} sudah dipakai / point code already used` });
  await store.replaceTariffs(q, tenantId, id, p.tariffs);
  await audit(q, { tenantId, actorId, action: "parking.point.created", subjectType: "parking_point", subjectId: id, data: { ...p } });
  return toPoint((await store.pointById(q, tenantId, id)) as store.PointRow);
}

export interface Attendant {
  id: string;
  name: string;
  cardCode: string;
  pointId: string;
  pointCode: string;
  pointName: string;
  sharePct: number;
  hasLogin: boolean;
  hasPhoto: boolean;
  active: boolean;
}
export const toAttendant = (r: store.AttendantRow): Attendant => ({
  id: r.id,
  name: r.name,
  cardCode: r.card_code,
  pointId: r.point_id,
  pointCode: r.point_code,
  pointName: r.point_name,
  sharePct: Number(r.share_pct),
  hasLogin: r.user_id != null,
  hasPhoto: r.has_photo,
  active: r.active,
});

export const listAttendants = async (q: Queryable, tenantId: string) => (await store.attendants(q, tenantId)).map(toAttendant);

/** Registers a jukir at a point; `email` links the staff login (granted the jukir role by the admin) to the card. */
export async function createAttendantIn(
  q: Queryable,
  tenantId: string,
  actorId: string | null,
  a: { name: string; pointId: string; sharePct?: number; email?: string | null },
): Promise<Attendant> {
  const point = await store.pointById(q, tenantId, a.pointId);
  if (!point) throw validationFailed([{ field: "pointId", code: "parking-point-unknown", message: "Titik parkir tidak dikenal / unknown parking point" }]);
  let userId: string | null = null;
  if (a.email) {
    const u = await findUserByIdentifier(q, tenantId, { kind: "email", value: a.email.toLowerCase() });
    if (u?.kind !== "staff")
      throw validationFailed([
        { field: "email", code: "parking-login-unknown", message: "Tidak ada akun petugas dengan e-mail ini / no staff account with this e-mail" },
      ]);
    userId = u.id;
  }
  const cardCode = randomBytes(12)
    .toString("base64url")
    .replace(/[^A-Za-z0-9]/g, "x");
  const id = await store.insertAttendant(q, tenantId, { userId, pointId: point.id, name: a.name, cardCode, sharePct: a.sharePct ?? DEFAULT_JUKIR_SHARE });
  await audit(q, {
    tenantId,
    actorId,
    action: "parking.attendant.created",
    subjectType: "parking_attendant",
    subjectId: id,
    data: { name: a.name, point: point.code, sharePct: a.sharePct ?? DEFAULT_JUKIR_SHARE, linked: userId != null },
  });
  return toAttendant((await store.attendantByCard(q, tenantId, cardCode)) as store.AttendantRow);
}

/** The public "jukir resmi" view of an ID card: name, point, tariffs — nothing else about the person. */
export async function officialAttendant(q: Queryable, tenantId: string, card: string) {
  const a = await store.attendantByCard(q, tenantId, card);
  if (!a) throw notFound("parking-card-unknown");
  const p = await store.pointById(q, tenantId, a.point_id);
  const point = toPoint(p as store.PointRow);
  return {
    official: a.active,
    name: a.name,
    cardCode: a.card_code,
    hasPhoto: a.has_photo,
    point: { code: point.code, name: point.name, kind: point.kind, address: point.address, lat: point.lat, lon: point.lon },
    tariffs: point.tariffs,
    /** e-Lapor category for a charge above the tariff: pungutan liar (the /lapor page reads ?kategori=). */
    reportCategory: "lapor-pungli",
  };
}

/** The jukir's own record (their login's attendant card), or 403 when the login is not a registered jukir. */
export async function attendantOfUser(q: Queryable, tenantId: string, userId: string): Promise<store.AttendantRow> {
  const a = await store.attendantByUser(q, tenantId, userId);
  if (!a) throw new AppError("parking-not-attendant", 403, { detail: "Akun ini bukan jukir terdaftar / this login is not a registered attendant" });
  return a;
}

/** createPointIn in a transaction of its own (what the route calls). */
export const createPoint = inTransaction(createPointIn);

/** createAttendantIn in a transaction of its own (what the route calls). */
export const createAttendant = inTransaction(createAttendantIn);
