/** `balai tenant create --region CODE [--host NAME ...] [--default]` and `balai tenant list`. */
import { parseArgs } from "node:util";
import { listTenants } from "../platform/tenancy.ts";
import { UsageError } from "../platform/usage.ts";
import { createTenant } from "../modules/tenants/service.ts";
import type { Command } from "./context.ts";

export const tenant: Command = async (ctx, sub, rest) => {
  if (sub === "list") {
    const tenants = await ctx.withStore((db) => listTenants(db));
    for (const t of tenants) ctx.print(`${t.id}\t${t.name}${t.isDefault ? "\t(default)" : ""}`);
    ctx.print(`${tenants.length} tenants`);
    return 0;
  }
  if (sub !== "create") return undefined;
  const { values } = parseArgs({
    args: rest,
    options: { region: { type: "string" }, host: { type: "string", multiple: true }, default: { type: "boolean" } },
  });
  const region = values.region;
  if (!region) throw new UsageError("tenant create needs --region CODE, e.g. --region 35.73");
  const t = await ctx.withStore((db) => db.tx((q) => createTenant(q, { region, hosts: values.host, isDefault: values.default })));
  ctx.print(`hosts: ${t.hosts.join(", ")}; ${t.opds} OPD units`);
  ctx.print(`created tenant ${t.id} ${t.name}: ${t.kecamatan} kecamatan, ${t.kelurahan} kelurahan`);
  return 0;
};
