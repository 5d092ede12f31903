/** TypeBox schemas of the e-Office routes (request bodies and the response shapes the web app reads). */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { CONFIDENTIALITY, KINDS, URGENCY } from "./common.ts";

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));
export const Confidentiality = lit(CONFIDENTIALITY);
export const Urgency = lit(URGENCY);
export const Kind = lit(KINDS);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const IncomingBody = Type.Object(
  {
    unitId: Type.Optional(Type.String({ format: "uuid" })),
    kind: Type.Optional(Kind),
    number: Text(120),
    subject: Text(500),
    sender: Text(300),
    letterDate: DateOnly(),
    receivedOn: Type.Optional(DateOnly()),
    classificationCode: Text(20),
    confidentiality: Confidentiality,
    urgency: Urgency,
  },
  { additionalProperties: false },
);

export const DispositionBody = Type.Object(
  { to: Type.String({ format: "uuid" }), instruction: Text(1000), dueOn: Type.Optional(DateOnly()) },
  { additionalProperties: false },
);

export const DraftBody = Type.Object(
  {
    unitId: Type.Optional(Type.String({ format: "uuid" })),
    template: Text(40),
    subject: Text(500),
    content: Text(20000),
    recipient: Text(300),
    toUnitId: Type.Optional(Type.String({ format: "uuid" })),
    copies: Type.Optional(Type.Array(Text(300), { maxItems: 20 })),
    copyUnitIds: Type.Optional(Type.Array(Type.String({ format: "uuid" }), { maxItems: 20 })),
    classificationCode: Text(20),
    confidentiality: Confidentiality,
    urgency: Urgency,
    verifierId: Type.String({ format: "uuid" }),
    signerId: Type.String({ format: "uuid" }),
  },
  { additionalProperties: false },
);

const Person = Type.Object({ id: Type.String(), name: Type.String() });
const Delegation = Nullable(Open({ kind: Type.String(), principalName: Type.String() }));

export const Disposition = Open(
  {
    id: Type.String(),
    letterId: Type.String(),
    parentId: Nullable(Type.String()),
    from: Person,
    to: Person,
    instruction: Type.String(),
    dueOn: Nullable(Type.String()),
    status: Type.String(),
    delegation: Delegation,
    readAt: Nullable(Timestamp()),
    doneAt: Nullable(Timestamp()),
    note: Nullable(Type.String()),
    createdAt: Timestamp(),
  },
  { title: "EofficeDisposition" },
);

export const InboxItem = Type.Intersect(
  [
    Disposition,
    Type.Object({
      letter: Open({
        subject: Type.String(),
        sender: Type.String(),
        confidentiality: Type.String(),
        urgency: Type.String(),
        number: Nullable(Type.String()),
        agendaNumber: Nullable(Type.Number()),
      }),
    }),
  ],
  { title: "EofficeInboxItem" },
);

export const Retention = Type.Object({
  activeYears: Type.Number(),
  inactiveYears: Type.Number(),
  activeUntil: Type.String(),
  inactiveUntil: Type.String(),
  finalFate: Type.String(),
  phase: Type.String(),
});

const LetterFields = {
  id: Type.String(),
  direction: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  unit: Person,
  agendaNumber: Nullable(Type.Number()),
  number: Nullable(Type.String()),
  subject: Type.String(),
  sender: Type.String(),
  recipient: Type.String(),
  letterDate: Type.String(),
  receivedOn: Nullable(Type.String()),
  classification: Type.Object({ code: Type.String(), name: Type.String() }),
  confidentiality: Type.String(),
  urgency: Type.String(),
  body: Nullable(Type.String()),
  copies: Type.Array(Type.String()),
  isCopy: Type.Boolean(),
  file: Nullable(Open({ name: Nullable(Type.String()), type: Nullable(Type.String()), size: Nullable(Type.Number()) })),
  signed: Nullable(
    Open({ at: Timestamp(), name: Nullable(Type.String()), title: Nullable(Type.String()), verifyCode: Nullable(Type.String()), delegation: Delegation }),
  ),
  retention: Retention,
  reviewNote: Nullable(Type.String()),
  createdAt: Timestamp(),
};

export const LetterSummary = Open(LetterFields, { title: "EofficeLetterSummary" });

export const Letter = Open(
  {
    ...LetterFields,
    dispositions: Type.Array(Disposition),
    can: Open({
      dispose: Type.Boolean(),
      disposeAs: Delegation,
      attachScan: Type.Boolean(),
      submit: Type.Boolean(),
      review: Type.Boolean(),
      sign: Type.Boolean(),
      signAs: Delegation,
      send: Type.Boolean(),
    }),
  },
  { title: "EofficeLetter" },
);

export const Classification = Type.Object(
  { code: Type.String(), name: Type.String(), activeYears: Type.Number(), inactiveYears: Type.Number(), finalFate: Type.String() },
  { title: "EofficeClassification" },
);

export const Directory = Type.Object(
  {
    staff: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), roles: Type.Array(Type.String()) })),
    units: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), code: Type.String(), kind: Type.String() })),
  },
  { title: "EofficeDirectory" },
);
