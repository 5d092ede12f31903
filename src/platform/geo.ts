import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon } from "geojson";
import { cellToBoundary, gridDisk, latLngToCell } from "h3-js";
import type { Queryable } from "./db.ts";
import { badRequest } from "./errors.ts";

/**
 * Geo kernel: H3 cells for "near here" prefilters, haversine distance, point-in-kelurahan with the
 * tenant's imported boundaries, and the tenant's map extent. No module imports (platform/ is the kernel).
 */

/** H3 resolution of stored points: res 9 cells are ~0.1 km² (edge ~174 m). */
export const H3_RES = 9;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Throws a 400 `invalid-coordinates` for NaN, infinities or values outside −90..90 / −180..180. */
export function checkLatLon(lat: number, lon: number): void {
  const bad: { field: string; code: string; message: string }[] = [];
  if (typeof lat !== "number" || !Number.isFinite(lat) || lat < -90 || lat > 90)
    bad.push({ field: "lat", code: "range", message: `latitude must be a number between -90 and 90 (got ${String(lat)})` });
  if (typeof lon !== "number" || !Number.isFinite(lon) || lon < -180 || lon > 180)
    bad.push({ field: "lon", code: "range", message: `longitude must be a number between -180 and 180 (got ${String(lon)})` });
  if (bad.length) throw badRequest("invalid-coordinates", { detail: bad.map((b) => b.message).join("; "), fields: bad });
}

/** The res-9 H3 cell of a point (15 hex characters). */
export function h3Cell(lat: number, lon: number): string {
  checkLatLon(lat, lon);
  return latLngToCell(lat, lon, H3_RES);
}

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The shortest edge of the cell, in metres (H3 cells vary in size over the globe; use the local one). */
function minEdgeMeters(cell: string): number {
  const ring = cellToBoundary(cell); // [lat, lng] pairs
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ring.length; i++) {
    const [aLat, aLon] = ring[i];
    const [bLat, bLon] = ring[(i + 1) % ring.length];
    min = Math.min(min, distanceMeters({ lat: aLat, lon: aLon }, { lat: bLat, lon: bLon }));
  }
  return min;
}

/**
 * The res-9 cells whose union covers the disk of `radiusMeters` around the point, for a
 * `WHERE h3 = ANY($1::text[])` prefilter (pass `cellsParam(cells)`: the db layer sends JS arrays as
 * JSON text; then check the exact distance with distanceMeters). A point within the radius lies in
 * a cell whose centre is at most r + e from the origin cell's centre (e = edge = circumradius);
 * cells k rings apart have centres at least 1.5·e·k apart, so k = ⌈(r + 2e) / 1.5e⌉ (+ margin for
 * H3's distortion) is enough.
 */
export function cellsWithin(lat: number, lon: number, radiusMeters: number): string[] {
  if (!Number.isFinite(radiusMeters) || radiusMeters < 0) throw badRequest("invalid-radius", { detail: "radius must be a non-negative number of metres" });
  const origin = h3Cell(lat, lon);
  const e = minEdgeMeters(origin);
  // A cell k rings away is at least k − 1 minimum edge lengths from any point of the centre cell (the
  // nearest such cells meet the centre cell's corners), so k = ⌊r / e⌋ + 1 rings cover the disk; 2 %
  // slack for the edge lengths varying between neighbouring cells.
  const k = Math.floor(radiusMeters / (0.98 * e)) + 1;
  if (k > 200) throw badRequest("invalid-radius", { detail: "radius too large for a cell prefilter (max ~50 km)" });
  return gridDisk(origin, k);
}

/** H3 cells as a PostgreSQL array literal for `= ANY($n::text[])` (cells are plain hex, no quoting needed). */
export const cellsParam = (cells: string[]): string => `{${cells.join(",")}}`;

// ---------------------------------------------------------------------------------------------
// Tenant extent

/** A tenant's map extent: bbox [minLon, minLat, maxLon, maxLat] and centre [lon, lat] (GeoJSON order). */
export interface Extent {
  bbox: [number, number, number, number];
  center: [number, number];
  zoom: number;
}

/** A web-map zoom that shows the whole bbox on a phone-sized map (~360 px). */
export function zoomForBbox(bbox: Extent["bbox"]): number {
  const span = Math.max(bbox[2] - bbox[0], (bbox[3] - bbox[1]) * 1.2, 1e-6);
  return Math.max(3, Math.min(16, Math.floor(Math.log2((360 * 360) / (256 * span)))));
}

