/**
 * Where a new report is (docs/complaints.md, "Location"). Intake never fails on a place Balai cannot resolve:
 * a point outside the city is refused, but a point whose kelurahan is unknown (no boundaries loaded, none sent),
 * or no point at all (an Open311 report with only an address_string), is taken with kelurahan null —
 * "kelurahan belum ditentukan" — for Kominfo's verifier to set later (./kelurahan.ts).
 */
import type { Queryable } from "../../platform/db.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { h3Cell, kecamatanOf, locate } from "../../platform/geo.ts";
import * as placeStore from "./place-store.ts";

export interface ReportPlace {
  lat: number | null;
  lon: number | null;
  h3: string | null;
  kelurahan: string | null;
  kecamatan: string | null;
}

const fieldError = (field: string, code: string) => badRequest("validation-failed", { fields: [{ field, code }] });

/** Checks that a code is a kelurahan of the tenant (400 `kelurahan: enum` otherwise). */
export async function checkKelurahan(q: Queryable, tenantId: string, code: string) {
  const unit = await placeStore.kelurahanUnit(q, tenantId, code);
  if (!unit) throw fieldError("kelurahan", "enum");
  return unit;
}

/**
 * The place of a new report from its point (optional) and the kelurahan the reporter chose (optional).
 * Boundaries, when loaded, decide the kelurahan from the point; otherwise the chosen one is used; otherwise none.
 */
export async function resolvePlace(
  q: Queryable,
  tenantId: string,
  input: { lat?: number | null; lon?: number | null; kelurahan?: string },
): Promise<ReportPlace> {
  const hasLat = input.lat !== undefined && input.lat !== null;
  const hasLon = input.lon !== undefined && input.lon !== null;
  if (hasLat !== hasLon) throw fieldError(hasLat ? "lon" : "lat", "required");
  const chosen = async () => (input.kelurahan ? (await checkKelurahan(q, tenantId, input.kelurahan)).code : null);
  if (!hasLat || !hasLon) {
    const kelurahan = await chosen();
    return { lat: null, lon: null, h3: null, kelurahan, kecamatan: kelurahan ? kecamatanOf(kelurahan) : null };
  }
  const lat = input.lat as number;
  const lon = input.lon as number;
  const where = await locate(q, tenantId, lat, lon);
  if (where.inside === false) throw new AppError("location-outside-tenant", 422, { fields: [{ field: "lat", code: "location-outside-tenant" }] });
  // A kelurahan polygon that contains the point wins over the one sent (which is then not even checked).
  const kelurahan = where.kelurahan ?? (await chosen());
  const kecamatan = where.kelurahan ? where.kecamatan : kelurahan ? kecamatanOf(kelurahan) : where.kecamatan;
  return { lat, lon, h3: h3Cell(lat, lon), kelurahan, kecamatan };
}
