import type { Db } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { zoneOffsetMinutes } from "../../platform/workdays.ts";
import { caseEvents, specOf } from "../cases/index.ts";
import { excerpt, fieldError, isPublic, listCategories, publicPhoto, stateLabel, terminalOf, unitNamesByCode, unitsById } from "./common.ts";
import { fixView } from "./fix-loop.ts";
import * as store from "./store.ts";
import { LruMap } from "../../platform/lru.ts";

// ---- public ----------------------------------------------------------------------------------------------

export interface PublicQuery {
  category?: string;
  state?: string;
  kecamatan?: string;
  from?: string;
  to?: string;
  /** minLon,minLat,maxLon,maxLat */
  bbox?: string;
  limit?: number;
  cursor?: string;
}

const encodeCursor = (at: Date, id: string) => Buffer.from(`${new Date(at).toISOString()}|${id}`).toString("base64url");
function decodeCursor(s: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const d = new Date(at ?? "");
  if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? "")) throw fieldError("cursor", "format");
  return { at: d, id };
}
/** An ISO instant, or a plain date = the start of that day in the tenant's time zone. */
export function parseDate(s: string | undefined, field: string, timeZone: string): Date | undefined {
  if (!s) return undefined;
  let d = new Date(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const utc = new Date(`${s}T00:00:00Z`);
    d = new Date(utc.getTime() - zoneOffsetMinutes(utc, timeZone) * 60_000);
  }
  if (Number.isNaN(d.getTime())) throw fieldError(field, "format");
  return d;
}
function parseBbox(s: string | undefined): [number, number, number, number] | undefined {
  if (!s) return undefined;
  const parts = s.split(",").map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[0] > parts[2] || parts[1] > parts[3]) throw fieldError("bbox", "format");
  return parts as [number, number, number, number];
}

/**
 * The public list and map: reports that are not confidential, not hidden by moderation and not archived;
 * no reporter identity. Newest first; `next` is the cursor of the following page (null at the end).
 */
export async function listPublicReports(db: Db, tenant: Tenant, query: PublicQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const toDate = parseDate(query.to, "to", tenant.timezone);
  const rows = await store.listPublic(db, tenant.id, {
    category: query.category,
    state: query.state,
    kecamatan: query.kecamatan,
    from: parseDate(query.from, "from", tenant.timezone),
    // A plain date `to` includes that whole day.
    to: toDate && query.to && /^\d{4}-\d{2}-\d{2}$/.test(query.to) ? new Date(toDate.getTime() + 86_400_000) : toDate,
    bbox: parseBbox(query.bbox),
    cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const photos = await store.photosOf(
    db,
    tenant.id,
    page.map((r) => r.id),
  );
  const names = await unitNamesByCode(
    db,
    tenant.id,
    page.flatMap((r) => [r.kelurahan_code, r.kecamatan_code]),
  );
  const cats = new Map((await listCategories(db, tenant.id)).map((c) => [c.key, c.spec]));
  const items = page.map((r) => {
    const spec = cats.get(r.service_key);
    return {
      number: r.number,
      category: r.service_key,
      categoryName: spec?.name ?? null,
      state: r.state,
      stateLabel: spec ? stateLabel(spec, r.state) : null,
      outcome: spec && terminalOf(spec, r.state) ? r.state : null,
      lat: r.lat,
      lon: r.lon,
      kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: names.get(r.kelurahan_code) ?? null } : null,
      kecamatan: r.kecamatan_code ? { code: r.kecamatan_code, name: names.get(r.kecamatan_code) ?? null } : null,
      createdAt: r.created_at,
      supportCount: r.support_count,
      rating: r.rating,
      excerpt: excerpt(r.title ? `${r.title}: ${r.description}` : r.description),
      photos: photos.filter((p) => p.case_id === r.id && p.kind === "report").map((p) => publicPhoto(p.file_id)),
    };
  });
  const last = page[page.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
}

/** One public report by number with its public timeline (status changes, official answers, progress updates). */
export async function getPublicReport(db: Db, tenant: Tenant, number: string) {
  const r = await store.getReportByNumber(db, tenant.id, number);
  if (!r || !isPublic(r)) throw notFound("report-not-found");
  const spec = await specOf(db, tenant.id, r.service_key, r.service_version);
  const [events, photos, units, names] = await Promise.all([
    caseEvents(db, tenant.id, r.id),
    store.photosOf(db, tenant.id, [r.id]),
    unitsById(db, tenant.id, [r.assignee_unit_id]),
    unitNamesByCode(db, tenant.id, [r.kelurahan_code, r.kecamatan_code]),
  ]);
  const merged = r.merged_into ? await store.getReport(db, tenant.id, r.merged_into) : undefined;
  const byId = new Map(photos.map((p) => [p.file_id, p]));
  const timeline = [];
  for (const e of events) {
    const staff = !!e.actor_role && e.actor_role !== "citizen";
    if (e.kind === "submitted" || (e.kind === "transition" && e.to_state)) {
      const answer = staff && e.to_state && (terminalOf(spec, e.to_state) || e.to_state === "responded");
      timeline.push({
        at: e.at,
        kind: "status",
        state: e.to_state,
        label: stateLabel(spec, e.to_state as string),
        message: answer ? e.comment : null,
        photos: [],
      });
    } else if (e.kind === "comment" && staff && e.data?.update) {
      const ids = Array.isArray(e.data.photos) ? (e.data.photos as string[]) : [];
      timeline.push({ at: e.at, kind: "update", state: null, label: null, message: e.comment, photos: ids.filter((x) => byId.has(x)).map(publicPhoto) });
    }
  }
  return {
    // The id lets a signed-in visitor support (+1) or flag the report; it opens nothing by itself.
    id: r.id,
    number: r.number,
    category: { key: r.service_key, name: spec.name, classification: r.classification },
    title: r.title,
    description: r.description,
    state: r.state,
    stateLabel: stateLabel(spec, r.state),
    isOpen: r.is_open,
    outcome: terminalOf(spec, r.state) ? r.state : null,
    lat: r.lat,
    lon: r.lon,
    kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: names.get(r.kelurahan_code) ?? null } : null,
    kecamatan: r.kecamatan_code ? { code: r.kecamatan_code, name: names.get(r.kecamatan_code) ?? null } : null,
    unit: r.assignee_unit_id ? (units.get(r.assignee_unit_id) ?? null) : null,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    supportCount: r.support_count,
    rating: r.rating,
    ratingComment: r.rating_comment,
    mergedInto: merged && isPublic(merged) ? { number: merged.number } : null,
    photos: photos.filter((p) => p.kind === "report").map((p) => publicPhoto(p.file_id)),
    timeline,
    fix: await fixView(db, tenant.id, r, spec, "public"),
  };
}

const round1 = (n: number | null) => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10);