export function extentOf(bbox: Extent["bbox"]): Extent {
  return { bbox, center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], zoom: zoomForBbox(bbox) };
}

export async function tenantExtent(q: Queryable, tenantId: string): Promise<Extent | null> {
  const row = await q.one<{ extent: Extent | string | null }>("SELECT extent FROM tenants WHERE id = $1", [tenantId]);
  if (!row?.extent) return null;
  return typeof row.extent === "string" ? (JSON.parse(row.extent) as Extent) : row.extent;
}

export async function setTenantExtent(q: Queryable, tenantId: string, extent: Extent | null): Promise<void> {
  await q.query("UPDATE tenants SET extent = $2::jsonb WHERE id = $1", [tenantId, extent]);
}

const inBbox = (bbox: Extent["bbox"], lat: number, lon: number) => lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];

// ---------------------------------------------------------------------------------------------
// Locate

export interface Location {
  /** true: inside a loaded boundary; false: outside the city; null: unknown (no boundaries loaded). */
  inside: boolean | null;
  kelurahan: string | null;
  kecamatan: string | null;
}

type Geometry = Polygon | MultiPolygon;

/** Parsed geometries by tenant and code; an entry is valid while its imported_at matches the row's. */
const geometryCache = new Map<string, Map<string, { importedAt: string; geometry: Geometry }>>();

/** Forget a tenant's cached polygons (after an import in this process; other processes see the new imported_at). */
export function invalidateBoundaries(tenantId?: string): void {
  if (tenantId === undefined) geometryCache.clear();
  else geometryCache.delete(tenantId);
}

interface CandidateRow {
  code: string;
  level: "kelurahan" | "kecamatan";
  imported_at: string | Date;
}

async function geometryOf(q: Queryable, tenantId: string, row: CandidateRow): Promise<Geometry> {
  let byCode = geometryCache.get(tenantId);
  if (!byCode) {
    byCode = new Map();
    geometryCache.set(tenantId, byCode);
  }
  const stamp = row.imported_at instanceof Date ? row.imported_at.toISOString() : String(row.imported_at);
  const hit = byCode.get(row.code);
  if (hit && hit.importedAt === stamp) return hit.geometry;
  const g = await q.one<{ geometry: Geometry | string }>("SELECT geometry FROM region_boundaries WHERE tenant_id = $1 AND code = $2", [tenantId, row.code]);
  const geometry = (typeof g?.geometry === "string" ? JSON.parse(g.geometry) : g?.geometry) as Geometry;
  byCode.set(row.code, { importedAt: stamp, geometry });
  return geometry;
}

/** Kemendagri kecamatan code of a kelurahan code: "16.71.04.1003" → "16.71.04". */
export const kecamatanOf = (kelurahanCode: string) => kelurahanCode.split(".").slice(0, 3).join(".");

/**
 * Where in the tenant is the point? With boundaries loaded: the kelurahan (and kecamatan) polygon
 * that contains it, or inside=false. Without: the tenant's extent says outside (false) or
 * unknown (null; the citizen picks the kelurahan).
 */
export async function locate(q: Queryable, tenantId: string, lat: number, lon: number): Promise<Location> {
  checkLatLon(lat, lon);
  const candidates = await q.query<CandidateRow>(
    `SELECT code, level, imported_at FROM region_boundaries
      WHERE tenant_id = $1 AND min_lat <= $2 AND max_lat >= $2 AND min_lon <= $3 AND max_lon >= $3
      ORDER BY level DESC, code`,
    [tenantId, lat, lon],
  );
  let kelurahan: string | null = null;
  let kecamatan: string | null = null;
  for (const c of candidates) {
    if ((c.level === "kelurahan" && kelurahan) || (c.level === "kecamatan" && kecamatan)) continue;
    const geometry = await geometryOf(q, tenantId, c);
    if (!booleanPointInPolygon([lon, lat], geometry)) continue;
    if (c.level === "kelurahan") kelurahan = c.code;
    else kecamatan = c.code;
  }
  if (kelurahan) return { inside: true, kelurahan, kecamatan: kecamatan ?? kecamatanOf(kelurahan) };
  if (kecamatan) return { inside: true, kelurahan: null, kecamatan };
  const loaded = candidates.length > 0 || !!(await q.one("SELECT 1 FROM region_boundaries WHERE tenant_id = $1 LIMIT 1", [tenantId]));
  if (loaded) return { inside: false, kelurahan: null, kecamatan: null };
  const extent = await tenantExtent(q, tenantId);
  if (extent && !inBbox(extent.bbox, lat, lon)) return { inside: false, kelurahan: null, kecamatan: null };
  return { inside: null, kelurahan: null, kecamatan: null };
}

