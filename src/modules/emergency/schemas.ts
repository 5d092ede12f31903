/** Response shapes of the Call Center 112 routes (the OpenAPI contract and web/api-types.ts are written from them). */
import { Type } from "typebox";
import { Nullable } from "../../platform/responses.ts";

const Str = Type.String();
const Num = Type.Number();
const StrOrNull = Nullable(Type.String());
const NumOrNull = Nullable(Type.Number());
const L = Type.Object({ id: Str, en: Str });

export const Meta = Type.Object({
  types: Type.Array(Type.Object({ key: Str, label: L, priority: Type.Integer(), agencies: Type.Array(Str) })),
  responders: Type.Array(
    Type.Object(
      { id: Str, code: Str, name: Str, agency: Str, orgUnitId: StrOrNull, phone: StrOrNull, active: Type.Boolean(), busy: Type.Integer() },
      { title: "Responder" },
    ),
  ),
  callNumber: Str,
});

const dispatchFields = {
  id: Str,
  incidentId: Str,
  responderId: Str,
  responderName: Str,
  agency: Str,
  status: Str,
  note: StrOrNull,
  dispatchedAt: StrOrNull,
  enRouteAt: StrOrNull,
  onSceneAt: StrOrNull,
  finishedAt: StrOrNull,
  cancelledAt: StrOrNull,
};
export const Dispatch = Type.Object(dispatchFields, { title: "Dispatch" });

/** An incident as the viewer may see it (caller details only to the 112 desk). */
const incidentFields = {
  id: Str,
  number: Str,
  type: Str,
  priority: Type.Integer(),
  state: Str,
  source: Str,
  lat: Num,
  lon: Num,
  address: StrOrNull,
  kelurahan: StrOrNull,
  kelurahanName: StrOrNull,
  kecamatan: StrOrNull,
  kecamatanName: StrOrNull,
  callerName: StrOrNull,
  callerPhone: StrOrNull,
  notes: StrOrNull,
  callCount: Type.Integer(),
  receivedAt: StrOrNull,
  firstDispatchedAt: StrOrNull,
  firstArrivedAt: StrOrNull,
  closedAt: StrOrNull,
  outcome: StrOrNull,
  closingNote: StrOrNull,
};
export const Incident = Type.Object({ ...incidentFields, dispatches: Type.Array(Dispatch) }, { title: "Incident" });

export const IncidentList = Type.Object({ items: Type.Array(Incident) });
export const NearbyIncidents = Type.Object({ items: Type.Array(Type.Object({ ...incidentFields, dispatches: Type.Array(Dispatch), distanceMeters: Num })) });

export const IncidentDetail = Type.Object(
  {
    ...incidentFields,
    dispatches: Type.Array(Dispatch),
    calls: Type.Array(Type.Object({ id: Str, callerName: StrOrNull, callerPhone: StrOrNull, notes: StrOrNull, source: Str, receivedAt: StrOrNull })),
    timeline: Type.Array(Type.Object({ at: StrOrNull, kind: Str, action: StrOrNull, from: StrOrNull, to: StrOrNull, actor: StrOrNull, comment: StrOrNull })),
  },
  { title: "IncidentDetail" },
);

export const Call = Type.Object({ id: Str, incidentId: Str, callerName: StrOrNull, callerPhone: StrOrNull, notes: StrOrNull, receivedAt: StrOrNull });

/** A responder liaison's dispatches, each with its incident (without the other units' dispatches). */
export const LiaisonDispatches = Type.Object({ items: Type.Array(Type.Object({ ...dispatchFields, incident: Type.Object(incidentFields) })) });

export const ResponseTimes = Type.Object(
  {
    by: Str,
    from: Str,
    to: Str,
    rows: Type.Array(
      Type.Object({
        key: Str,
        label: Str,
        incidents: Num,
        closed: Num,
        falseAlarms: Num,
        dispatchMedian: NumOrNull,
        dispatchP90: NumOrNull,
        arrivalMedian: NumOrNull,
        arrivalP90: NumOrNull,
      }),
    ),
  },
  { description: "Response times as JSON, or CSV (text/csv) with format=csv" },
);

export const PublicReceipt = Type.Object({ number: Str, trackingToken: Str, state: Str, callNumber: Str });

export const PublicStatus = Type.Object({
  number: Str,
  type: Str,
  state: Str,
  receivedAt: StrOrNull,
  dispatchedAt: StrOrNull,
  arrivedAt: StrOrNull,
  closedAt: StrOrNull,
  outcome: StrOrNull,
  callNumber: Str,
});
