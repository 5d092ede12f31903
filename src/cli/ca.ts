/** `balai ca init [--tenant CODE]` and `balai ca root [--tenant CODE] [--out FILE.pem]`: the tenant's signing root CA. */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { listTenants } from "../platform/tenancy.ts";
import { UsageError } from "../platform/usage.ts";
import type { Command } from "./context.ts";
import { findTenant } from "./store.ts";

export const ca: Command = async (ctx, sub, rest) => {
  const { values } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: "string" }, out: { type: "string" } } });
  if (sub !== "init" && sub !== "root") throw new UsageError("usage: balai ca init [--tenant CODE] | balai ca root [--tenant CODE] [--out FILE.pem]");
  const { ensureCa } = await import("../modules/documents/index.ts");
  return ctx.withStore(async (db) => {
    const id = values.tenant ?? (await listTenants(db)).find((t) => t.isDefault)?.id;
    const tenant = id ? await findTenant(db, id) : undefined;
    if (!tenant) throw new UsageError(id ? `unknown tenant ${id}` : "no default tenant: pass --tenant CODE");
    const root = await db.tx((q) => ensureCa(q, tenant, ctx.config.caSecret));
    if (values.out) fs.writeFileSync(ctx.resolve(values.out), root.cert.toString());
    if (sub === "root" && !values.out) ctx.write(root.cert.toString());
    ctx.print(`root CA of ${tenant.id} (${tenant.name}): SHA-256 ${root.fingerprint}${values.out ? `, written to ${values.out}` : ""}`);
    return 0;
  });
};
