/**
 * API keys for registered applications: the registry issues them through the apikeys module's face and remembers
 * which app holds which key, so an app's keys and their last use are listed with the app.
 */
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { createApiKey, listApiKeys } from "../apikeys/index.ts";
import { findApp, listApps, type RegistryApp } from "./service.ts";
import * as store from "./store.ts";

export async function issueAppApiKeyIn(q: Queryable, tenantId: string, appKey: string, scopes: string[], actorId: string) {
  const app = await findApp(q, tenantId, appKey);
  if (!app) throw notFound("app-not-registered");
  if (app.status === "retired") throw badRequest("app-retired", { detail: `application ${app.key} is retired` });
  const key = await createApiKey(q, { tenantId, name: `${app.name} (${app.key})`, scopes, actorId });
  await store.linkApiKey(q, tenantId, app.id, key.id);
  return key;
}

/** The app's keys with when each was last used (an API call). */
export async function appApiKeys(q: Queryable, tenantId: string, appKey: string) {
  const app = await findApp(q, tenantId, appKey);
  if (!app) throw notFound("app-not-registered");
  const ids = new Set(await store.apiKeyIdsOf(q, tenantId, app.id));
  return (await listApiKeys(q, tenantId)).filter((k) => ids.has(k.id));
}

/** Every registered app with its API keys' count and last use (API calls per app). */
export async function appsWithApiUse(q: Queryable, tenantId: string): Promise<(RegistryApp & { apiKeys: number; lastApiCall: string | null })[]> {
  const [apps, keys, links] = await Promise.all([listApps(q, tenantId), listApiKeys(q, tenantId), store.apiKeyLinks(q, tenantId)]);
  const byKey = new Map(keys.map((k) => [k.id, k]));
  return apps.map((a) => {
    const own = links
      .filter((l) => l.app_id === a.id)
      .map((l) => byKey.get(l.api_key_id))
      .filter((k) => k !== undefined);
    const last =
      own
        .map((k) => k.lastUsedAt)
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null;
    return { ...a, apiKeys: own.filter((k) => !k.revokedAt).length, lastApiCall: last };
  });
}

/** issueAppApiKeyIn in a transaction of its own (what the route calls). */
export const issueAppApiKey = inTransaction(issueAppApiKeyIn);
