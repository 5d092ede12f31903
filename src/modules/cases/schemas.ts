/** Response schemas of the case routes: the applicant's and staff's case view, my cases, tracking, the inbox. */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";
import { FormSchema as Form, LocalizedSchema as L } from "../catalog/index.ts";

const Sla = Type.String({ description: "on_time | due_soon | overdue | none" });

export const CaseFile = Open(
  {
    id: Type.String(),
    field: Nullable(Type.String()),
    filename: Type.String(),
    contentType: Type.String(),
    size: Type.Number(),
    uploadedBy: Type.Optional(Type.String({ description: "applicant | staff" })),
  },
  { title: "CaseFile" },
);

export const CaseEvent = Open(
  {
    at: Timestamp(),
    kind: Type.String(),
    action: Nullable(Type.String()),
    actionLabel: Type.Optional(Nullable(L)),
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    toLabel: Nullable(L),
    actorName: Nullable(Type.String()),
    actorRole: Nullable(Type.String()),
    comment: Nullable(Type.String()),
  },
  { title: "CaseEvent" },
);

export const CaseAction = Open(
  { key: Type.String(), label: L, to: Type.Optional(Type.String()), requireComment: Type.Optional(Type.Boolean()) },
  { title: "CaseAction" },
);

/** The case's result ready to download (the signed letter): the citizen sees the case as done. */
export const ReadyDocument = Open({ title: Type.String(), number: Nullable(Type.String()), downloadUrl: Type.String() }, { title: "ReadyDocument" });

export const CaseView = Open(
  {
    id: Type.String(),
    number: Nullable(Type.String()),
    trackingToken: Type.Optional(Nullable(Type.String())),
    service: Open({ key: Type.String(), version: Type.Number(), name: L, prefix: Type.String(), kind: Type.String() }),
    form: Form,
    state: Type.String(),
    stateLabel: L,
    isOpen: Type.Boolean(),
    outcome: Nullable(Type.String()),
    documentReady: Type.Boolean(),
    readyDocument: Nullable(ReadyDocument),
    version: Type.Number(),
    data: Type.Record(Type.String(), Type.Unknown()),
    unit: Nullable(Open({ code: Type.String(), name: Type.String() })),
    submittedAt: Nullable(Timestamp()),
    slaDueAt: Nullable(Timestamp()),
    editable: Type.Boolean(),
    myRoles: Type.Array(Type.String(), { description: "The roles the reader holds on this case: citizen for its applicant, staff roles in its unit" }),
    national: Type.Optional(
      Nullable(
        Type.Object(
          { system: Type.String(), url: Type.String(), reference: Nullable(Type.String()), recordedAt: Nullable(Timestamp()) },
          {
            title: "NationalReference",
            description: "The national system that decides this service (or SP4N-LAPOR! for a report) and the reference it gave the case",
          },
        ),
      ),
    ),
    actions: Type.Array(CaseAction),
    events: Type.Array(CaseEvent),
    files: Type.Array(CaseFile),
  },
  { title: "CaseView" },
);

export const MyCase = Open(
  {
    id: Type.String(),
    number: Nullable(Type.String()),
    service: Open({ key: Type.String(), name: L }),
    state: Type.String(),
    stateLabel: L,
    isOpen: Type.Boolean(),
    documentReady: Type.Boolean(),
    readyDocument: Nullable(ReadyDocument),
    editable: Type.Boolean(),
    submittedAt: Nullable(Timestamp()),
    updatedAt: Timestamp(),
    slaDueAt: Nullable(Timestamp()),
    sla: Sla,
    trackingToken: Nullable(Type.String()),
  },
  { title: "MyCase" },
);

/** One of the citizen's drafts (GET /api/cases/drafts): continue it at /permohonan/{id} or delete it. */
export const MyDraft = Open(
  { id: Type.String(), version: Type.Number(), service: Open({ key: Type.String(), name: L }), createdAt: Timestamp(), updatedAt: Timestamp() },
  { title: "MyDraft" },
);

export const Tracking = Open(
  {
    number: Nullable(Type.String()),
    service: L,
    state: Type.String(),
    stateLabel: L,
    isOpen: Type.Boolean(),
    outcome: Nullable(Type.String()),
    documentReady: Type.Boolean(),
    submittedAt: Nullable(Timestamp()),
    slaDueAt: Nullable(Timestamp()),
    closedAt: Nullable(Timestamp()),
    steps: Type.Array(Open({ at: Timestamp(), state: Nullable(Type.String()), label: L })),
  },
  { title: "Tracking" },
);

export const InboxItem = Open(
  {
    id: Type.String(),
    number: Nullable(Type.String()),
    service: Open({ key: Type.String(), name: Type.Unknown() }),
    state: Type.String(),
    stateLabel: L,
    applicantName: Nullable(Type.String()),
    kelurahan: Nullable(Open({ code: Type.String(), name: Nullable(Type.String()) })),
    unitName: Nullable(Type.String()),
    submittedAt: Nullable(Timestamp()),
    slaDueAt: Nullable(Timestamp()),
    sla: Sla,
    escalated: Type.Boolean(),
    isOpen: Type.Boolean(),
    version: Type.Number(),
  },
  { title: "InboxItem" },
);

export const Versioned = Open({ id: Type.String(), version: Type.Number() });
/** A started application: a new draft (201) or the citizen's open draft of the service, resumed (200). */
export const StartedDraft = Type.Object({ id: Type.String(), version: Type.Number(), resumed: Type.Boolean() }, { title: "StartedDraft" });
export const Submitted = Open({
  id: Type.String(),
  number: Type.String(),
  trackingToken: Nullable(Type.String()),
  version: Type.Number(),
  slaDueAt: Timestamp(),
});
export const Moved = Open({ id: Type.String(), state: Type.String(), version: Type.Number() });
export const StoredFile = Open({ id: Type.String(), filename: Type.String(), contentType: Type.String(), size: Type.Number() });
