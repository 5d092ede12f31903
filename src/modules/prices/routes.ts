import type { FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { DateOnly, INT4_MAX } from "../../platform/schemas.ts";
import { forbidden } from "../../platform/errors.ts";
import { type App, authorize, type Deps, requireActor } from "../../platform/http.ts";
import { can } from "../../platform/auth/roles.ts";
import { listAlerts, resolveAlert } from "./alerts.ts";
import { addDays, disdagUnits, MARKET_KINDS, todayIn } from "./common.ts";
import { storePrices } from "./entry.ts";
import { importPrices } from "./import.ts";
import { createMarket, listCommodities, listMarkets, updateCommodity, updateMarket } from "./markets.ts";
import { cellHistory, entrySheet, exportPrices, priceSeries, toCsv, todayView } from "./reading.ts";
import { Binary } from "../../platform/responses.ts";
import * as S from "./schemas.ts";

const DateStr = DateOnly();
const Code = Type.String({ minLength: 1, maxLength: 60 });
const L = Type.Object({ id: Type.String(), en: Type.String() });

const MarketBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    kind: Type.Union(MARKET_KINDS.map((k) => Type.Literal(k))),
    kecamatanCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    lat: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    lon: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export default async function priceRoutes(app: App, deps: Deps) {
  const tags = ["prices"];
  const today = (req: FastifyRequest) => todayIn(req.tenant.timezone);
  const span = (req: FastifyRequest, q: { days?: number; from?: string; to?: string }) => {
    const to = q.to ?? today(req);
    return { from: q.from ?? addDays(to, -((q.days ?? 30) - 1)), to };
  };
  /** Staff of Dinas Perdagangan (or Kominfo) holding the permission. */
  const authorizeDisdag = async (req: FastifyRequest, permission: "prices.enter" | "prices.manage") =>
    authorize(req, permission, await disdagUnits(deps.db, req.tenant.id));

  // ---- public -------------------------------------------------------------------------------------
  app.get(
    "/api/public/prices/today",
    {
      schema: {
        response: { 200: S.TodayView },
        tags,
        summary: "Today's prices: city average per commodity with day/week change, per market, cheapest market",
        querystring: Type.Object({ date: Type.Optional(DateStr) }),
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "public, max-age=60");
      return todayView(deps.db, req.tenant.id, req.query.date ?? today(req));
    },
  );
  app.get("/api/public/prices/markets", { schema: { response: { 200: Type.Array(S.Market) }, tags } }, async (req) =>
    listMarkets(deps.db, req.tenant.id, true),
  );
  app.get("/api/public/prices/commodities", { schema: { response: { 200: Type.Array(S.Commodity) }, tags } }, async (req) =>
    listCommodities(deps.db, req.tenant.id, true),
  );
  const SeriesQuery = Type.Object({
    commodity: Code,
    market: Type.Optional(Code),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
    from: Type.Optional(DateStr),
    to: Type.Optional(DateStr),
  });
  app.get(
    "/api/public/prices/series",
    {
      schema: {
        tags,
        summary: "Daily price series of a commodity: one market, or the city average with min/max (days, or from/to)",
        querystring: SeriesQuery,
        response: {
          200: Type.Object({
            commodity: Type.Object({ code: Type.String(), name: L, unit: Type.String(), referencePrice: Type.Union([Type.Number(), Type.Null()]) }),
            market: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
            from: Type.String(),
            to: Type.String(),
            points: Type.Array(Type.Object({ date: Type.String(), price: Type.Number(), min: Type.Number(), max: Type.Number(), markets: Type.Number() })),
          }),
        },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "public, max-age=60");
      return priceSeries(deps.db, req.tenant.id, { commodity: req.query.commodity, market: req.query.market, ...span(req, req.query) });
    },
  );
  const ExportQuery = Type.Object({
    commodity: Type.Optional(Code),
    market: Type.Optional(Code),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
    from: Type.Optional(DateStr),
    to: Type.Optional(DateStr),
  });
  /** The open-data rows of a query's span (default: the last 30 days), for the CSV and JSON downloads. */
  const openData = async (req: FastifyRequest, q: Static<typeof ExportQuery>) => {
    const s = span(req, q);
    return { ...s, rows: await exportPrices(deps.db, req.tenant.id, { ...q, ...s }) };
  };
  const attachment = (from: string, to: string, ext: string) => `attachment; filename="harga-bahan-pokok-${from}-${to}.${ext}"`;
  app.get(
    "/api/public/prices/data.csv",
    {
      schema: {
        response: { 200: Binary("see the route", "GET /api/public/prices/data.csv") },
        tags,
        summary: "Open data: current prices per market and day as CSV (default: the last 30 days)",
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const { from, to, rows } = await openData(req, req.query);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", attachment(from, to, "csv"))
        .send(toCsv(rows));
    },
  );
  app.get(
    "/api/public/prices/data.json",
    {
      schema: {
        response: { 200: S.OpenData },
        tags,
        summary: "Open data: the same rows as JSON",
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const { from, to, rows } = await openData(req, req.query);
      reply.header("content-disposition", attachment(from, to, "json"));
      return { tenant: req.tenant.id, from, to, licence: "CC BY 4.0", rows };
    },
  );

  // ---- staff: entry -------------------------------------------------------------------------------
  app.get(
    "/api/prices/sheet",
    {
      schema: {
        response: { 200: S.EntrySheet },
        tags,
        summary: "The enumerator's grid for a market and date",
        querystring: Type.Object({ market: Code, date: Type.Optional(DateStr) }),
      },
    },
    async (req) => {
      await authorizeDisdag(req, "prices.enter");
      return entrySheet(deps.db, req.tenant.id, req.query.market, req.query.date ?? today(req));
    },
  );
  app.post(
    "/api/prices/entries",
    {
      schema: {
        response: { 200: S.EntryResult },
        tags,
        summary: "Enter prices of one market and date (corrections are new versions); 422 price-questioned unless confirm",
        body: Type.Object(
          {
            market: Code,
            date: DateStr,
            prices: Type.Array(Type.Object({ commodity: Code, price: Type.Number({ maximum: INT4_MAX }) }, { additionalProperties: false }), {
              minItems: 1,
              maxItems: 200,
            }),
            confirm: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const actor = await authorizeDisdag(req, "prices.enter");
      const b = req.body;
      return deps.db.tx((q) =>
        storePrices(q, {
          tenantId: req.tenant.id,
          today: today(req),
          inputs: b.prices.map((p) => ({ market: b.market, date: b.date, commodity: p.commodity, price: p.price })),
          confirm: b.confirm === true,
          actorId: actor.userId,
          source: "grid",
          locale: req.locale,
          where: (i, col) => (col === "market" ? "market" : col === "date" ? "date" : col === "commodity" ? `prices[${i}].commodity` : `prices[${i}].price`),
        }),
      );
    },
  );
  app.get(
    "/api/prices/history",
    {
      schema: {
        response: { 200: S.CellHistory },
        tags,
        summary: "Every version of one price (market, commodity, date)",
        querystring: Type.Object({ market: Code, commodity: Code, date: DateStr }),
      },
    },
    async (req) => {
      await authorizeDisdag(req, "prices.enter");
      return cellHistory(deps.db, req.tenant.id, req.query.market, req.query.commodity, req.query.date);
    },
  );
  app.post(
    "/api/prices/import",
    {
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        response: { 200: S.ImportResult },
        tags,
        summary: "Import a CSV or XLSX (columns tanggal, pasar, komoditas, harga; file as base64): all rows or none",
        body: Type.Object(
          {
            filename: Type.String({ minLength: 1, maxLength: 200 }),
            content: Type.String({ minLength: 1, maxLength: 11 * 1024 * 1024 }),
            confirm: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const actor = await authorizeDisdag(req, "prices.enter");
      const bytes = Buffer.from(req.body.content, "base64");
      return deps.db.tx((q) =>
        importPrices(q, {
          tenantId: req.tenant.id,
          today: today(req),
          filename: req.body.filename,
          bytes,
          confirm: req.body.confirm === true,
          actorId: actor.userId,
          locale: req.locale,
        }),
      );
    },
  );

  // ---- staff: markets and commodities ------------------------------------------------------------
  app.get("/api/prices/markets", { schema: { response: { 200: Type.Array(S.Market) }, tags } }, async (req) => {
    await authorizeDisdag(req, "prices.enter");
    return listMarkets(deps.db, req.tenant.id, false);
  });
  app.post("/api/prices/markets", { schema: { response: { 201: S.Market }, tags, body: MarketBody } }, async (req, reply) => {
    const actor = await authorizeDisdag(req, "prices.manage");
    return reply.status(201).send(await deps.db.tx((q) => createMarket(q, req.tenant.id, req.body, actor.userId)));
  });
  app.put(
    "/api/prices/markets/:code",
    { schema: { response: { 200: S.Market }, tags, params: Type.Object({ code: Code }), body: MarketBody } },
    async (req) => {
      const actor = await authorizeDisdag(req, "prices.manage");
      return deps.db.tx((q) => updateMarket(q, req.tenant.id, req.params.code, req.body, actor.userId));
    },
  );
  app.get("/api/prices/commodities", { schema: { response: { 200: Type.Array(S.Commodity) }, tags } }, async (req) => {
    await authorizeDisdag(req, "prices.enter");
    return listCommodities(deps.db, req.tenant.id, false);
  });
  app.patch(
    "/api/prices/commodities/:code",
    {
      schema: {
        response: { 200: S.Commodity },
        tags,
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            nameId: Type.Optional(Type.String({ maxLength: 120 })),
            nameEn: Type.Optional(Type.String({ maxLength: 120 })),
            unit: Type.Optional(Type.Union([Type.Literal("kg"), Type.Literal("liter")])),
            referencePrice: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            referenceLabel: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            alertWeekPct: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 9999 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const actor = await authorizeDisdag(req, "prices.manage");
      return deps.db.tx((q) => updateCommodity(q, req.tenant.id, req.params.code, req.body, actor.userId));
    },
  );

  // ---- alerts: Dinas Perdagangan and the command centre -------------------------------------------
  const authorizeAlerts = async (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (can(actor, "prices.alerts") || can(actor, "prices.enter", await disdagUnits(deps.db, req.tenant.id))) return actor;
    throw forbidden();
  };
  app.get(
    "/api/prices/alerts",
    { schema: { response: { 200: Type.Array(S.Alert) }, tags, querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }) } },
    async (req) => {
      await authorizeAlerts(req);
      return listAlerts(deps.db, req.tenant.id, req.query.all !== true);
    },
  );
  app.post(
    "/api/prices/alerts/:id/resolve",
    { schema: { response: { 200: S.Ok }, tags, params: Type.Object({ id: Type.String({ format: "uuid" }) }) } },
    async (req) => {
      const actor = await authorizeAlerts(req);
      await deps.db.tx((q) => resolveAlert(q, req.tenant.id, req.params.id, actor.userId));
      return { ok: true };
    },
  );
}
