/** e-Puskesmas response shapes: the puskesmas page, the phone ticket, the TV display, the counter and Dinkes's views. */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";
import type { BookingRow, BookingState } from "./store.ts";

const Day = Type.String({ format: "date" });
const Hours = Type.Record(Type.String(), Type.String(), { description: "ISO weekday (1 = Monday) → opening hours, e.g. 07:30-14:00" });
const State = Type.Unsafe<BookingState>({ type: "string", enum: ["booked", "hadir", "called", "served", "tidak_hadir", "batal"], title: "HealthBookingState" });

const facilityFields = {
  id: Type.String(),
  unitCode: Type.String(),
  kodeFaskes: Nullable(Type.String()),
  name: Type.String(),
  address: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  hours: Hours,
};

/** A queue number's own fields (`bookingView`): what its holder and the counter both see, NIK and card number masked. */
const bookingFields = {
  id: Type.String(),
  code: Type.String(),
  number: Type.Integer(),
  date: Day,
  state: State,
  source: Type.Unsafe<BookingRow["source"]>({ type: "string", enum: ["balai", "mobilejkn", "walkin"] }),
  kodedokter: Type.Integer(),
  nik: Type.String({ description: "masked" }),
  nomorkartu: Nullable(Type.String()),
  patientName: Nullable(Type.String()),
  keluhan: Nullable(Type.String()),
  alasan: Nullable(Type.String()),
  callCount: Type.Integer(),
  bookedAt: Timestamp(),
  checkedInAt: Nullable(Timestamp()),
  calledAt: Nullable(Timestamp()),
  servedAt: Nullable(Timestamp()),
};

/** A puskesmas in the public list: `distanceMeters` when the request gave lat/lon. */
export const HealthFacility = Open({ ...facilityFields, distanceMeters: Type.Optional(Type.Integer()) }, { title: "HealthFacility" });

/** A queue number as its holder sees it (`bookingView`): `ahead`, names and `estimate` when just issued, `token` for its holder. */
export const HealthBooking = Open(
  {
    ...bookingFields,
    ahead: Type.Optional(Type.Integer()),
    poliName: Type.Optional(Type.String()),
    facilityName: Type.Optional(Type.String()),
    estimate: Type.Optional(Timestamp({ description: "when the turn is expected" })),
    token: Type.Optional(Type.String({ description: "the ticket link's secret, for the number's holder" })),
  },
  { title: "HealthBooking" },
);

export const HealthPoli = Open({ id: Type.String(), kodepoli: Type.String(), name: Type.String(), prefix: Type.String() }, { title: "HealthPoli" });

const Schedule = Open({
  id: Type.String(),
  poliId: Type.String(),
  kodedokter: Type.Integer(),
  namadokter: Type.String(),
  weekday: Type.Integer(),
  jampraktek: Type.String(),
  kapasitas: Type.Integer(),
});

export const HealthFacilityDetail = Open(
  {
    ...facilityFields,
    today: Day,
    days: Type.Array(Open({ date: Day, open: Type.Boolean(), hours: Nullable(Type.String()) })),
    polis: Type.Array(
      Open({
        ...HealthPoli.properties,
        schedules: Type.Array(Schedule),
        sessions: Type.Array(
          Open({
            date: Day,
            scheduleId: Type.String(),
            kodedokter: Type.Integer(),
            namadokter: Type.String(),
            jampraktek: Type.String(),
            kapasitas: Type.Integer(),
            left: Type.Integer({ description: "places left" }),
          }),
        ),
      }),
    ),
  },
  { title: "HealthFacilityDetail" },
);

export const HealthTicket = Open(
  {
    code: Type.String(),
    number: Type.Integer(),
    date: Day,
    state: State,
    facilityId: Type.String(),
    facilityName: Type.String(),
    poliId: Type.String(),
    poliName: Type.String(),
    namadokter: Type.String(),
    jampraktek: Type.String(),
    ahead: Type.Integer({ description: "numbers still before this one" }),
    nearTurn: Type.Boolean(),
    nowServing: Nullable(Type.String()),
    estimate: Nullable(Timestamp({ description: "when the turn is expected" })),
  },
  { title: "HealthTicket" },
);

export const HealthDisplay = Open(
  {
    poliId: Type.String(),
    poliName: Type.String(),
    facilityName: Type.String(),
    date: Day,
    nowServing: Nullable(Open({ code: Type.String(), callCount: Type.Integer(), calledAt: Nullable(Timestamp()) })),
    lastCalled: Type.Array(Open({ code: Type.String(), state: State })),
    waiting: Type.Integer(),
    checkedIn: Type.Integer(),
  },
  { title: "HealthDisplay" },
);

/** A number as the counter sees it: NIK masked, card number masked. */
export const HealthCounterRow = Open(bookingFields, { title: "HealthCounterRow" });

export const HealthCounterFacilities = Type.Array(Open({ id: Type.String(), name: Type.String(), unitCode: Type.String() }), {
  title: "HealthCounterFacilities",
});

export const HealthCounter = Open(
  {
    facility: Open({ id: Type.String(), name: Type.String() }),
    date: Day,
    polis: Type.Array(HealthPoli),
    poliId: Nullable(Type.String()),
    doctors: Type.Array(Open({ kodedokter: Type.Integer(), namadokter: Type.String(), weekday: Type.Integer(), scheduleId: Type.String() })),
    bookings: Type.Array(HealthCounterRow),
    satusehat: Type.Boolean({ description: "SATUSEHAT is configured: visits can be sent" }),
  },
  { title: "HealthCounter" },
);

export const HealthAdminFacility = Open(
  { ...facilityFields, active: Type.Boolean(), wsUsername: Nullable(Type.String()), wsConfigured: Type.Boolean() },
  { title: "HealthAdminFacility" },
);

const DashRow = Open(
  {
    key: Type.String(),
    label: Type.String(),
    facility: Nullable(Type.String()),
    booked: Type.Integer(),
    served: Type.Integer(),
    noShow: Type.Integer(),
    cancelled: Type.Integer(),
    noShowRate: Nullable(Type.Number({ description: "percent" })),
    avgWaitMinutes: Nullable(Type.Number()),
  },
  { title: "HealthDashRow" },
);

export const HealthDashboard = Open(
  { from: Day, to: Day, facility: Type.Array(DashRow), poli: Type.Array(DashRow), doctor: Type.Array(DashRow), day: Type.Array(DashRow) },
  { title: "HealthDashboard" },
);