export async function boundariesLoaded(q: Queryable, tenantId: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM region_boundaries WHERE tenant_id = $1 LIMIT 1", [tenantId]));
}

// ---------------------------------------------------------------------------------------------
// Import

/** Code properties of a kelurahan (or, in a kecamatan file, of the kecamatan), tried in this order. */
const CODE_KEYS = ["kode", "KODE", "kd_kel", "KDEPUM", "code", "kode_kel", "KODE_KEL", "kd_desa", "kode_desa", "id_kel"];
/** Kecamatan code properties: used only when no kelurahan code or name matched (BIG files carry both). */
const KEC_CODE_KEYS = ["KDCPUM", "kd_kec", "kode_kec", "KODE_KEC"];
const NAME_KEYS = ["nama", "NAMA", "name", "NAME", "nm_kel", "nama_kel", "NAMA_KEL", "WADMKD", "NAMOBJ", "kelurahan", "KELURAHAN", "desa", "DESA", "nama_desa"];
const KEC_NAME_KEYS = ["kecamatan", "KECAMATAN", "WADMKC", "nm_kec", "nama_kec", "NAMA_KEC"];

const UNIT_WORDS: Record<string, number> = { satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };
const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4", v: "5" };

/**
 * A comparable key for a region name: lower case, no "Kelurahan"/"Desa"/"Kecamatan" prefix, no
 * punctuation, Indonesian number words and Roman numerals as digits ("DUA PULUH ENAM ILIR D. I" and
 * "Kelurahan 26 Ilir D. I" both become "26 ilir d 1").
 */
export function regionNameKey(name: string): string {
  const words = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/^\s*(?:(?:kelurahan|desa|kecamatan)\s+|(?:kel|kec|ds)\.\s*)/, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === "sepuluh") out.push("10");
    else if (w === "sebelas") out.push("11");
    else if (w === "seratus") out.push("100");
    else if (UNIT_WORDS[w] !== undefined) {
      const n = UNIT_WORDS[w];
      if (words[i + 1] === "belas") {
        out.push(String(10 + n));
        i++;
      } else if (words[i + 1] === "puluh") {
        const last = UNIT_WORDS[words[i + 2]];
        if (last !== undefined) {
          out.push(String(n * 10 + last));
          i += 2;
        } else {
          out.push(String(n * 10));
          i++;
        }
      } else out.push(String(n));
    } else if (ROMAN[w] && i > 0) out.push(ROMAN[w]);
    else out.push(w);
  }
  return out.join(" ");
}

const digits = (s: string) => s.replace(/\D/g, "");

function bboxOfGeometry(g: Geometry): Extent["bbox"] {
  let minLon = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
  return [minLon, minLat, maxLon, maxLat];
}

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === "number" && typeof p[1] === "number" && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isRing = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const isPolygonCoords = (c: unknown) => Array.isArray(c) && c.length >= 1 && c.every(isRing);

function validGeometry(g: unknown): Geometry | undefined {
  if (!g || typeof g !== "object") return undefined;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === "Polygon" && isPolygonCoords(coordinates)) return { type, coordinates } as Polygon;
  if (type === "MultiPolygon" && Array.isArray(coordinates) && coordinates.length >= 1 && coordinates.every(isPolygonCoords))
    return { type, coordinates } as MultiPolygon;
  return undefined;
}

const notGeoJson = (detail: string) => badRequest("invalid-geojson", { detail });

export interface ImportResult {
  imported: number;
  /** Features that matched no kelurahan/kecamatan of the tenant (their code or name, or "#index"). */
  unmatched: string[];
}

interface UnitRow {
  code: string;
  kind: "kelurahan" | "kecamatan";
  name: string;
  parent_name: string | null;
}

/**
 * Imports a GeoJSON FeatureCollection of kelurahan (or kecamatan) polygons into the tenant: each feature
 * is matched to an org unit by a Kemendagri code property (with or without dots), else by name
 * (case, punctuation and number-word insensitive; a kecamatan name property settles duplicates).
 * Replaces earlier boundaries of the same code and recomputes the tenant extent. Runs in the caller's
 * transaction; throws 400 `invalid-geojson` for anything that is not a FeatureCollection of polygons.
 */
