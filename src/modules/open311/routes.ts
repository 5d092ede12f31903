import formbody from "@fastify/formbody";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.ts";
import type { App, Deps } from "../../platform/http.ts";
import { type Format, type Rendered, renderErrors, renderList, renderObject, splitFormat } from "./format.ts";
import {
  complaintCategories,
  fromAppError,
  type Lang,
  o311,
  Open311Error,
  parseListQuery,
  requestItem,
  serviceDefinition,
  serviceItem,
  serviceNotice,
} from "./service.ts";
import * as responses from "./responses.ts";
import * as schemas from "./schemas.ts";
import * as store from "./store.ts";
import { submitRequest } from "./submit.ts";

export const OPEN311_PREFIX = "/open311/v2";
const FORMATS: Format[] = ["json", "xml"];
const CHANGESET = "2026-06-01T00:00:00Z";

type Query = Record<string, unknown>;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over e-Lapor, per tenant (host name or
 * X-Balai-Tenant; `jurisdiction_id` must then be the tenant's region code when given). Every response,
 * errors included, is in the format of the URL's extension. See docs/open311.md.
 */
export default async function open311Routes(app: App, deps: Deps) {
  await app.register(
    async (o) => {
      // Form bodies (the standard's POST encoding) for these routes only.
      await o.register(formbody, { bodyLimit: 64 * 1024 });

      const formatOf = (req: FastifyRequest): Format => (/\.xml(\?|$)/i.test(req.url) ? "xml" : "json");
      const send = (reply: FastifyReply, r: Rendered, status = 200) => reply.status(status).type(r.contentType).send(r.body);
      const fail = (req: FastifyRequest, reply: FastifyReply, status: number, description: string) =>
        send(reply, renderErrors(formatOf(req), [{ code: status, description }]), status);

      o.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
        if (err instanceof Open311Error) return fail(req, reply, err.status, err.message);
        if (err instanceof AppError) {
          const e = fromAppError(err);
          // The standard knows 400, 403 and 404; our 401/422 are the client's fault as well.
          const status = e.status === 422 || e.status === 401 ? 400 : e.status;
          if (status >= 500) req.log.error({ err }, "open311 error");
          return fail(req, reply, status, e.message);
        }
        if (err.statusCode === 429) return fail(req, reply, 429, "Too many requests, try again shortly");
        if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return fail(req, reply, err.statusCode, err.message || "Bad request");
        req.log.error({ err }, "open311 error");
        return fail(req, reply, 500, "Internal error");
      });
      const noSuchResource = (req: FastifyRequest, reply: FastifyReply) => fail(req, reply, 404, "No such GeoReport v2 resource (use .json or .xml)");
      o.setNotFoundHandler(noSuchResource);
      // The web app's static wildcard would otherwise answer unknown GETs under this prefix.
      o.all("/*", { schema: { hide: true } }, noSuchResource);

      const lang = (req: FastifyRequest): Lang => (req.locale === "en" ? "en" : "id");
      const checkJurisdiction = (req: FastifyRequest, value: unknown) => {
        const j = Array.isArray(value) ? value[0] : value;
        if (j !== undefined && j !== "" && String(j).trim() !== req.tenant.id)
          throw o311(404, `jurisdiction_id ${String(j)} is not served here (this endpoint serves ${req.tenant.id}, ${req.tenant.name})`);
      };
      const categoryByCode = async (req: FastifyRequest, l: Lang, code: string) =>
        (await complaintCategories(deps.db, req.tenant.id, l)).find((c) => c.key === code);
      /**
       * The item a one-item route `/{collection}/{id}.{json|xml}` names, once the jurisdiction is checked, found by `find`
       * in the caller's language; else 404 (the route's usage for a bad file name, "not found" for an unknown id).
       */
      const findItem = async <T>(req: FastifyRequest, collection: string, idName: string, find: (l: Lang, id: string) => Promise<T | null | undefined>) => {
        const f = splitFormat((req.params as { file: string }).file);
        if (!f) throw o311(404, `Use ${collection}/{${idName}}.json or .xml`);
        checkJurisdiction(req, (req.query as Query).jurisdiction_id);
        const l = lang(req);
        const item = await find(l, f.name);
        if (!item) throw o311(404, `${idName} ${f.name} not found`);
        return { format: f.format, l, item };
      };
      const baseUrl = (req: FastifyRequest) => (deps.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, "");
      const tags = ["open311"];

      for (const format of FORMATS) {
        o.get(
          `/discovery.${format}`,
          { schema: { tags, querystring: schemas.JurisdictionQuery, response: responses.discovery(format) } },
          async (req, reply) => {
            const base = baseUrl(req);
            return send(
              reply,
              renderObject(format, "discovery", {
                changeset: CHANGESET,
                contact: `Dinas Kominfo ${req.tenant.name}`,
                key_service: `${base}/konsol/api-keys`,
                endpoints: [
                  {
                    specification: "http://wiki.open311.org/GeoReport_v2",
                    url: `${base}${OPEN311_PREFIX}`,
                    changeset: CHANGESET,
                    type: "production",
                    formats: ["text/xml", "application/json"],
                  },
                ],
              }),
            );
          },
        );

        o.get(`/services.${format}`, { schema: { tags, querystring: schemas.JurisdictionQuery, response: responses.services(format) } }, async (req, reply) => {
          checkJurisdiction(req, (req.query as Query).jurisdiction_id);
          const l = lang(req);
          const cats = await complaintCategories(deps.db, req.tenant.id, l);
          return send(
            reply,
            renderList(
              format,
              "services",
              "service",
              cats.map((c) => serviceItem(c, l)),
            ),
          );
        });

        o.get(`/requests.${format}`, { schema: { tags, querystring: schemas.ListQuery, response: responses.requests(format) } }, async (req, reply) => {
          const query = req.query as Query;
          checkJurisdiction(req, query.jurisdiction_id);
          const l = lang(req);
          const filters = parseListQuery(query);
          const [rows, cats] = await Promise.all([store.listRequests(deps.db, req.tenant.id, l, filters), complaintCategories(deps.db, req.tenant.id, l)]);
          const specs = new Map(cats.map((c) => [c.key, c.spec]));
          const base = baseUrl(req);
          const items = rows.map((r) => {
            const spec = specs.get(r.service_key);
            return requestItem(r, {
              timeZone: req.tenant.timezone,
              lang: l,
              photoUrl: (id) => `${base}/api/public/lapor/photos/${id}`,
              notice: spec ? serviceNotice(spec, l) : null,
            });
          });
          return send(reply, renderList(format, "service_requests", "request", items));
        });

        o.post(
          `/requests.${format}`,
          {
            schema: { tags, querystring: schemas.SubmissionQuery, body: schemas.SubmissionBody, response: responses.created(format) },
            // Everything may come in the query string: an absent body is an empty one.
            preValidation: async (req) => {
              req.body ??= {};
            },
            config: { rateLimit: { max: Math.min(deps.config.rateLimitPerMinute, 60), timeWindow: "1 minute" } },
          },
          async (req, reply) => {
            const body = { ...((req.query as Query) ?? {}), ...((req.body as Query | undefined) ?? {}) };
            checkJurisdiction(req, body.jurisdiction_id);
            const apiKey = typeof body.api_key === "string" ? body.api_key : (req.headers["x-api-key"] as string | undefined);
            const l = lang(req);
            const done = await submitRequest({ db: deps.db, tenant: req.tenant, files: deps.files, publicUrl: deps.config.publicUrl }, body, apiKey, l);
            return send(
              reply,
              renderList(format, "service_requests", "request", [
                { service_request_id: done.serviceRequestId, service_notice: serviceNotice(done.spec, l), account_id: done.accountId, token: done.token },
              ]),
              201,
            );
          },
        );
      }

      o.get(
        "/services/:file",
        { schema: { tags, params: schemas.FileParams, querystring: schemas.JurisdictionQuery, response: responses.serviceDefinition } },
        async (req, reply) => {
          const { format, l, item: cat } = await findItem(req, "services", "service_code", (l, code) => categoryByCode(req, l, code));
          return send(reply, renderObject(format, "service_definition", serviceDefinition(cat, l)));
        },
      );

      o.get(
        "/requests/:file",
        { schema: { tags, params: schemas.FileParams, querystring: schemas.JurisdictionQuery, response: responses.requestList } },
        async (req, reply) => {
          const { format, l, item: row } = await findItem(req, "requests", "service_request_id", (l, id) => store.getRequest(deps.db, req.tenant.id, l, id));
          const spec = (await categoryByCode(req, l, row.service_key))?.spec;
          const base = baseUrl(req);
          const item = requestItem(row, {
            timeZone: req.tenant.timezone,
            lang: l,
            photoUrl: (id) => `${base}/api/public/lapor/photos/${id}`,
            notice: spec ? serviceNotice(spec, l) : null,
          });
          return send(reply, renderList(format, "service_requests", "request", [item]));
        },
      );

      o.get(
        "/tokens/:file",
        { schema: { tags, params: schemas.FileParams, querystring: schemas.JurisdictionQuery, response: responses.requestList } },
        async (req, reply) => {
          const { format, item: t } = await findItem(req, "tokens", "token", (_l, token) => store.submissionByToken(deps.db, req.tenant.id, token));
          return send(reply, renderList(format, "service_requests", "request", [{ service_request_id: t.service_request_id, token: t.token }]));
        },
      );
    },
    { prefix: OPEN311_PREFIX },
  );
}
