/** Pairs other modules' rows with the org unit each names, for their views. */
import type { Queryable } from "../../platform/db.ts";
import { unitsById } from "./store.ts";

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: string;
}

/**
 * Each row with its unit (`unitOf(row)` is the unit's id), in the rows' order, in one query; a row whose unit is gone
 * is left out, as a join would.
 */
export async function withUnits<T>(q: Queryable, tenantId: string, rows: T[], unitOf: (row: T) => string): Promise<{ row: T; unit: UnitRef }[]> {
  const units = new Map((await unitsById(q, tenantId, rows.map(unitOf))).map((u) => [u.id, u]));
  return rows.flatMap((row) => {
    const unit = units.get(unitOf(row));
    return unit ? [{ row, unit }] : [];
  });
}
