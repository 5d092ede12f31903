/** TypeBox schemas of closing the loop (./fix-loop.ts, ./ranking.ts). */
import { Type } from "typebox";
import * as R from "../../platform/responses.ts";

const Str = Type.String();
const Num = Type.Number();
const NumOrNull = R.Nullable(Type.Number());
const AtOrNull = R.Nullable(R.Timestamp());
const Photo = Type.Object({ id: Str, thumbnailUrl: Str, url: Str });

export const FixView = Type.Object(
  {
    afterPhotoRule: Type.Union([Type.Literal("required"), Type.Literal("optional"), Type.Literal("none")]),
    status: R.Nullable(Type.Union([Type.Literal("awaiting"), Type.Literal("confirmed"), Type.Literal("rejected"), Type.Literal("unconfirmed")])),
    doneAt: AtOrNull,
    confirmUntil: AtOrNull,
    answeredAt: AtOrNull,
    rejections: Num,
    rejectReason: R.Nullable(Str),
    afterPhoto: R.Nullable(Photo),
    pendingAfterPhoto: R.Nullable(Photo),
    canConfirm: Type.Boolean(),
    recurrenceOf: R.Nullable(Str),
    recurrences: Type.Array(Type.Object({ number: Str, createdAt: R.Timestamp() })),
  },
  { title: "LaporFix" },
);

export const RejectFixBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }), photoId: Type.Optional(Type.String({ format: "uuid" })) },
  { additionalProperties: false },
);
export const FixResult = Type.Object({ id: Str, state: Str, fixStatus: Str });
export const AfterPhoto = Photo;

export const Ranking = Type.Object(
  {
    from: R.Timestamp(),
    to: R.Timestamp(),
    units: Type.Array(
      Type.Object({
        unitCode: Str,
        unitName: Str,
        closed: Num,
        closedOnTime: Num,
        slaKept: NumOrNull,
        slaRank: NumOrNull,
        fixes: Num,
        confirmed: Num,
        unconfirmed: Num,
        awaiting: Num,
        rejections: Num,
        recurrences: Num,
        confirmedRate: NumOrNull,
        confirmedRank: NumOrNull,
      }),
    ),
  },
  { title: "LaporRanking" },
);
