/** `balai catalog validate DIR` and `balai catalog import DIR [--tenant CODE]`. */
import { parseArgs } from "node:util";
import { UsageError } from "../platform/usage.ts";
import { importCatalogInto } from "../modules/catalog/service.ts";
import { formatCatalogErrors, loadCatalogDir } from "../modules/catalog/spec.ts";
import { type Command, tenantOrDefault } from "./context.ts";

export const catalog: Command = async (ctx, sub, rest) => {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: "string" } } });
  const dir = positionals[0];
  if (!dir || (sub !== "validate" && sub !== "import")) throw new UsageError("usage: balai catalog validate DIR | balai catalog import DIR [--tenant CODE]");
  const loaded = await loadCatalogDir(ctx.resolve(dir));
  if (loaded.errors.length) {
    ctx.print(formatCatalogErrors(loaded.errors));
    ctx.print(`catalog ${dir}: INVALID, ${loaded.errors.length} error(s)`);
    return 1;
  }
  const kinds: Record<string, number> = {};
  for (const s of loaded.services) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
  if (sub === "validate") {
    ctx.print(
      `catalog ${dir}: valid, ${loaded.services.length} services in ${loaded.units.length} files (${Object.entries(kinds)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ")})`,
    );
    return 0;
  }
  const r = await ctx.withStore(async (db) => {
    const tenant = await tenantOrDefault(db, values.tenant);
    return { tenant, ...(await importCatalogInto(db, tenant, loaded, null)) };
  });
  for (const sk of r.skipped) ctx.print(`skipped ${sk.key}: tenant ${r.tenant} has no unit ${sk.unit}`);
  ctx.print(`imported into ${r.tenant}: ${r.created} new, ${r.updated} new versions, ${r.unchanged} unchanged, ${r.skipped.length} skipped services`);
  return 0;
};
