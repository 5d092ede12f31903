/** Dinkes's settings over HTTP: a puskesmas's poli and doctor sessions (health.manage in Dinkes). */
import type { FastifyRequest } from "fastify";
import { type Static, type TSchema, Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { NoContent, Open } from "../../platform/responses.ts";
import { unitsByCode } from "../admin/index.ts";
import { addPoli, addSchedule, removeSchedule } from "./settings.ts";

const Id = Type.String({ format: "uuid" });

export default async function adminRoutes(app: App, deps: Deps) {
  const tags = ["health"];
  const authorizeDinkes = async (req: FastifyRequest) =>
    authorize(
      req,
      "health.manage",
      (await unitsByCode(deps.db, req.tenant.id, ["DINKES"])).map((u) => u.id),
    );

  /** POST something new under the `:id` (Dinkes only); answers 201 with what was added. */
  const addRoute = <B extends TSchema>(
    url: string,
    summary: string,
    body: B,
    response: TSchema,
    add: (db: Deps["db"], tenantId: string, id: string, input: Static<B>, actorId: string) => Promise<unknown>,
  ) =>
    app.post(url, { schema: { tags, summary, params: Type.Object({ id: Id }), body, response: { 201: response } } }, async (req, reply) => {
      const actor = await authorizeDinkes(req);
      reply.status(201);
      // The type provider cannot resolve Static of a generic schema; `body` validated req.body against B.
      return add(deps.db, req.tenant.id, req.params.id, req.body as Static<B>, actor.userId);
    });

  addRoute(
    "/api/health/admin/facilities/:id/polis",
    "Add a poli to a puskesmas: BPJS kodepoli (PCare reference), name, the letter of its queue numbers",
    Type.Object(
      {
        kodepoli: Type.String({ pattern: "^[A-Z0-9]{3}$" }),
        name: Type.String({ minLength: 2, maxLength: 80 }),
        prefix: Type.String({ pattern: "^[A-Z]$" }),
      },
      { additionalProperties: false },
    ),
    Open({ id: Type.String(), kodepoli: Type.String() }, { title: "HealthPoli" }),
    addPoli,
  );

  addRoute(
    "/api/health/admin/polis/:id/schedules",
    "Add a doctor session to a poli: kodedokter, weekday (1 = Monday … 7 = Sunday), jampraktek, kapasitas per day",
    Type.Object(
      {
        kodedokter: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
        namadokter: Type.String({ minLength: 2, maxLength: 120 }),
        doctorNik: Type.Optional(Type.String({ pattern: "^[0-9]{16}$" })),
        weekday: Type.Integer({ minimum: 1, maximum: 7 }),
        jampraktek: Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$" }),
        kapasitas: Type.Integer({ minimum: 1, maximum: 1000 }),
        minutesPerPatient: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
      },
      { additionalProperties: false },
    ),
    Open({ id: Type.String(), jampraktek: Type.String() }, { title: "HealthSchedule" }),
    addSchedule,
  );

  app.delete(
    "/api/health/admin/schedules/:id",
    { schema: { tags, summary: "End a doctor session (numbers already issued stay valid)", params: Type.Object({ id: Id }), response: { 204: NoContent } } },
    async (req, reply) => {
      const actor = await authorizeDinkes(req);
      await removeSchedule(deps.db, req.tenant.id, req.params.id, actor.userId);
      return reply.status(204).send();
    },
  );
}
