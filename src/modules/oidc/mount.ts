/**
 * oidc-provider mounted at /oidc inside Fastify (its documented "mount in another framework" way: a catch-all route
 * that hands the raw request to the provider's Koa callback with the prefix stripped). Request bodies are left unread
 * for the provider. The sign-in and consent page itself (`GET /oidc/interaction/:uid`) is Balai's web app.
 */
import type { IncomingMessage } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import { notFound } from "../../platform/errors.ts";
import type { App, Deps } from "../../platform/http.ts";
import { providerFor } from "./provider.ts";

export const OIDC_PREFIX = "/oidc";

/** The tenant's provider for this request (issuer from BALAI_PUBLIC_URL, else the request's own origin). */
export function providerOf(deps: Deps, req: FastifyRequest): Promise<Provider> {
  const origin = deps.config.publicUrl ?? `${req.protocol}://${req.host}`;
  return providerFor(deps.db, req.tenant.id, `${origin}${OIDC_PREFIX}`, { proxy: deps.config.trustProxy !== false });
}

const callbacks = new WeakMap<Provider, ReturnType<Provider["callback"]>>();

export async function mountProvider(app: App, deps: Deps) {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, _payload, done) => done(null, undefined));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      // The interaction page is a screen of the web app (the not-found handler serves it).
      if (req.method === "GET" && /^\/oidc\/interaction\/[\w-]+\/?(\?|$)/.test(req.url)) return reply.callNotFound();
      // Anything else under /oidc/interaction/ is Balai's own API (routes.ts); what reaches here matched none of them
      // (e.g. a uid longer than a route parameter may be): a problem document, not the provider's plain-text 404.
      if (req.url.startsWith(`${OIDC_PREFIX}/interaction/`)) throw notFound();
      const provider = await providerOf(deps, req);
      let callback = callbacks.get(provider);
      if (!callback) {
        callback = provider.callback();
        callbacks.set(provider, callback);
      }
      reply.hijack();
      const raw = req.raw as IncomingMessage & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? "").slice(OIDC_PREFIX.length) || "/";
      callback(raw, reply.raw);
    };
    const opts = { schema: { hide: true }, config: { csrfExempt: true } };
    scope.all(OIDC_PREFIX, opts, handler);
    scope.all(`${OIDC_PREFIX}/*`, opts, handler);
  });
}
