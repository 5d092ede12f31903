import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, validationFailed } from "../../platform/errors.ts";
import { type App, type Deps, LANG_COOKIE, requireActor, sessionCookieName } from "../../platform/http.ts";
import { noContent } from "../../platform/routes.ts";
import { can, PERMISSION_NAMES } from "../../platform/auth/roles.ts";
import * as schemas from "./schemas.ts";
import * as accounts from "./service.ts";

export default async function accountRoutes(app: App, deps: Deps) {
  const ctx = (req: FastifyRequest) => ({ db: deps.db, tenant: req.tenant, locale: req.locale, config: deps.config, clientIp: req.ip });
  const cookieName = sessionCookieName(deps.config);
  const authLimit = { rateLimit: { max: deps.config.authRateLimitPerMinute, timeWindow: "1 minute" } };
  const tags = ["auth"];

  const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(cookieName, token, {
      path: "/",
      httpOnly: true,
      secure: deps.config.cookieSecure,
      sameSite: "lax",
      expires: expiresAt,
    });

  app.get("/api/auth/session", { schema: { tags, response: { 200: schemas.SessionView } } }, async (req) => {
    const a = req.actor;
    return {
      tenant: { id: req.tenant.id, name: req.tenant.name, timezone: req.tenant.timezone },
      user:
        a && !a.mfaPending
          ? {
              id: a.userId,
              kind: a.kind,
              name: a.name,
              email: a.email,
              phone: a.phone,
              locale: a.locale,
              totpEnabled: a.totpEnabled,
              grants: a.grants,
              permissions: PERMISSION_NAMES.filter((p) => can(a, p)),
            }
          : null,
      mfaPending: !!a?.mfaPending,
      csrfToken: a?.csrfToken ?? null,
      devOutbox: deps.config.devOutbox,
    };
  });

  app.post(
    "/api/auth/signup",
    { config: authLimit, schema: { tags, body: schemas.SignUpBody, response: { 201: Type.Object({ userId: Type.String(), channel: Type.String() }) } } },
    async (req, reply) => {
      // BALAI_PHONE_SIGNUP=0: no SMS/WhatsApp adapter carries the code, so a phone-only sign-up cannot be confirmed.
      if (req.body.phone && !req.body.email && !deps.config.phoneSignup) throw validationFailed([{ field: "phone", code: "phone-signup-disabled" }]);
      const result = await accounts.signUp(ctx(req), req.body);
      return reply.status(201).send(result);
    },
  );

  /** POST an identifier; a code goes out when the account may have one, and the answer (202) is the same either way. */
  const sendsCode = (path: string, status: string, run: (c: ReturnType<typeof ctx>, identifier: string) => Promise<void>) =>
    app.post(path, { config: authLimit, schema: { tags, body: schemas.IdentifierBody, response: { 202: schemas.Ack } } }, async (req, reply) => {
      await run(ctx(req), req.body.identifier);
      return reply.status(202).send({ status });
    });

  sendsCode("/api/auth/signup/resend", "sent-if-pending", accounts.resendVerification);

  app.post(
    "/api/auth/signup/confirm",
    { config: authLimit, schema: { tags, body: schemas.ConfirmBody, response: { 200: schemas.LoginResult } } },
    async (req, reply) => {
      const s = await accounts.confirmSignUp(ctx(req), req.body.identifier, req.body.code);
      setSessionCookie(reply, s.token, s.expiresAt);
      return { mfaRequired: false, csrfToken: s.csrfToken };
    },
  );

  app.post("/api/auth/login", { config: authLimit, schema: { tags, body: schemas.LoginBody, response: { 200: schemas.LoginResult } } }, async (req, reply) => {
    const s = await accounts.logIn(ctx(req), req.body.identifier, req.body.password);
    setSessionCookie(reply, s.token, s.expiresAt);
    return { mfaRequired: s.mfaRequired, csrfToken: s.csrfToken };
  });

  app.post(
    "/api/auth/login/totp",
    { config: authLimit, schema: { tags, body: schemas.TotpBody, response: { 204: schemas.NoContent } } },
    async (req, reply) => {
      if (!req.actor?.mfaPending) throw new AppError(req.sessionExpired ? "session-expired" : "unauthenticated", 401);
      await accounts.completeTotpLogin(ctx(req), req.actor, req.body.code);
      return reply.status(204).send();
    },
  );

  app.post("/api/auth/logout", { schema: { tags, response: { 204: schemas.NoContent } } }, async (req, reply) => {
    if (req.actor) await accounts.logOut(ctx(req), req.actor);
    reply.clearCookie(cookieName, { path: "/", secure: deps.config.cookieSecure, httpOnly: true, sameSite: "lax" });
    return reply.status(204).send();
  });

  sendsCode("/api/auth/password/forgot", "sent-if-registered", accounts.requestPasswordReset);

  app.post(
    "/api/auth/password/reset",
    { config: authLimit, schema: { tags, body: schemas.ResetBody, response: { 204: schemas.NoContent } } },
    async (req, reply) => noContent(reply, accounts.resetPassword(ctx(req), req.body.identifier, req.body.code, req.body.password)),
  );

  app.post(
    "/api/me/password",
    { config: authLimit, schema: { tags, body: schemas.ChangePasswordBody, response: { 204: schemas.NoContent } } },
    async (req, reply) => noContent(reply, accounts.changePassword(ctx(req), requireActor(req), req.body.currentPassword, req.body.newPassword)),
  );

  app.patch("/api/me", { schema: { tags, body: schemas.ProfileBody, response: { 204: schemas.NoContent } } }, async (req, reply) => {
    await accounts.updateProfile(ctx(req), requireActor(req), req.body);
    if (req.body.locale) reply.setCookie(LANG_COOKIE, req.body.locale, { path: "/", sameSite: "lax", maxAge: 365 * 86400 });
    return reply.status(204).send();
  });

  app.post("/api/me/totp/enroll", { schema: { tags, response: { 200: schemas.TotpEnrolment } } }, async (req) => {
    const { secret, otpauthUrl } = await accounts.startTotpEnrolment(ctx(req), requireActor(req));
    const QRCode = await import("qrcode");
    const qrSvg = await QRCode.toString(otpauthUrl, { type: "svg", margin: 1 });
    return { secret, otpauthUrl, qrSvg };
  });

  app.post("/api/me/totp/activate", { schema: { tags, body: schemas.TotpBody, response: { 204: schemas.NoContent } } }, async (req, reply) =>
    noContent(reply, accounts.activateTotp(ctx(req), requireActor(req), req.body.code)),
  );
}
