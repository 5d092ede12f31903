import { Type } from "typebox";
import { DateOnly } from "../../platform/schemas.ts";
import { audit } from "../../platform/audit.ts";
import { notFound } from "../../platform/errors.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { invalidateHolidays } from "../cases/service.ts";
import { deleteHoliday, listHolidays, upsertHoliday } from "./holidays.ts";

const Day = DateOnly();

export default async function calendarRoutes(app: App, deps: Deps) {
  const tags = ["calendar"];
  app.get(
    "/api/holidays",
    { schema: { tags, querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }) } },
    async (req) => listHolidays(deps.db, req.tenant.id, req.query.year),
  );
  app.put(
    "/api/admin/holidays/:day",
    {
      schema: {
        tags,
        params: Type.Object({ day: Day }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 3, maxLength: 120 }),
            kind: Type.Union([Type.Literal("national"), Type.Literal("cuti_bersama"), Type.Literal("local")]),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "calendar.manage");
      await deps.db.tx(async (q) => {
        await upsertHoliday(q, req.tenant.id, { day: req.params.day, ...req.body });
        await audit(q, {
          tenantId: req.tenant.id,
          actorId: actor.userId,
          action: "holiday.saved",
          subjectType: "holiday",
          subjectId: req.params.day,
          data: req.body,
        });
      });
      invalidateHolidays(req.tenant.id);
      return reply.status(204).send();
    },
  );
  app.delete("/api/admin/holidays/:day", { schema: { tags, params: Type.Object({ day: Day }) } }, async (req, reply) => {
    const actor = authorize(req, "calendar.manage");
    await deps.db.tx(async (q) => {
      if (!(await deleteHoliday(q, req.tenant.id, req.params.day))) throw notFound();
      await audit(q, { tenantId: req.tenant.id, actorId: actor.userId, action: "holiday.deleted", subjectType: "holiday", subjectId: req.params.day });
    });
    invalidateHolidays(req.tenant.id);
    return reply.status(204).send();
  });
}