const statsCache = new LruMap<string, { at: number; value: Promise<unknown> }>(256);
const STATS_TTL_MS = 5 * 60_000;

/**
 * Statistics per unit (received, median hours to first response and to resolve, SLA compliance, rating), per
 * category and month. A public page over up to a year of reports: cached per tenant and range for 5 minutes.
 */
export async function publicStats(db: Db, tenant: Tenant, fromS?: string, toS?: string) {
  const key = `${tenant.id}|${fromS ?? ""}|${toS ?? ""}`;
  const hit = statsCache.get(key);
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.value as ReturnType<typeof computeStats>;
  const value = computeStats(db, tenant, fromS, toS);
  statsCache.set(key, { at: Date.now(), value });
  if (statsCache.size > 500) statsCache.delete(statsCache.keys().next().value as string);
  value.catch(() => statsCache.delete(key));
  return value;
}

async function computeStats(db: Db, tenant: Tenant, fromS?: string, toS?: string) {
  const now = new Date();
  const to = parseDate(toS, "to", tenant.timezone) ?? now;
  const toEnd = toS && /^\d{4}-\d{2}-\d{2}$/.test(toS) ? new Date(to.getTime() + 86_400_000) : to;
  const from = parseDate(fromS, "from", tenant.timezone) ?? new Date(toEnd.getTime() - 365 * 86_400_000);
  const [units, categories, monthly] = await Promise.all([
    store.unitStats(db, tenant.id, from, toEnd),
    store.categoryStats(db, tenant.id, from, toEnd),
    store.monthlyStats(db, tenant.id, from, toEnd, tenant.timezone),
  ]);
  return {
    from,
    to: toEnd,
    units: units.map((u) => ({
      unitCode: u.unit_code,
      unitName: u.unit_name,
      received: u.received,
      medianFirstResponseHours: round1(u.median_first_response_hours),
      medianResolveHours: round1(u.median_resolve_hours),
      slaCompliance: u.closed ? Math.round((u.closed_on_time / u.closed) * 1000) / 1000 : null,
      ratingAvg: round1(u.rating_avg),
      ratingCount: u.rating_count,
    })),
    categories: categories.map((c) => ({ key: c.key, name: { id: c.name_id, en: c.name_en }, count: c.count })),
    monthly,
  };
}
