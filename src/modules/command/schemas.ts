/** Response shapes of the command center routes (the OpenAPI contract and web/api-types.ts are written from them). */
import { Type } from "typebox";
import { IncidentSchema } from "../emergency/index.ts";
import { Nullable } from "../../platform/responses.ts";

const Str = Type.String();
const Num = Type.Number();
const StrOrNull = Nullable(Type.String());
const NumOrNull = Nullable(Type.Number());

export const Camera = Type.Object(
  {
    id: Str,
    code: Str,
    name: Str,
    lat: Num,
    lon: Num,
    ownerUnitId: StrOrNull,
    ownerName: StrOrNull,
    streamKind: Str,
    streamUrl: StrOrNull,
    status: Str,
    checkedAt: StrOrNull,
    lastError: StrOrNull,
    latencyMs: NumOrNull,
    active: Type.Boolean(),
  },
  { title: "Camera" },
);

const Summary = Type.Object({ id: Str, en: Str });

/** The wall screen (see `Overview` in overview.ts). */
export const Overview = Type.Object(
  {
    generatedAt: Str,
    counters: Type.Object({
      openIncidents: Num,
      incidentsToday: Num,
      avgResponseSecondsToday: NumOrNull,
      openCases: Num,
      overdueCases: Num,
      openReports: Num,
    }),
    opds: Type.Array(
      Type.Object({
        unitId: Str,
        code: Str,
        name: Str,
        openCases: Num,
        overdue: Num,
        incidentsToday: Num,
        avgResponseSeconds: NumOrNull,
      }),
    ),
    incidents: Type.Array(IncidentSchema),
    reports: Type.Array(Type.Object({ lat: Num, lon: Num, count: Num })),
    cameras: Type.Array(Camera),
    sensors: Type.Array(Type.Object({ source: Str, kind: Str, value: NumOrNull, unit: StrOrNull, lat: Num, lon: Num, severity: StrOrNull, at: Str })),
    hourly: Type.Array(Type.Object({ hour: Str, incidents: Num, cases: Num, reports: Num })),
    ticker: Type.Array(Type.Object({ id: Num, topic: Str, at: Str, summary: Summary })),
  },
  { title: "CommandOverview" },
);

export const IngestLog = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Num,
      source: Str,
      kind: Str,
      value: NumOrNull,
      unit: StrOrNull,
      lat: NumOrNull,
      lon: NumOrNull,
      message: StrOrNull,
      data: Type.Record(Str, Type.Unknown(), { description: "the reading's own fields, as the OPD system sent them" }),
      occurredAt: Str,
      receivedAt: Str,
      alertRuleId: StrOrNull,
      severity: StrOrNull,
    }),
  ),
  nextBefore: NumOrNull,
});
