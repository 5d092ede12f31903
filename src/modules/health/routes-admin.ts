/** Dinkes's settings over HTTP: a puskesmas's poli and doctor sessions (health.manage in Dinkes). */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
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

  app.post(
    "/api/health/admin/facilities/:id/polis",
    {
      schema: {
        tags,
        summary: "Add a poli to a puskesmas: BPJS kodepoli (PCare reference), name, the letter of its queue numbers",
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            kodepoli: Type.String({ pattern: "^[A-Z0-9]{3}$" }),
            name: Type.String({ minLength: 2, maxLength: 80 }),
            prefix: Type.String({ pattern: "^[A-Z]$" }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Open({ id: Type.String(), kodepoli: Type.String() }, { title: "HealthPoli" }) },
      },
    },
    async (req, reply) => {
      const actor = await authorizeDinkes(req);
      reply.status(201);
      return addPoli(deps.db, req.tenant.id, req.params.id, req.body, actor.userId);
    },
  );

  app.post(
    "/api/health/admin/polis/:id/schedules",
    {
      schema: {
        tags,
        summary: "Add a doctor session to a poli: kodedokter, weekday (1 = Monday … 7 = Sunday), jampraktek, kapasitas per day",
        params: Type.Object({ id: Id }),
        body: Type.Object(
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
        response: { 201: Open({ id: Type.String(), jampraktek: Type.String() }, { title: "HealthSchedule" }) },
      },
    },
    async (req, reply) => {
      const actor = await authorizeDinkes(req);
      reply.status(201);
      return addSchedule(deps.db, req.tenant.id, req.params.id, req.body, actor.userId);
    },
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
