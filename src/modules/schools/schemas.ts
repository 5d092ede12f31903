/** TypeBox schemas of the schools routes (requests, and the responses the web app reads). */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";

const L = Type.Object({ id: Type.String(), en: Type.String() });
export const Period = Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$", maxLength: 7 });
export const KindKey = Type.String({ pattern: "^[a-z0-9-]{1,40}$", maxLength: 40 });
export const UnitParams = Type.Object({ unitId: Type.String({ format: "uuid" }) });
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const FormParams = Type.Object({ unitId: Type.String({ format: "uuid" }), kind: KindKey, period: Period });

export const SubmitBody = Type.Object(
  {
    kind: KindKey,
    period: Period,
    data: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const ReviewBody = Type.Object(
  {
    action: Type.Union([Type.Literal("return"), Type.Literal("accept")]),
    version: Type.Integer({ minimum: 1 }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const DapodikBody = Type.Object(
  { npsn: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

const ReportState = Type.Union([Type.Literal("submitted"), Type.Literal("returned"), Type.Literal("accepted")]);

export const Report = Open(
  {
    id: Type.String(),
    kind: Type.String(),
    period: Type.String(),
    state: ReportState,
    data: Type.Record(Type.String(), Type.Unknown()),
    dueOn: Type.String(),
    late: Type.Boolean(),
    version: Type.Integer(),
    submittedAt: Timestamp(),
    reviewedAt: Nullable(Timestamp()),
    reviewComment: Nullable(Type.String()),
  },
  { title: "SchoolReport" },
);

const Field = Open(
  {
    name: Type.String(),
    type: Type.String(),
    label: L,
    required: Type.Optional(Type.Boolean()),
    max: Type.Optional(Type.Number()),
    maxLength: Type.Optional(Type.Number()),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: L }))),
    columns: Type.Optional(Type.Array(Type.Object({ name: Type.String(), label: L }))),
  },
  { title: "SchoolReportField" },
);

export const ReportForm = Type.Object(
  {
    school: Type.Object({ unitId: Type.String(), npsn: Type.String(), name: Type.String(), level: Type.String() }),
    kind: Type.Object({ key: Type.String(), name: L, form: Type.Object({ fields: Type.Array(Field) }) }),
    period: Type.String(),
    dueOn: Type.String(),
    classes: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), grade: Nullable(Type.Number()), pupils: Type.Number() })),
    report: Nullable(Report),
  },
  { title: "SchoolReportForm" },
);

export const MySchools = Type.Object(
  {
    schools: Type.Array(
      Type.Object({
        unitId: Type.String(),
        npsn: Type.String(),
        name: Type.String(),
        level: Type.String(),
        due: Type.Array(
          Type.Object({
            kind: Type.String(),
            name: L,
            period: Type.String(),
            dueOn: Type.String(),
            overdue: Type.Boolean(),
            report: Nullable(
              Type.Object({ id: Type.String(), state: ReportState, late: Type.Boolean(), version: Type.Integer(), reviewComment: Nullable(Type.String()) }),
            ),
          }),
        ),
        recent: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), period: Type.String(), state: ReportState, late: Type.Boolean() })),
      }),
    ),
  },
  { title: "MySchools" },
);

export const PhotoUploaded = Type.Object({ id: Type.String(), url: Type.String() }, { title: "SchoolPhoto" });

const WorkOrders = Type.Array(Open({ item: Type.Integer(), caseId: Type.String(), number: Type.String() }), {
  description: "PUPR work orders filed for severe damage",
});
const reportExtra = { overdue: Type.Optional(Type.Boolean()) };

export const ReportWithOrders = Open({ ...Report.properties, ...reportExtra, workOrders: WorkOrders }, { title: "SchoolReportReviewed" });

export const ReportDetail = Open(
  {
    ...Report.properties,
    ...reportExtra,
    school: Open({ unitId: Type.String(), npsn: Type.String(), name: Type.String() }),
    workOrders: WorkOrders,
  },
  { title: "SchoolReportDetail" },
);

export const ReviewItem = Open(
  {
    ...Report.properties,
    ...reportExtra,
    school: Open({ unitId: Type.String(), npsn: Type.String(), name: Type.String(), kecamatanCode: Nullable(Type.String()) }),
  },
  { title: "SchoolReviewItem" },
);

const Level = Type.Unsafe<"SD" | "SMP">({ type: "string", enum: ["SD", "SMP"] });

export const SchoolListItem = Open(
  {
    unitId: Type.String(),
    npsn: Type.String(),
    name: Type.String(),
    level: Level,
    kecamatan: Open({ code: Nullable(Type.String()), name: Nullable(Type.String()) }),
    pupils: Type.Integer(),
    teachers: Type.Integer(),
    principalName: Nullable(Type.String()),
    source: Type.String(),
  },
  { title: "SchoolListItem" },
);

export const SchoolDetail = Open(
  {
    unitId: Type.String(),
    npsn: Type.String(),
    name: Type.String(),
    level: Level,
    status: Type.String(),
    kecamatanCode: Nullable(Type.String()),
    address: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    lon: Nullable(Type.Number()),
    principalName: Nullable(Type.String()),
    pupils: Type.Integer(),
    teachers: Type.Integer(),
    source: Type.String(),
    importedAt: Timestamp(),
    classes: Type.Array(Open({ id: Type.String(), name: Type.String(), grade: Nullable(Type.Number()), pupils: Type.Integer() })),
    reports: Type.Array(
      Open({
        id: Type.String(),
        kind: Type.String(),
        period: Type.String(),
        state: ReportState,
        late: Type.Boolean(),
        dueOn: Type.String(),
        submittedAt: Timestamp(),
      }),
    ),
  },
  { title: "SchoolDetail" },
);

const Problem = Open({
  sheet: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  npsn: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
  reason: Type.String(),
});

export const DapodikImport = Open(
  {
    imported: Type.Array(
      Open({ npsn: Type.String(), name: Type.String(), unitId: Type.String(), classes: Type.Integer(), pupils: Type.Integer(), teachers: Type.Integer() }),
    ),
    problems: Type.Array(Problem),
  },
  { title: "SchoolDapodikImport" },
);

export const ExcelImport = Open({ schools: Type.Integer(), staff: Type.Integer() }, { title: "SchoolExcelImport" });

const KindCount = Open({ submitted: Type.Integer(), accepted: Type.Integer(), returned: Type.Integer(), late: Type.Integer(), missing: Type.Integer() });

export const PeriodOverview = Open(
  {
    period: Type.String(),
    kinds: Type.Array(Open({ key: Type.String(), name: L, dueOn: Type.String(), overdue: Type.Boolean() })),
    kecamatan: Type.Array(
      Open({
        code: Nullable(Type.String()),
        name: Nullable(Type.String()),
        schools: Type.Integer(),
        kinds: Type.Record(Type.String(), KindCount, { description: "per report kind key" }),
        missing: Type.Record(Type.String(), Type.Array(Open({ npsn: Type.String(), name: Type.String() })), {
          description: "per report kind key: the schools that have not sent it",
        }),
      }),
    ),
  },
  { title: "SchoolPeriodOverview" },
);

export const AttendanceTrend = Open(
  {
    periods: Type.Array(Type.String()),
    series: Type.Array(Open({ code: Nullable(Type.String()), rate: Type.Array(Nullable(Type.Number({ description: "percent" }))) })),
  },
  { title: "SchoolAttendanceTrend" },
);
