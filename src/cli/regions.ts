/** `balai regions boundaries import FILE.geojson [--tenant CODE]`: kelurahan/kecamatan polygons into a tenant. */
import path from "node:path";
import { parseArgs } from "node:util";
import { audit } from "../platform/audit.ts";
import { importBoundaries } from "../platform/geo.ts";
import { UsageError } from "../platform/usage.ts";
import { type Command, readJsonArgument, tenantOrDefault } from "./context.ts";
import { tenantExists } from "./store.ts";

export const regions: Command = async (ctx, sub, rest) => {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: "string" } } });
  const file = positionals[1];
  if (sub !== "boundaries" || positionals[0] !== "import" || !file) throw new UsageError("usage: balai regions boundaries import FILE.geojson [--tenant CODE]");
  const geojson = readJsonArgument(ctx, file, "GeoJSON");
  const r = await ctx.withStore(async (db) => {
    const tenant = await tenantOrDefault(db, values.tenant);
    if (!(await tenantExists(db, tenant))) throw new UsageError(`unknown tenant ${tenant}`);
    return db.tx(async (q) => {
      const result = await importBoundaries(q, tenant, geojson);
      await audit(q, {
        tenantId: tenant,
        actorId: null,
        action: "regions.boundaries-imported",
        subjectType: "tenant",
        subjectId: tenant,
        data: { file: path.basename(file), imported: result.imported, unmatched: result.unmatched.length },
      });
      return result;
    });
  });
  for (const u of r.unmatched) ctx.print(`unmatched: ${u}`);
  ctx.print(`imported ${r.imported} kelurahan boundaries, ${r.unmatched.length} unmatched`);
  return 0;
};
