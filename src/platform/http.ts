import path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import addFormats from "ajv-formats";
import type { LiveHub } from "./live.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db.ts";
import { AppError, forbidden, unauthorized, validationFailed, type FieldError } from "./errors.ts";
import { fieldMessage, knownFieldMessage, type Locale, pickLocale, problemTitle } from "./i18n.ts";
import { pendingMigrations } from "./migrate.ts";
import { rateLimitStoreOptions } from "./rate-limit.ts";
import { registerMetrics } from "./metrics.ts";
import type { Adapters } from "./notify.ts";
import type { FileStore } from "./files.ts";
import type { Logger } from "pino";
import { can, type Actor, type Permission } from "./auth/roles.ts";
import { loadSession } from "./auth/sessions.ts";
import type { Tenant, TenantResolver } from "./tenancy.ts";
import { registerWebApp, STATIC_ROUTE } from "./web.ts";
import { findBadText, ajvHygiene, withBounds } from "./schemas.ts";
import { Problem } from "./responses.ts";
import { lazySchemaCompilers } from "./schema-compilers.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/web");

export interface Deps {
  config: Config;
  db: Db;
  tenants: TenantResolver;
  adapters: Adapters;
  log: Logger;
  files: FileStore;
  /** This process's tail of the event outbox, for live streams. */
  live: LiveHub;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** A route whose writes carry their own protection (e.g. the OIDC provider's endpoints: client auth, state, xsrf). */
    csrfExempt?: boolean;
  }
  interface FastifyRequest {
    tenant: Tenant;
    actor: Actor | undefined;
    locale: Locale;
    sessionExpired: boolean;
  }
  interface FastifyInstance {
    /** Sends the global rate limit's in-process counts to the shared store now (src/platform/rate-limit.ts). */
    rateLimitSync: () => Promise<void>;
    /** Builds every route validator and serializer not built yet (they are built on first use); returns how many. */
    compileAllSchemas: () => number;
  }
}

export type App = FastifyInstance<
  import("node:http").Server,
  import("node:http").IncomingMessage,
  import("node:http").ServerResponse,
  import("fastify").FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type Module = (app: App, deps: Deps) => Promise<void>;

export const sessionCookieName = (config: Config) => (config.cookieSecure ? "__Host-balai_sid" : "balai_sid");
export const LANG_COOKIE = "balai_lang";

/** The signed-in user, or 401 (`session-expired` when the cookie named a session that has ended). */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor || req.actor.mfaPending) throw unauthorized(req.sessionExpired ? "session-expired" : "unauthenticated");
  return req.actor;
}

/**
 * Bytes of a stored or generated file as the answer: its own content type, never sniffed as another by the browser,
 * with the caller's cache policy and, when given, content disposition.
 */
export function sendFile(reply: FastifyReply, file: { type: string; bytes: Buffer | Uint8Array; cache: string; disposition?: string }) {
  if (file.disposition) reply.header("content-disposition", file.disposition);
  return reply.type(file.type).header("cache-control", file.cache).header("x-content-type-options", "nosniff").send(file.bytes);
}

/** The signed-in user holding the permission (in one of the units, when given), or 401/403. */
export function authorize(req: FastifyRequest, permission: Permission, unitIds?: string[]): Actor {
  const actor = requireActor(req);
  if (!can(actor, permission, unitIds)) throw forbidden();
  return actor;
}

