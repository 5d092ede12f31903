/**
 * The front door's webhooks (docs/whatsapp-front-door.md): the WhatsApp Business Cloud API webhook (verification
 * handshake, signed message deliveries) and the SMS gateway's inbound callback for STATUS queries. No session: the
 * signature (WhatsApp) or the shared token (SMS) is the authorization.
 */
import formbody from "@fastify/formbody";
import type { FastifyRequest } from "fastify";
import { AppError, forbidden } from "../../platform/errors.ts";
import type { App, Deps } from "../../platform/http.ts";
import { Binary } from "../../platform/responses.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { DEMO_VERIFY_TOKEN, DEMO_WHATSAPP_SECRET } from "./demo.ts";
import { handleInbound, handleSms, verifyChallenge } from "./service.ts";
import * as schemas from "./schemas.ts";

export default async function frontdoorRoutes(app: App, deps: Deps) {
  // A demo without its own secrets accepts the documented demo ones (never in production).
  const demo = deps.config.demo && !deps.config.production;
  const inbound = {
    ...deps.config.notify.inbound,
    whatsappAppSecret: deps.config.notify.inbound.whatsappAppSecret ?? (demo ? DEMO_WHATSAPP_SECRET : undefined),
    whatsappVerifyToken: deps.config.notify.inbound.whatsappVerifyToken ?? (demo ? DEMO_VERIFY_TOKEN : undefined),
  };
  const tags = ["frontdoor"];
  // Meta retries deliveries; generous, but bounded.
  const rateLimit = { max: Math.max(600, deps.config.rateLimitPerMinute), timeWindow: "1 minute" };

  app.get(
    "/webhooks/whatsapp",
    { schema: { tags, querystring: schemas.VerifyQuery, response: { 200: Binary("text/plain", "hub.challenge") } }, config: { rateLimit } },
    async (req, reply) => reply.type("text/plain; charset=utf-8").send(verifyChallenge(inbound, req.query)),
  );

  await app.register(async (scope) => {
    // The signature covers the raw bytes: this route keeps them (the rest of the app parses JSON as usual).
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
    scope.post(
      "/webhooks/whatsapp",
      {
        schema: { tags, headers: schemas.SignatureHeaders, body: schemas.WebhookBody, response: { 200: schemas.WebhookAck } },
        config: { rateLimit },
      },
      async (req) => {
        const tenantFor = async (phoneNumberId: string | undefined): Promise<Tenant> => {
          const id = phoneNumberId ? inbound.whatsappTenants[phoneNumberId] : undefined;
          return id ? deps.tenants.resolve(undefined, id) : req.tenant;
        };
        if (!Buffer.isBuffer(req.body)) throw new AppError("unsupported-media-type", 415);
        return handleInbound(deps, inbound.whatsappAppSecret, req.body, req.headers["x-hub-signature-256"] as string | undefined, tenantFor);
      },
    );
  });

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    const sms = async (req: FastifyRequest, fields: Record<string, unknown>) => {
      if (!inbound.smsInboundToken) throw forbidden();
      return handleSms(deps, req.tenant, fields, inbound.smsInboundToken);
    };
    scope.get("/webhooks/sms", { schema: { tags, querystring: schemas.SmsQuery, response: { 200: schemas.SmsAck } }, config: { rateLimit } }, async (req) =>
      sms(req, req.query as Record<string, unknown>),
    );
    scope.post(
      "/webhooks/sms",
      { schema: { tags, querystring: schemas.SmsQuery, body: schemas.SmsBody, response: { 200: schemas.SmsAck } }, config: { rateLimit } },
      async (req) => sms(req, { ...(req.query as object), ...(req.body as object) }),
    );
  });
}