export async function importBoundaries(q: Queryable, tenantId: string, geojson: unknown): Promise<ImportResult> {
  if (!geojson || typeof geojson !== "object" || Array.isArray(geojson)) throw notGeoJson("expected a GeoJSON FeatureCollection object");
  const fc = geojson as { type?: unknown; features?: unknown };
  if (fc.type !== "FeatureCollection" || !Array.isArray(fc.features))
    throw notGeoJson(`expected a GeoJSON FeatureCollection (got type ${JSON.stringify(fc.type ?? null)})`);
  const features = fc.features as unknown[];
  const parsed = features.map((f, i) => {
    const feat = (f ?? {}) as { type?: unknown; geometry?: unknown; properties?: unknown };
    if (feat.type !== "Feature") throw notGeoJson(`feature #${i} is not a GeoJSON Feature`);
    const geometry = validGeometry(feat.geometry);
    if (!geometry) throw notGeoJson(`feature #${i}: geometry must be a Polygon or MultiPolygon with [lon, lat] positions`);
    const props = (feat.properties && typeof feat.properties === "object" ? feat.properties : {}) as Record<string, unknown>;
    return { i, geometry, props };
  });

  const units = await q.query<UnitRow>(
    `SELECT u.code, u.kind, u.name, p.name AS parent_name FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id
      WHERE u.tenant_id = $1 AND u.kind IN ('kelurahan','kecamatan')`,
    [tenantId],
  );
  const byDigits = new Map(units.map((u) => [digits(u.code), u]));
  const byName = new Map<string, UnitRow[]>();
  for (const u of units) {
    const key = `${u.kind}:${regionNameKey(u.name)}`;
    byName.set(key, [...(byName.get(key) ?? []), u]);
  }
  const prop = (props: Record<string, unknown>, keys: string[]) => {
    for (const k of keys) {
      const v = props[k];
      if ((typeof v === "string" && v.trim()) || typeof v === "number") return String(v).trim();
    }
    return undefined;
  };

  const unmatched: string[] = [];
  let imported = 0;
  for (const f of parsed) {
    const code = prop(f.props, CODE_KEYS);
    const name = prop(f.props, NAME_KEYS);
    const kecName = prop(f.props, KEC_NAME_KEYS);
    const byNameKey = (n: string, kind: "kelurahan" | "kecamatan") => {
      let found = byName.get(`${kind}:${regionNameKey(n)}`) ?? [];
      if (found.length > 1 && kind === "kelurahan" && kecName)
        found = found.filter((u) => u.parent_name && regionNameKey(u.parent_name) === regionNameKey(kecName));
      return found.length === 1 ? found[0] : undefined;
    };
    let unit = code ? byDigits.get(digits(code)) : undefined;
    if (!unit && name) unit = byNameKey(name, "kelurahan") ?? byNameKey(name, "kecamatan");
    if (!unit) {
      const kecCode = prop(f.props, KEC_CODE_KEYS);
      const k = kecCode ? byDigits.get(digits(kecCode)) : undefined;
      if (k?.kind === "kecamatan") unit = k;
    }
    if (!unit && kecName && !name) unit = byNameKey(kecName, "kecamatan");
    if (!unit) {
      unmatched.push(code ?? name ?? kecName ?? `#${f.i}`);
      continue;
    }
    const [minLon, minLat, maxLon, maxLat] = bboxOfGeometry(f.geometry);
    await q.query(
      `INSERT INTO region_boundaries (tenant_id, code, level, name, geometry, min_lat, min_lon, max_lat, max_lon, imported_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, clock_timestamp())
       ON CONFLICT (tenant_id, code) DO UPDATE SET level = EXCLUDED.level, name = EXCLUDED.name, geometry = EXCLUDED.geometry,
         min_lat = EXCLUDED.min_lat, min_lon = EXCLUDED.min_lon, max_lat = EXCLUDED.max_lat, max_lon = EXCLUDED.max_lon,
         imported_at = EXCLUDED.imported_at`,
      [tenantId, unit.code, unit.kind, unit.name, f.geometry, minLat, minLon, maxLat, maxLon],
    );
    imported++;
  }
  const union = await q.one<{ a: number | null; b: number | null; c: number | null; d: number | null }>(
    "SELECT min(min_lon) AS a, min(min_lat) AS b, max(max_lon) AS c, max(max_lat) AS d FROM region_boundaries WHERE tenant_id = $1",
    [tenantId],
  );
  if (union?.a != null && union.b != null && union.c != null && union.d != null) {
    await setTenantExtent(q, tenantId, extentOf([Number(union.a), Number(union.b), Number(union.c), Number(union.d)]));
  }
  invalidateBoundaries(tenantId);
  return { imported, unmatched };
}
