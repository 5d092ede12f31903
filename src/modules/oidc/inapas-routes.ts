import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type App, type Deps, requireActor, sessionCookieName } from "../../platform/http.ts";
import { Binary } from "../../platform/responses.ts";
import { confirmLink, finishSignIn, inapasOf, pendingLink, startSignIn } from "./inapas.ts";

const STATE_COOKIE = "balai_inapas";
const CALLBACK = "/api/auth/inapas/callback";

/** "Masuk dengan INApas": Balai as a relying party of the national identity provider (docs/sso.md). */
export default async function inapasRoutes(app: App, deps: Deps) {
  const tags = ["auth"];
  const origin = (req: FastifyRequest) => deps.config.publicUrl ?? `${req.protocol}://${req.host}`;
  const limit = { rateLimit: { max: deps.config.authRateLimitPerMinute, timeWindow: "1 minute" } };
  const Redirect = { 302: Binary("text/plain", "Redirect to INApas or back into Balai") };

  app.get("/api/auth/inapas/status", { schema: { tags, response: { 200: Type.Object({ enabled: Type.Boolean() }) } } }, async () => ({
    enabled: deps.config.inapas !== undefined,
  }));

  app.get(
    "/api/auth/inapas/start",
    {
      config: limit,
      schema: {
        tags,
        summary: "Go to INApas to sign in",
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 300 })) }),
        response: Redirect,
      },
    },
    async (req, reply) => {
      const s = inapasOf(deps.config);
      const started = await startSignIn(deps.db, req.tenant.id, s, `${origin(req)}${CALLBACK}`, req.query.next ?? "/");
      reply.setCookie(STATE_COOKIE, started.state, {
        path: "/api/auth/inapas",
        httpOnly: true,
        secure: deps.config.cookieSecure,
        sameSite: "lax",
        maxAge: 600,
      });
      return reply.redirect(started.url, 302);
    },
  );

  app.get(
    CALLBACK,
    {
      config: limit,
      schema: {
        tags,
        summary: "INApas returns here",
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 2000 })),
            state: Type.Optional(Type.String({ maxLength: 200 })),
            iss: Type.Optional(Type.String({ maxLength: 500 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
            error_description: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: true },
        ),
        response: Redirect,
      },
    },
    async (req, reply) => {
      const s = inapasOf(deps.config);
      const outcome = await finishSignIn(deps.db, req.tenant.id, s, new URL(req.url, origin(req)), req.cookies[STATE_COOKIE], deps.config.sessionTtlHours);
      reply.clearCookie(STATE_COOKIE, { path: "/api/auth/inapas" });
      if (outcome.kind === "confirm-link") return reply.redirect(`/masuk/inapas/${outcome.token}`, 302);
      reply.setCookie(sessionCookieName(deps.config), outcome.session.token, {
        path: "/",
        httpOnly: true,
        secure: deps.config.cookieSecure,
        sameSite: "lax",
        expires: outcome.session.expiresAt,
      });
      return reply.redirect(outcome.next, 302);
    },
  );

  const Token = Type.Object({ token: Type.String({ pattern: "^[\\w-]{20,64}$" }) });
  app.get(
    "/api/auth/inapas/link/:token",
    {
      schema: {
        tags,
        summary: "The account an INApas identity would be linked to (masked)",
        params: Token,
        response: { 200: Type.Object({ account: Type.String(), nikMatched: Type.Boolean() }) },
      },
    },
    async (req) => pendingLink(deps.db, req.tenant.id, req.params.token),
  );
  app.post(
    "/api/auth/inapas/link/:token",
    {
      config: limit,
      schema: { tags, summary: "Confirm the link while signed in to that account", params: Token, response: { 200: Type.Object({ next: Type.String() }) } },
    },
    async (req) => confirmLink(deps.db, req.tenant.id, req.params.token, requireActor(req)),
  );
}
