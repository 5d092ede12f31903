/** `balai tenant create --region CODE [--host NAME ...] [--default]`, `tenant create --all | --province CODE`, `balai tenant list`. */
import { parseArgs } from "node:util";
import { listTenants } from "../platform/tenancy.ts";
import { UsageError } from "../platform/usage.ts";
import { createTenant } from "../modules/tenants/service.ts";
import type { Command } from "./context.ts";
import { createAllTenants } from "./tenant-all.ts";

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
    options: {
      region: { type: "string" },
      host: { type: "string", multiple: true },
      default: { type: "boolean" },
      all: { type: "boolean" },
      province: { type: "string" },
      "host-suffix": { type: "string" },
    },
  });
  if (values.all || values.province !== undefined) {
    if (values.region || values.host || values.default) throw new UsageError("tenant create --all/--province takes no --region, --host or --default");
    if (values.all && values.province !== undefined) throw new UsageError("tenant create takes --all or --province CODE, not both");
    return createAllTenants(ctx, { province: values.province, hostSuffix: values["host-suffix"] });
  }
  const region = values.region;
  if (!region) throw new UsageError("tenant create needs --region CODE (e.g. --region 35.73), --province CODE or --all");
  const t = await ctx.withStore((db) => db.tx((q) => createTenant(q, { region, hosts: values.host, isDefault: values.default })));
  ctx.print(`hosts: ${t.hosts.join(", ")}; ${t.opds} OPD units`);
  ctx.print(`created tenant ${t.id} ${t.name}: ${t.kecamatan} kecamatan, ${t.kelurahan} kelurahan`);
  return 0;
};
