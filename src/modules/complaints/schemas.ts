import { Type } from "typebox";
import { DateOnly, DateTime } from "../../platform/schemas.ts";
import * as R from "../../platform/responses.ts";
import { FixView } from "./schemas-loop.ts";
import { FormSchema as Form, LocalizedSchema as L } from "../catalog/index.ts";

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

// ---- responses ------------------------------------------------------------------------------------

const Str = Type.String();
const Num = Type.Number();
const StrOrNull = R.Nullable(Type.String());
const NumOrNull = R.Nullable(Type.Number());
const At = R.Timestamp();
const AtOrNull = R.Nullable(R.Timestamp());
const CodeNameOrNull = R.Nullable(Type.Object({ code: Str, name: StrOrNull }));
const Unit = R.Nullable(Type.Object({ code: Str, name: Str }));
const Photo = Type.Object({ id: Str, thumbnailUrl: Str, url: Str }, { title: "LaporPhoto" });

export const Nearby = Type.Object({
  radiusMeters: Num,
  items: Type.Array(Type.Object({ id: Str, number: Str, category: Str, excerpt: Str, distanceMeters: Num, supportCount: Num, state: Str, createdAt: At })),
});

export { Photo };
export const Filed = Type.Object({
  id: Str,
  number: Str,
  trackingToken: Str,
  state: Str,
  replayed: Type.Optional(Type.Boolean({ description: "true: a retry with an Idempotency-Key already used; this is the report filed then" })),
});
/** The offline queue's key (a UUID the phone made when the report was queued): a retry never files twice. */
export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]{8,100}$", maxLength: 100 })),
});

export const MyReport = Type.Object(
  {
    id: Str,
    number: Str,
    category: Type.Object({ key: Str, name: L }),
    excerpt: Str,
    state: Str,
    stateLabel: L,
    isOpen: Type.Boolean(),
    outcome: StrOrNull,
    anonymous: Type.Boolean(),
    confidential: Type.Boolean(),
    createdAt: At,
    updatedAt: At,
    supportCount: Num,
    rating: NumOrNull,
    canReopen: Type.Boolean(),
    canRate: Type.Boolean(),
    trackingToken: Str,
  },
  { title: "MyReport" },
);

/** The report as its reporter or staff see it (fields marked optional are for one of them only). */
export const ReportView = Type.Object(
  {
    id: Str,
    number: Str,
    version: Type.Integer(),
    trackingToken: Type.Optional(Str),
    category: Type.Object({ key: Str, name: L, classification: Str }),
    title: StrOrNull,
    description: Str,
    data: Type.Record(Str, Type.Unknown(), { description: "the answers to the category's own fields" }),
    fields: Form.properties.fields,
    lat: NumOrNull,
    lon: NumOrNull,
    kelurahan: CodeNameOrNull,
    kecamatan: CodeNameOrNull,
    address: Type.Optional(StrOrNull),
    canPlace: Type.Boolean(),
    anonymous: Type.Boolean(),
    confidential: Type.Boolean(),
    reporter: Type.Optional(R.Nullable(Type.Object({ name: StrOrNull }))),
    state: Str,
    stateLabel: L,
    isOpen: Type.Boolean(),
    outcome: StrOrNull,
    unit: Unit,
    routedUnit: Type.Optional(Unit),
    submittedAt: At,
    stateDueAt: AtOrNull,
    slaDueAt: AtOrNull,
    closedAt: AtOrNull,
    supportCount: Num,
    rating: NumOrNull,
    ratingComment: StrOrNull,
    reopenCount: Num,
    mergedInto: R.Nullable(Type.Object({ id: Str, number: Str })),
    hidden: Type.Optional(Type.Boolean()),
    flagCount: Type.Optional(Num),
    canReply: Type.Boolean(),
    canReopen: Type.Boolean(),
    reopenUntil: Type.Optional(AtOrNull),
    canRate: Type.Boolean(),
    myRoles: Type.Array(Str),
    actions: Type.Array(Type.Object({ key: Str, label: L, to: Str, requireComment: Type.Boolean(), forward: Type.Boolean() })),
    photos: Type.Array(Photo),
    timeline: Type.Array(
      Type.Object({
        at: At,
        kind: Str,
        action: StrOrNull,
        from: StrOrNull,
        to: StrOrNull,
        toLabel: R.Nullable(L),
        comment: StrOrNull,
        by: Type.String({ description: "reporter | officer | system" }),
        actorName: Type.Optional(StrOrNull),
        photos: Type.Array(Photo),
      }),
    ),
    sla: Type.String({ description: "on_time | overdue | none" }),
    fix: Type.Optional(FixView),
  },
  { title: "LaporReport" },
);

