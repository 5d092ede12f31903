import { Type } from "typebox";
import { type App, authorize, type Deps, requireActor } from "../../platform/http.ts";
import { tenantRead } from "../../platform/routes.ts";
import { Nullable } from "../../platform/responses.ts";
import { approvePage, pageForEditing, pendingProposals, proposePage, publicPage } from "./front-door.ts";
import { listSocialAccounts, PLATFORMS, registerSocialAccount, reviewSocialAccount } from "./social.ts";

const Code = Type.Object({ code: Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9.-]{1,40}$" }) });
const L = Type.Object({ id: Type.String(), en: Type.String() });

const Content = Type.Object(
  {
    about: Type.String({ maxLength: 3000 }),
    address: Type.String({ maxLength: 300 }),
    phone: Type.String({ maxLength: 40 }),
    email: Type.String({ maxLength: 200 }),
    website: Type.String({ maxLength: 300 }),
    hours: Type.Array(
      Type.Object({ days: Type.String({ minLength: 1, maxLength: 60 }), time: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
      {
        maxItems: 14,
      },
    ),
    location: Nullable(
      Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

const PublicOpd = Type.Object({
  code: Type.String(),
  name: Type.String(),
  about: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  email: Type.String(),
  website: Type.String(),
  hours: Type.Array(Type.Object({ days: Type.String(), time: Type.String() })),
  location: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  publishedAt: Nullable(Type.String()),
  services: Type.Array(Type.Object({ key: Type.String(), name: L })),
  social: Type.Array(Type.Object({ platform: Type.String(), handle: Type.String(), url: Type.String() })),
  apps: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), url: Nullable(Type.String()) })),
  guidance: Type.Object({ noApps: Type.Boolean(), noSocial: Type.Boolean() }),
});

const EditView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  published: Nullable(Content),
  draft: Nullable(Content),
  draftAt: Nullable(Type.String()),
});

const Social = Type.Object({
  id: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  platform: Type.String(),
  handle: Type.String(),
  url: Type.String(),
  adminName: Type.String(),
  adminContact: Type.String(),
  verification: Type.Union([Type.Literal("unverified"), Type.Literal("verified")]),
  lastReview: Nullable(Type.String()),
  reviewDue: Type.String(),
  reviewOverdue: Type.Boolean(),
});

/** The OPD front doors (public) with their edit-and-approve flow, and the official social-media accounts. */
export async function frontRoutes(app: App, deps: Deps) {
  const tags = ["registry"];
  app.get("/api/opd/:code", { schema: { tags, summary: "An OPD's public page", params: Code, response: { 200: PublicOpd } } }, async (req) =>
    publicPage(deps.db, req.tenant.id, req.params.code),
  );
  app.get(
    "/api/admin/opd-pages/pending",
    {
      schema: {
        tags,
        summary: "OPD pages with a proposal waiting for approval",
        response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), draftAt: Type.String() })) },
      },
    },
    async (req) => {
      authorize(req, "registry.read");
      return pendingProposals(deps.db, req.tenant.id);
    },
  );
  app.get("/api/admin/opd/:code/page", { schema: { tags, params: Code, response: { 200: EditView } } }, async (req) =>
    pageForEditing(deps.db, req.tenant.id, req.params.code, requireActor(req)),
  );
  app.put(
    "/api/admin/opd/:code/page",
    { schema: { tags, summary: "Propose the page (Kominfo approves)", params: Code, body: Content, response: { 200: EditView } } },
    async (req) => {
      const actor = requireActor(req);
      return proposePage(deps.db, req.tenant.id, req.params.code, req.body, actor);
    },
  );
  app.post("/api/admin/opd/:code/page/approve", { schema: { tags, params: Code, response: { 200: EditView } } }, async (req) => {
    const actor = authorize(req, "registry.manage");
    return approvePage(deps.db, req.tenant.id, req.params.code, actor);
  });

  tenantRead(app, deps.db, "/api/admin/registry/social", { tags, permission: "registry.read", response: Type.Array(Social) }, listSocialAccounts);
  app.post(
    "/api/admin/registry/social",
    {
      schema: {
        tags,
        body: Type.Object(
          {
            unitCode: Type.String({ minLength: 2, maxLength: 50 }),
            platform: Type.Union(PLATFORMS.map((p) => Type.Literal(p))),
            handle: Type.String({ minLength: 2, maxLength: 100 }),
            url: Type.String({ minLength: 10, maxLength: 300 }),
            adminName: Type.String({ minLength: 2, maxLength: 120 }),
            adminContact: Type.Optional(Type.String({ maxLength: 120 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Social },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "registry.manage");
      return reply.status(201).send(await registerSocialAccount(deps.db, req.tenant.id, req.body, actor.userId));
    },
  );
  app.post(
    "/api/admin/registry/social/:id/review",
    {
      schema: {
        tags,
        summary: "Record Kominfo's review (verified or not); the next is due in six months",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: Type.Object({ verified: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Social },
      },
    },
    async (req) => {
      const actor = authorize(req, "registry.manage");
      return reviewSocialAccount(deps.db, req.tenant.id, req.params.id, req.body.verified, actor.userId);
    },
  );
}
