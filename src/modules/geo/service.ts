import type { Queryable } from "../../platform/db.ts";
import { locate } from "../../platform/geo.ts";
import { unitsByCode } from "../admin/index.ts";

/** Which kelurahan/kecamatan of the tenant holds the point, with the units' names (from the admin module's tree). */
export async function locateWithNames(q: Queryable, tenantId: string, lat: number, lon: number) {
  const loc = await locate(q, tenantId, lat, lon);
  const codes = [loc.kelurahan, loc.kecamatan].filter((c): c is string => !!c);
  const names = new Map((await unitsByCode(q, tenantId, codes)).map((u) => [u.code, u.name]));
  return {
    ...loc,
    kelurahanName: loc.kelurahan ? (names.get(loc.kelurahan) ?? null) : null,
    kecamatanName: loc.kecamatan ? (names.get(loc.kecamatan) ?? null) : null,
  };
}
