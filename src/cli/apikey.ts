/** `balai apikey create --name APP --scope open311 [--tenant CODE]`, `apikey list`, `apikey revoke ID`. */
import { parseArgs } from "node:util";
import { UsageError } from "../platform/usage.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../modules/apikeys/service.ts";
import { type Command, tenantOrDefault } from "./context.ts";
import { tenantExists } from "./store.ts";

export const apikey: Command = async (ctx, sub, rest) => {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { tenant: { type: "string" }, name: { type: "string" }, scope: { type: "string", multiple: true } },
  });
  if (sub !== "create" && sub !== "list" && sub !== "revoke")
    throw new UsageError("usage: balai apikey create --name APP --scope open311 [--tenant CODE] | apikey list | apikey revoke ID");
  const { name, scope } = values;
  if (sub === "create" && (!name || !scope?.length)) throw new UsageError("apikey create needs --name APP and --scope SCOPE (e.g. open311)");
  if (sub === "revoke" && !positionals[0]) throw new UsageError("apikey revoke needs the key id (see apikey list)");
  return ctx.withStore(async (db) => {
    const tenant = await tenantOrDefault(db, values.tenant);
    if (!(await tenantExists(db, tenant))) throw new UsageError(`unknown tenant ${tenant}`);
    if (sub === "list") {
      const keys = await listApiKeys(db, tenant);
      for (const k of keys) ctx.print(`${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(",")}\t${k.revokedAt ? "revoked" : "active"}`);
      ctx.print(`${keys.length} API keys in ${tenant}`);
      return 0;
    }
    if (sub === "revoke") {
      const id = positionals[0] as string;
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`not a key id: ${id}`);
      const k = await db.tx((q) => revokeApiKey(q, tenant, id, null));
      ctx.print(`revoked API key ${k.prefix}… (${k.name}) in ${tenant}`);
      return 0;
    }
    const k = await db.tx((q) => createApiKey(q, { tenantId: tenant, name: name as string, scopes: scope as string[], actorId: null }));
    ctx.print(`created API key ${k.id} "${k.name}" for ${tenant}, scopes ${k.scopes.join(",")}; store it now, it is not shown again:`);
    ctx.print(k.key);
    return 0;
  });
};
