/**
 * `balai oidc client create --name NAME --redirect-uri URI [--app KEY] [--grant client_credentials] [--tenant CODE]`
 * (prints the client as JSON, client_secret last), `oidc client list`, `oidc client revoke CLIENT_ID`, `oidc keys rotate`.
 * Clients are issued only to applications in the registry; without --app, the app whose URL has the redirect URI's origin.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../platform/usage.ts";
import { AppError } from "../platform/errors.ts";
import { createClient, listClients, revokeClient, rotateSigningKey } from "../modules/oidc/index.ts";
import { listApps } from "../modules/registry/index.ts";
import { type Command, tenantOrDefault } from "./context.ts";
import { tenantExists } from "./store.ts";

const USAGE =
  "usage: balai oidc client create --name NAME --redirect-uri URI [--app KEY] [--tenant CODE] | oidc client list | oidc client revoke CLIENT_ID | oidc keys rotate";

const originOf = (u: string | null) => {
  try {
    return u ? new URL(u).origin : undefined;
  } catch {
    return undefined;
  }
};

export const oidc: Command = async (ctx, sub, rest) => {
  const [verb, ...args] = rest;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: "string" },
      name: { type: "string" },
      app: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-uri": { type: "string", multiple: true },
      grant: { type: "string", multiple: true },
    },
  });
  const action = `${sub} ${verb}`;
  if (!["client create", "client list", "client revoke", "keys rotate"].includes(action)) throw new UsageError(USAGE);
  const redirects = values["redirect-uri"] ?? [];
  const grants = (values.grant ?? []) as ("authorization_code" | "refresh_token" | "client_credentials")[];
  if (action === "client create" && (!values.name || (!redirects.length && !grants.includes("client_credentials"))))
    throw new UsageError("oidc client create needs --name NAME and --redirect-uri URI (or --grant client_credentials)");
  if (action === "client revoke" && !positionals[0]) throw new UsageError("oidc client revoke needs the client id (see oidc client list)");
  return ctx.withStore(async (db) => {
    const tenant = await tenantOrDefault(db, values.tenant);
    if (!(await tenantExists(db, tenant))) throw new UsageError(`unknown tenant ${tenant}`);
    try {
      if (action === "keys rotate") {
        const kid = await db.tx((q) => rotateSigningKey(q, tenant));
        ctx.print(`new signing key for ${tenant} (the old ones stay published for two days):`);
        ctx.print(kid);
        return 0;
      }
      if (action === "client list") {
        const clients = await listClients(db, tenant, listApps);
        for (const c of clients) ctx.print(`${c.clientId}\t${c.appKey}\t${c.name}\t${c.signIns} sign-ins\t${c.revokedAt ? "revoked" : "active"}`);
        ctx.print(`${clients.length} OIDC clients in ${tenant}`);
        return 0;
      }
      if (action === "client revoke") {
        const c = await db.tx((q) => revokeClient(q, tenant, positionals[0] as string, null));
        ctx.print(`revoked OIDC client ${c.clientId} (${c.name}); its tokens no longer work`);
        return 0;
      }
      let app = values.app;
      if (!app) {
        const origin = originOf(redirects[0] ?? null);
        app = (await listApps(db, tenant)).find((a) => a.status !== "retired" && origin && originOf(a.url) === origin)?.key;
        if (!app)
          throw new UsageError(`no registered application has the origin ${origin ?? "?"}: pass --app KEY (clients are issued only to registered apps)`);
      }
      const created = await db.tx((q) =>
        createClient(
          q,
          tenant,
          {
            name: values.name as string,
            app: app as string,
            redirectUris: redirects,
            postLogoutRedirectUris: values["post-logout-uri"],
            grantTypes: grants.length ? grants : undefined,
          },
          null,
        ),
      );
      const { client_id, client_secret, ...rest } = created;
      ctx.print(JSON.stringify({ ...rest, client_id, ...(client_secret ? { client_secret } : {}) }, null, 2));
      return 0;
    } catch (err) {
      if (err instanceof AppError && err.status < 500) throw new UsageError(`${err.code}: ${err.message}`);
      throw err;
    }
  });
};