export const Supported = Type.Object({ supportCount: Num, supported: Type.Boolean() });
export const StateOf = Type.Object({ id: Str, state: Str });
export const Rated = Type.Object({ rating: Num, comment: StrOrNull });
export const Flagged = Type.Object({ flagged: Type.Boolean() });
export const Updated = Type.Object({ id: Str, photos: Type.Array(Photo) });
export const Merged = Type.Object({ id: Str, state: Str, mergedInto: Type.Object({ id: Str, number: Str }) });
/** SP4N-LAPOR! forwarding of a report (docs/complaints.md, "Forwarding to SP4N-LAPOR!"). */
export const LaporForwarding = Type.Object({
  state: Type.Union([Type.Literal("none"), Type.Literal("pending"), Type.Literal("sent"), Type.Literal("failed")]),
  trackingId: StrOrNull,
  attempts: Num,
  lastError: StrOrNull,
  sentAt: StrOrNull,
});
export const Heatmap = Type.Object({ cells: Type.Array(Type.Object({ h3: Str, lat: Num, lon: Num, count: Num })) });
export const ModerationQueue = Type.Object({
  items: Type.Array(
    Type.Object({ id: Str, number: Str, category: Str, excerpt: Str, hidden: Type.Boolean(), flags: Num, reasons: Type.Array(Str), firstFlaggedAt: At }),
  ),
});
export const Moderated = Type.Object({ id: Str, hidden: Type.Boolean() });

export const PublicList = Type.Object({
  items: Type.Array(
    Type.Object({
      number: Str,
      category: Str,
      categoryName: R.Nullable(L),
      state: Str,
      stateLabel: R.Nullable(L),
      outcome: StrOrNull,
      lat: NumOrNull,
      lon: NumOrNull,
      kelurahan: CodeNameOrNull,
      kecamatan: CodeNameOrNull,
      createdAt: At,
      supportCount: Num,
      rating: NumOrNull,
      excerpt: Str,
      photos: Type.Array(Photo),
    }),
  ),
  next: Type.Union([Str, Type.Null()], { description: "the cursor of the next page" }),
});

export const PublicReport = Type.Object(
  {
    id: Str,
    number: Str,
    category: Type.Object({ key: Str, name: L, classification: Str }),
    title: StrOrNull,
    description: Str,
    state: Str,
    stateLabel: L,
    isOpen: Type.Boolean(),
    outcome: StrOrNull,
    lat: NumOrNull,
    lon: NumOrNull,
    kelurahan: CodeNameOrNull,
    kecamatan: CodeNameOrNull,
    unit: Unit,
    createdAt: At,
    closedAt: AtOrNull,
    supportCount: Num,
    rating: NumOrNull,
    ratingComment: StrOrNull,
    mergedInto: R.Nullable(Type.Object({ number: Str })),
    photos: Type.Array(Photo),
    timeline: Type.Array(Type.Object({ at: At, kind: Str, state: StrOrNull, label: R.Nullable(L), message: StrOrNull, photos: Type.Array(Photo) })),
    fix: Type.Optional(FixView),
  },
  { title: "LaporPublicReport" },
);

export const PublicStats = Type.Object({
  from: At,
  to: At,
  units: Type.Array(
    Type.Object({
      unitCode: Str,
      unitName: Str,
      received: Num,
      medianFirstResponseHours: NumOrNull,
      medianResolveHours: NumOrNull,
      slaCompliance: NumOrNull,
      ratingAvg: NumOrNull,
      ratingCount: Num,
    }),
  ),
  categories: Type.Array(Type.Object({ key: Str, name: L, count: Num })),
  monthly: Type.Array(Type.Object({ month: Str, received: Num, resolved: Num })),
});

export const Categories = Type.Object({
  items: Type.Array(
    Type.Object(
      {
        key: Str,
        name: L,
        summary: L,
        classification: Str,
        anonymousAllowed: Type.Boolean(),
        duplicateRadiusMeters: Num,
        limits: Type.Object({ verifyDays: Num, followUpDays: Num, autoCloseDays: Num, reopenDays: Num }),
        fields: Form.properties.fields,
      },
      { title: "LaporCategory" },
    ),
  ),
});
