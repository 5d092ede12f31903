/** Disdik's list of schools. */
import { kecamatanNames, requireReviewer, type SchoolsCtx } from "./common.ts";
import * as store from "./store.ts";

export async function listSchoolsFor(ctx: SchoolsCtx, kecamatan?: string) {
  await requireReviewer(ctx);
  const rows = await store.listSchools(ctx.db, ctx.tenant.id, kecamatan);
  const kecName = await kecamatanNames(
    ctx.db,
    ctx.tenant.id,
    rows.map((s) => s.kecamatan_code),
  );
  return rows.map((s) => ({
    unitId: s.unit_id,
    npsn: s.npsn,
    name: s.name,
    level: s.level,
    kecamatan: { code: s.kecamatan_code, name: kecName.get(s.kecamatan_code) ?? null },
    pupils: s.pupils,
    teachers: s.teachers,
    principalName: s.principal_name,
    source: s.source,
  }));
}
