import { Type } from "typebox";
import { DateOnly, DateTime } from "../../platform/schemas.ts";

export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const NumberParams = Type.Object({ number: Type.String({ pattern: "^[A-Z]{2,5}-\\d{4}-\\d{6}$", maxLength: 20 }) });
const CategoryKey = Type.String({ pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", maxLength: 80 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lon = Type.Number({ minimum: -180, maximum: 180 });

export const NearbyQuery = Type.Object({ category: CategoryKey, lat: Lat, lon: Lon }, { additionalProperties: false });

export const NewReportBody = Type.Object(
  {
    category: CategoryKey,
    lat: Lat,
    lon: Lon,
    kelurahan: Type.Optional(Type.String({ pattern: "^\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}$", maxLength: 20 })),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    title: Type.Optional(Type.String({ maxLength: 150 })),
    anonymous: Type.Optional(Type.Boolean()),
    confidential: Type.Optional(Type.Boolean()),
    photoIds: Type.Optional(Type.Array(Type.String({ format: "uuid" }), { maxItems: 5 })),
    data: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const MessageBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
export const RateBody = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export const MergeBody = Type.Object({ into: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const ModerationBody = Type.Object({ decision: Type.Union([Type.Literal("hide"), Type.Literal("keep")]) }, { additionalProperties: false });

/** A plain date (that whole day, in the tenant's zone) or an ISO instant. */
const DateParam = Type.Union([DateOnly(), DateTime()]);
export const RangeQuery = Type.Object({ from: Type.Optional(DateParam), to: Type.Optional(DateParam) }, { additionalProperties: false });

export const PublicListQuery = Type.Object(
  {
    category: Type.Optional(CategoryKey),
    state: Type.Optional(Type.String({ pattern: "^[a-z_]+$", maxLength: 60 })),
    kecamatan: Type.Optional(Type.String({ pattern: "^\\d{2}\\.\\d{2}\\.\\d{2}$", maxLength: 12 })),
    from: Type.Optional(DateParam),
    to: Type.Optional(DateParam),
    bbox: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CodeName = Type.Object({ code: Type.String(), name: Nullable(Type.String()) });

/** Staff set the kelurahan of a report ("kelurahan belum ditentukan"); version: the report's, for optimistic concurrency. */
export const PlaceBody = Type.Object(
  { kelurahan: Type.String({ pattern: "^\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}$", maxLength: 20 }), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const PlaceResult = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  kelurahan: CodeName,
  kecamatan: CodeName,
  routedUnit: Nullable(CodeName),
});
export const UnplacedList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      category: Type.String(),
      excerpt: Type.String(),
      state: Type.String(),
      lat: Nullable(Type.Number()),
      lon: Nullable(Type.Number()),
      address: Nullable(Type.String()),
      createdAt: Type.String(),
    }),
  ),
});
