import type { Queryable } from "../../platform/db.ts";
import { unitsByCode } from "../admin/index.ts";
import { COMPLAINT_LIMIT_DEFAULTS, type ComplaintLimits, type ComplaintSpec } from "../catalog/index.ts";

export interface Route {
  /** The unit the routing rules name (the OPD, or the kelurahan/kecamatan of the location). */
  unitId: string;
  unitCode: string;
  unitName: string;
}

/**
 * Where a report of this category belongs by the rules: a local category goes to the kelurahan
 * (or kecamatan) of its location; otherwise, or when the location has no such unit, to the
 * responsible OPD. Undefined when the tenant has none of them (the verifier then routes by hand).
 */
export async function routeReport(
  q: Queryable,
  tenantId: string,
  rule: ComplaintSpec["routing"],
  where: { kelurahan: string | null; kecamatan: string | null },
  data: Record<string, unknown> = {},
): Promise<Route | undefined> {
  const candidates: string[] = [];
  // e.g. a school by the NPSN the reporter gave (SEKOLAH-<NPSN>), before the responsible OPD.
  const byField = rule.byField ? data[rule.byField.field] : undefined;
  if (rule.byField && typeof byField === "string" && byField.trim()) candidates.push(`${rule.byField.codePrefix}${byField.trim().toUpperCase()}`);
  if (rule.local === "kelurahan" && where.kelurahan) candidates.push(where.kelurahan);
  if (rule.local === "kecamatan" && where.kecamatan) candidates.push(where.kecamatan);
  if (rule.unit) candidates.push(rule.unit);
  // the candidates' units in one query (admin's unitsByCode), then the first candidate the tenant has
  const units = await unitsByCode(q, tenantId, candidates);
  for (const code of candidates) {
    const u = units.find((x) => x.code === code);
    if (u) return { unitId: u.id, unitCode: u.code, unitName: u.name };
  }
  return undefined;
}

/** A category's time limits with the LAPOR! defaults filled in. */
export function limitsOf(c: ComplaintSpec | undefined): ComplaintLimits {
  return { ...COMPLAINT_LIMIT_DEFAULTS, ...(c?.limits ?? {}) };
}
