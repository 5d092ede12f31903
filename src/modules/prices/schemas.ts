/** Response shapes of the price routes (the OpenAPI contract and web/api-types.ts are written from them). */
import { Type } from "typebox";
import { Nullable } from "../../platform/responses.ts";

const L = Type.Object({ id: Type.String(), en: Type.String() });
const Num = Type.Number();
const NumOrNull = Nullable(Type.Number());
const StrOrNull = Nullable(Type.String());

export const Market = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    kecamatanCode: StrOrNull,
    kecamatanName: StrOrNull,
    address: StrOrNull,
    lat: NumOrNull,
    lon: NumOrNull,
    active: Type.Boolean(),
  },
  { title: "PriceMarket" },
);

export const Commodity = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: L,
    unit: Type.String(),
    group: Type.String(),
    sort: Num,
    referencePrice: NumOrNull,
    referenceLabel: StrOrNull,
    alertWeekPct: Num,
    active: Type.Boolean(),
  },
  { title: "PriceCommodity" },
);

const CommodityToday = Type.Object({
  code: Type.String(),
  name: L,
  unit: Type.String(),
  group: Type.String(),
  referencePrice: NumOrNull,
  referenceLabel: StrOrNull,
  average: NumOrNull,
  markets: Num,
  min: NumOrNull,
  max: NumOrNull,
  previousDay: NumOrNull,
  previousWeek: NumOrNull,
  changeDayPct: NumOrNull,
  changeWeekPct: NumOrNull,
  cheapest: Nullable(Type.Object({ market: Type.String(), name: Type.String(), price: Num })),
});

export const TodayView = Type.Object(
  {
    date: StrOrNull,
    previousDay: StrOrNull,
    previousWeek: StrOrNull,
    commodities: Type.Array(CommodityToday),
    markets: Type.Array(Type.Intersect([Market, Type.Object({ prices: Type.Record(Type.String(), Num) })])),
  },
  { title: "PricesToday" },
);

const ExportRow = Type.Object({
  date: Type.String(),
  market: Type.String(),
  marketName: Type.String(),
  commodity: Type.String(),
  commodityName: Type.String(),
  unit: Type.String(),
  price: Num,
});

export const OpenData = Type.Object({
  tenant: Type.String(),
  from: Type.String(),
  to: Type.String(),
  licence: Type.String(),
  rows: Type.Array(ExportRow),
});

export const EntrySheet = Type.Object(
  {
    market: Market,
    date: Type.String(),
    rows: Type.Array(
      Type.Object({
        commodity: Type.String(),
        name: L,
        unit: Type.String(),
        price: NumOrNull,
        version: Nullable(Type.Integer()),
        enteredAt: StrOrNull,
        enteredBy: StrOrNull,
        previousPrice: NumOrNull,
        previousDate: StrOrNull,
      }),
    ),
  },
  { title: "PriceEntrySheet" },
);

export const EntryResult = Type.Object({ created: Num, corrected: Num, unchanged: Num, alerts: Num }, { title: "PriceEntryResult" });
export const ImportResult = Type.Object({ created: Num, corrected: Num, unchanged: Num, alerts: Num, rows: Num });

export const CellHistory = Type.Array(
  Type.Object({
    version: Type.Integer(),
    price: Num,
    source: Type.String(),
    confirmed: Type.Boolean(),
    enteredAt: Type.String(),
    enteredBy: StrOrNull,
    current: Type.Boolean(),
    supersededAt: StrOrNull,
  }),
);

export const Alert = Type.Object(
  {
    id: Type.String(),
    commodity: Type.String(),
    name: L,
    unit: Type.String(),
    date: Type.String(),
    kind: Type.String(),
    value: Num,
    threshold: Num,
    changePct: NumOrNull,
    createdAt: Type.String(),
    resolvedAt: StrOrNull,
  },
  { title: "PriceAlert" },
);

export const Ok = Type.Object({ ok: Type.Boolean() });