function problem(reply: FastifyReply, req: FastifyRequest, status: number, code: string, extra: { detail?: string; fields?: FieldError[] } = {}) {
  const locale = req.locale ?? "id";
  const body: Record<string, unknown> = {
    type: `/problems/${code}`,
    title: problemTitle(code, locale),
    status,
    instance: req.url.split("?")[0],
    requestId: req.id,
  };
  if (extra.detail && extra.detail !== code) body.detail = extra.detail;
  // Known codes are worded in the user's language; other messages (e.g. spec validation) pass through.
  if (extra.fields?.length)
    body.errors = extra.fields.map((f) => ({ ...f, message: knownFieldMessage(f.code, locale) ?? f.message ?? fieldMessage(f.code, locale) }));
  return reply.status(status).type("application/problem+json; charset=utf-8").send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldsFromValidation(errors: AjvError[], context: string | undefined): FieldError[] {
  return errors.map((e) => {
    let field = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    if (e.keyword === "required") field = [field, String(e.params.missingProperty)].filter(Boolean).join(".");
    if (e.keyword === "additionalProperties") field = [field, String(e.params.additionalProperty)].filter(Boolean).join(".");
    // A date that is not a real calendar day (1900–2200) gets the calendar wording.
    const date = e.keyword === "format" && (e.params.format === "date" || e.params.format === "date-time");
    return { field: field || context || "body", code: date ? "date-invalid" : e.keyword };
  });
}

/** CSP sources for a tile URL template: its origin, with a `{s}` subdomain as a wildcard. */
function tileSources(tileUrl: string): string[] {
  if (!/^https?:\/\//.test(tileUrl)) return [];
  const origin = /^(https?:\/\/[^/]+)/.exec(tileUrl)![1];
  return [origin.replace("{s}", "*")];
}

/**
 * Fastify's trustProxy from BALAI_TRUST_PROXY. A hop count becomes proxy-addr's `hop < N` (Fastify's own
 * number form trusts no peer for X-Forwarded-Host/Proto); an address list is compiled by Fastify itself.
 * Either way `req.ip` (the rate-limit key), `req.host`/`req.hostname` (the tenant) and `req.protocol`
 * read X-Forwarded-* only when the connecting peer is a trusted proxy.
 */
function trustProxyOption(trust: Config["trustProxy"]): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === "number" ? (_address, hop) => hop < trust : trust;
}

/**
 * The web app's content-hashed build files (scripts, styles, icons, the service worker): served from disk, cached for a
 * year, cheap. They do not count against the per-client limit, so a phone opening a page (20 or so files) does not
 * spend the budget that protects the API.
 */
export function isBuiltAsset(method: string, url: string): boolean {
  return (
    (method === "GET" || method === "HEAD") &&
    (url.startsWith("/assets/") || url.startsWith("/icons/") || url === "/sw.js" || url === "/manifest.webmanifest" || /^\/workbox-[\w-]+\.js$/.test(url))
  );
}

export async function buildApp(deps: Deps, modules: Module[], options: { webDist?: string } = {}): Promise<App> {
  const { config } = deps;
  // Validators and serializers are built on a route's first request (src/platform/schema-compilers.ts).
  const compilers = lazySchemaCompilers();
  const app = Fastify({
    loggerInstance: deps.log,
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    // A URL that cannot be decoded (lone surrogates, bad %-escapes) or a path parameter over 100 characters.
    frameworkErrors: (err, req, reply) => {
      const status = err.statusCode === 414 ? 414 : 400;
      return problem(reply, req as FastifyRequest, status, status === 414 ? "uri-too-long" : "bad-request");
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: true, useDefaults: true },
      plugins: [[addFormats as never, { mode: "fast" }], ajvHygiene as never],
    },
    schemaController: { compilersFactory: compilers.compilersFactory as never },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate("compileAllSchemas", compilers.compileAll);

  // Input hygiene for every route (src/platform/schemas.ts): default integer/number/length bounds on request
  // schemas, and no NUL or unpaired surrogate in any parsed params, query or body, schema or not.
  app.addHook("onRoute", (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of ["body", "querystring", "params"] as const) if (schema[part]) schema[part] = withBounds(schema[part], part);
    // Every error is problem+json (src/platform/responses.ts), Open311 excepted (its own error list).
    if (!route.url.startsWith("/open311")) schema.response = { "4xx": Problem, ...(schema.response as object | undefined) };
  });
  app.addHook("preValidation", async (req) => {
    const field = findBadText(req.params) ?? findBadText(req.query) ?? findBadText(req.body);
    if (field !== undefined) throw validationFailed([{ field: field || "body", code: "invalid-characters" }]);
  });

  // JSON only (multipart and form bodies are added by the modules that take them).
  app.removeContentTypeParser("text/plain");
  app.decorateRequest("tenant", null as unknown as Tenant);
  app.decorateRequest("actor", undefined);
  app.decorateRequest("locale", "id");
  app.decorateRequest("sessionExpired", false);

  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req, reply) => {
    if (err instanceof AppError) return problem(reply, req, err.status, err.code, { detail: err.message, fields: err.fields });
    if (err.validation) {
      return problem(reply, req, 400, "validation-failed", {
        fields: fieldsFromValidation(err.validation as unknown as AjvError[], err.validationContext),
      });
    }
    switch (err.code) {
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return problem(reply, req, 400, "malformed-json");
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return problem(reply, req, 413, "payload-too-large");
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return problem(reply, req, 415, "unsupported-media-type");
      case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
        return problem(reply, req, 400, "bad-request");
    }
    if (err.statusCode === 429) return problem(reply, req, 429, "rate-limited");
    if (err instanceof SyntaxError) return problem(reply, req, 400, "malformed-json");
    // Last line of defence: a PostgreSQL data exception (class 22: out of range, bad encoding, bad datetime) is the
    // caller's input that validation let through; logged to be closed at the schema, answered as a 400.
    if (typeof err.code === "string" && /^22[0-9A-Z]{3}$/.test(err.code)) {
      req.log.warn({ err }, "input rejected by the database");
      return problem(reply, req, 400, "invalid-input");
    }
    // Two writers raced past a uniqueness check (e.g. the same unit code created twice at once): the loser gets 409.
    if (err.code === "23505") {
      req.log.warn({ err }, "unique constraint hit by a concurrent write");
      return problem(reply, req, 409, "conflict");
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return problem(reply, req, err.statusCode, "bad-request");
    req.log.error({ err }, "unhandled error");
    return problem(reply, req, 500, "internal");
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Map tiles come from the configured tile server ({s} subdomains allowed).
        // CCTV: snapshots/MJPEG as images, HLS playlists and segments fetched by hls.js into blob: media (its worker too).
        imgSrc: ["'self'", "data:", "blob:", ...tileSources(config.mapTileUrl), ...config.cctvOrigins],
        connectSrc: ["'self'", ...config.cctvOrigins],
        mediaSrc: ["'self'", "blob:", ...config.cctvOrigins],
        workerSrc: ["'self'", "blob:"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure ? undefined : false,
  });
  // br/gzip for responses over 1 KB (API JSON, CSV, HTML) on every route registered after this. The live stream
  // (/api/live) hijacks its reply, so it is never buffered here. Static files come precompressed from the build
  // (web.ts): their route is left out rather than compressing per request what the build did not.
  app.addHook("onRoute", (route) => {
    if (route.url === STATIC_ROUTE) route.compress = false;
  });
  await app.register(compress, { encodings: ["br", "gzip"], threshold: 1024, globalDecompression: false });
  await app.register(cookie);
  // Counters shared by every process on the store (src/platform/rate-limit.ts).
  const limits = await rateLimitStoreOptions(config, deps.db);
  app.addHook("onClose", limits.close);
  app.decorate("rateLimitSync", limits.sync);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: "1 minute",
    allowList: (req) => req.url === "/health" || req.url === "/ready" || req.url === "/metrics" || isBuiltAsset(req.method, req.url),
    ...limits.options,
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "Balai API", version: "0.1.0", description: "Balai: one home for every digital public service of a city government." },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: sessionCookieName(config) } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  const sessionCookie = sessionCookieName(config);
  app.addHook("onRequest", async (req) => {
    req.locale = pickLocale(req.headers["accept-language"], req.cookies[LANG_COOKIE]);
    if (req.url === "/health" || req.url === "/ready" || req.url === "/metrics") return;
    const explicit = req.headers["x-balai-tenant"];
    req.tenant = await deps.tenants.resolve(req.hostname, typeof explicit === "string" ? explicit : undefined);
    const token = req.cookies[sessionCookie];
    if (token) {
      const found = await loadSession(deps.db, req.tenant.id, token);
      if (found.status === "ok") {
        req.actor = found.actor;
        if (!req.cookies[LANG_COOKIE]) req.locale = found.actor.locale;
      } else req.sessionExpired = true;
    }
    // CSRF: a request that rides on the session cookie must echo the session's token.
    if (req.actor && !["GET", "HEAD", "OPTIONS"].includes(req.method) && !req.routeOptions.config?.csrfExempt) {
      if (req.headers["x-csrf-token"] !== req.actor.csrfToken) throw new AppError("csrf-invalid", 403);
    }
  });

  app.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/ready", { schema: { hide: true } }, async (_req, reply) => {
    try {
      const pending = await pendingMigrations(deps.db);
      if (pending.length) return reply.status(503).send({ status: "migrations-pending", pending });
      return { status: "ready", database: deps.db.kind };
    } catch (err) {
      return reply.status(503).send({ status: "database-unreachable", error: (err as Error).message });
    }
  });

  registerMetrics(app as unknown as FastifyInstance, { db: deps.db, live: deps.live, token: config.metricsToken });

  for (const mod of modules) await mod(app as unknown as App, deps);

  const sendIndex = await registerWebApp(app as unknown as FastifyInstance, options.webDist ?? WEB_DIST);
  app.get("/", { schema: { hide: true }, compress: false }, async (_req, reply) => sendIndex(reply));
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|open311|gtfs|verify\/api)\b/.test(req.url);
    if (!isApi && req.method === "GET") return sendIndex(reply);
    return problem(reply, req, 404, "not-found");
  });

  return app as unknown as App;
}
