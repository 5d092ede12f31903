/** Response shapes of the transit routes (the OpenAPI contract and web/api-types.ts are written from them). */
import { Type } from "typebox";
import { Nullable } from "../../platform/responses.ts";

const Str = Type.String();
const Num = Type.Number();
const StrOrNull = Nullable(Type.String());
const NumOrNull = Nullable(Type.Number());

export const RouteSummary = Type.Object(
  { id: Str, shortName: Str, longName: Str, color: StrOrNull, textColor: StrOrNull, type: Type.Integer() },
  { title: "TransitRoute" },
);

const StopRef = { id: Str, code: StrOrNull, name: Str, lat: Num, lon: Num };

export const RouteDetail = Type.Object({
  id: Str,
  shortName: Str,
  longName: Str,
  color: StrOrNull,
  textColor: StrOrNull,
  directions: Type.Array(
    Type.Object({
      directionId: Nullable(Type.Integer()),
      headsign: Str,
      points: Type.Array(Type.Tuple([Num, Num]), { description: "the points of the trip pattern's shape" }),
    }),
  ),
  stops: Type.Array(Type.Object(StopRef)),
});

export const Stop = Type.Object({ ...StopRef, routes: Type.Array(Str) }, { title: "TransitStop" });

export const PublicVehicle = Type.Object(
  {
    id: Str,
    label: Str,
    lat: Num,
    lon: Num,
    bearing: NumOrNull,
    routeId: StrOrNull,
    tripId: StrOrNull,
    headsign: StrOrNull,
    reportedAt: Str,
    delaySeconds: NumOrNull,
  },
  { title: "TransitVehicle" },
);

export const Fleet = Type.Object({
  staleAfterSeconds: Num,
  vehicles: Type.Array(
    Type.Object({
      id: Str,
      label: Str,
      routeId: StrOrNull,
      tripId: StrOrNull,
      lat: Num,
      lon: Num,
      reportedAt: Str,
      lastSeenAt: Str,
      ageSeconds: Num,
      stale: Type.Boolean(),
      source: Str,
    }),
  ),
});

const FeedCounts = {
  agency: Str,
  timezone: Str,
  routes: Num,
  stops: Num,
  trips: Num,
  stopTimes: Num,
  shapes: Num,
  bbox: Type.Tuple([Num, Num, Num, Num], { description: "[minLon, minLat, maxLon, maxLat]" }),
};

export const FeedInfo = Type.Object({
  feed: Nullable(Type.Object({ version: Type.Integer(), importedAt: Str, summary: Type.Object(FeedCounts) })),
});

export const ImportedFeed = Type.Object({ ...FeedCounts, version: Type.Integer() }, { title: "TransitFeedImported" });

/** The JSON view of a GTFS-realtime FeedMessage (protobuf field names in camelCase, enums as names). */
export const RealtimeJson = Type.Object(
  {
    header: Type.Object({ gtfsRealtimeVersion: Str, incrementality: Type.Optional(Str), timestamp: Type.Optional(Num) }, { additionalProperties: true }),
    entity: Type.Optional(Type.Array(Type.Object({ id: Str }, { additionalProperties: true }))),
  },
  { additionalProperties: true, description: "GTFS-realtime FeedMessage: application/x-protobuf, or its JSON view with format=json" },
);
