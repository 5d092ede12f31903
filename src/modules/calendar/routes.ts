import { Type } from "typebox";
import { DateOnly } from "../../platform/schemas.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { localDate } from "../../platform/workdays.ts";
import { adoptBaseline, decreeStatus, listCalendar, removeHoliday, saveHoliday } from "./service.ts";

const Day = DateOnly();
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Kind = Type.Union([Type.Literal("national"), Type.Literal("cuti_bersama"), Type.Literal("local")]);
const Source = Type.Union([Type.Literal("decree"), Type.Literal("library"), Type.Literal("local")]);
const CalendarDay = Type.Object({ day: Type.String(), name: Type.String(), kind: Kind, source: Source });
const YearStatus = Type.Object({
  year: Type.Integer(),
  source: Type.Union([Type.Literal("decree"), Type.Literal("library")]),
  decreeDays: Type.Integer(),
  localDays: Type.Integer(),
});
const Empty = { 204: Type.Null() };

export default async function calendarRoutes(app: App, deps: Deps) {
  const tags = ["calendar"];
  app.get(
    "/api/holidays",
    {
      schema: {
        tags,
        description:
          "A year's days off (default: this year): the SKB decree rows when the year has any, otherwise the date-holidays baseline; local days off on top. `source` says which.",
        querystring: Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false }),
        response: { 200: Type.Array(CalendarDay) },
      },
    },
    async (req) => {
      const year = req.query.year ?? Number(localDate(new Date(), req.tenant.timezone).slice(0, 4));
      return listCalendar(deps.db, req.tenant.id, year, req.locale);
    },
  );
  app.get(
    "/api/admin/holidays/status",
    {
      schema: {
        tags,
        description: "This and next year's source; `nextYearMissing` from 1 November while next year's SKB has not been entered.",
        response: {
          200: Type.Object({
            today: Type.String(),
            years: Type.Array(YearStatus),
            nextYearMissing: Type.Union([Type.Object({ year: Type.Integer() }), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      authorize(req, "calendar.manage");
      return decreeStatus(deps.db, req.tenant, new Date());
    },
  );
  app.put(
    "/api/admin/holidays/:day",
    {
      schema: {
        tags,
        params: Type.Object({ day: Day }),
        body: Type.Object({ name: Type.String({ minLength: 3, maxLength: 120 }), kind: Kind }, { additionalProperties: false }),
        response: Empty,
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "calendar.manage");
      await saveHoliday(deps.db, req.tenant.id, actor.userId, { day: req.params.day, ...req.body });
      return reply.status(204).send(null);
    },
  );
  app.delete("/api/admin/holidays/:day", { schema: { tags, params: Type.Object({ day: Day }), response: Empty } }, async (req, reply) => {
    const actor = authorize(req, "calendar.manage");
    await removeHoliday(deps.db, req.tenant.id, actor.userId, req.params.day);
    return reply.status(204).send(null);
  });
  app.post(
    "/api/admin/holidays/years/:year/adopt-baseline",
    {
      schema: {
        tags,
        description: "Copies the library baseline of a year without decree rows into the table as national holidays, to edit into the SKB.",
        params: Type.Object({ year: Year }),
        response: { 200: Type.Object({ year: Type.Integer(), inserted: Type.Integer() }) },
      },
    },
    async (req) => {
      const actor = authorize(req, "calendar.manage");
      return adoptBaseline(deps.db, req.tenant.id, actor.userId, req.params.year);
    },
  );
}
