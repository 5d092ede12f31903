/** APBD response shapes: years, the year's overview and lines, absorption, versions, open data, locks and revisions. */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";

const Rupiah = Type.Number({ description: "rupiah" });
const Status = Type.Unsafe<"approved" | "drafting">({ type: "string", enum: ["approved", "drafting"] });
const RevisionKind = Type.Unsafe<"penetapan" | "pergeseran" | "perubahan">({ type: "string", enum: ["penetapan", "pergeseran", "perubahan"] });

export const BudgetYear = Open(
  { year: Type.Integer(), status: Status, approvedAt: Nullable(Timestamp()), perdaNumber: Nullable(Type.String()) },
  { title: "BudgetYear" },
);

export const BudgetRoots = Open(
  {
    algorithm: Type.String(),
    certificate: Type.String({ description: "PEM of the city's certificate the roots are signed with" }),
    roots: Type.Array(Open({ day: Type.String(), seq: Type.Integer(), rootHash: Type.String(), signature: Type.String(), certFingerprint: Type.String() })),
  },
  { title: "BudgetRoots" },
);

const pctField = Type.Number({ description: "realised ÷ budget, percent" });
export const BudgetAbsorption = Open(
  {
    year: Type.Integer(),
    budget: Rupiah,
    realised: Rupiah,
    pct: pctField,
    units: Type.Array(
      Open({
        unitCode: Type.String(),
        unitName: Type.String(),
        budget: Rupiah,
        realised: Rupiah,
        pct: pctField,
        programs: Type.Array(Open({ program: Type.String(), programName: Nullable(Type.String()), budget: Rupiah, realised: Rupiah, pct: pctField })),
      }),
    ),
  },
  { title: "BudgetAbsorption" },
);

/** A recorded revision (0 is the penetapan) as the overview and the version comparison show it. */
const revisionFields = {
  number: Type.Integer(),
  kind: RevisionKind,
  reason: Type.String(),
  approver: Type.String(),
  decreeNumber: Type.String(),
  decreeSha256: Type.String(),
  recordedAt: Timestamp(),
};

const overviewFields = {
  year: Type.Integer(),
  status: Status,
  approvedAt: Nullable(Timestamp()),
  perdaNumber: Nullable(Type.String()),
  perdaSha256: Nullable(Type.String()),
  priceStandardsLocked: Type.Boolean(),
  draftingOpen: Type.Array(Type.String(), { description: "OPD codes whose drafting is open" }),
  lockedSubActivities: Type.Array(Type.String()),
  revisions: Type.Array(Open({ ...revisionFields, recordedBy: Nullable(Type.String()), lines: Type.Integer(), netChange: Rupiah })),
};
export const BudgetOverview = Open(overviewFields, { title: "BudgetOverview" });
export const BudgetPublicYear = Open({ ...overviewFields, absorption: BudgetAbsorption }, { title: "BudgetPublicYear" });

const Version = Open({ ...revisionFields, total: Rupiah });
export const BudgetVersions = Open(
  {
    year: Type.Integer(),
    a: Version,
    b: Version,
    rows: Type.Array(
      Open({
        lineKey: Type.String(),
        unit: Type.Optional(Type.String({ description: "the line's attributes as recorded with its revision" })),
        subActivity: Type.Optional(Type.String()),
        account: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        volume: Type.Optional(Type.Number()),
        measure: Type.Optional(Type.String()),
        unitPrice: Type.Optional(Rupiah),
        a: Nullable(Rupiah),
        b: Nullable(Rupiah),
        delta: Rupiah,
      }),
    ),
  },
  { title: "BudgetVersions" },
);

const Source = Open({ source: Type.String() });
export const BudgetDataPackage = Open(
  {
    profile: Type.String(),
    name: Type.String(),
    title: Type.String(),
    description: Type.String(),
    countryCode: Type.String(),
    licenses: Type.Array(Open({ name: Type.String(), path: Type.String(), title: Type.String() })),
    fiscalPeriod: Open({ start: Type.String(), end: Type.String() }),
    resources: Type.Array(
      Open({
        name: Type.String(),
        path: Type.String(),
        format: Type.String(),
        mediatype: Type.String(),
        encoding: Type.String(),
        schema: Open({
          fields: Type.Array(Open({ name: Type.String(), title: Type.String(), type: Type.String() })),
          primaryKey: Type.Array(Type.String()),
        }),
      }),
    ),
    model: Open({
      measures: Type.Record(Type.String(), Open({ source: Type.String(), currency: Type.String(), title: Type.String() })),
      dimensions: Type.Record(
        Type.String(),
        Open({
          dimensionType: Type.String(),
          classificationType: Type.Optional(Type.String()),
          primaryKey: Type.Array(Type.String()),
          attributes: Type.Record(Type.String(), Source),
        }),
      ),
    }),
  },
  { title: "BudgetDataPackage", description: "Fiscal Data Package (Open Spending) descriptor of the open-data CSV" },
);

export const BudgetLine = Open(
  {
    lineKey: Type.String(),
    unitCode: Type.String(),
    program: Type.String(),
    programName: Nullable(Type.String()),
    kegiatan: Type.String(),
    kegiatanName: Nullable(Type.String()),
    subActivityCode: Type.String(),
    subActivityName: Nullable(Type.String()),
    accountCode: Type.String(),
    accountName: Nullable(Type.String()),
    description: Type.String(),
    volume: Type.Number(),
    measure: Type.String(),
    unitPrice: Rupiah,
    amount: Rupiah,
    standardCode: Nullable(Type.String()),
  },
  { title: "BudgetLine" },
);

const chained = { chainSeq: Type.Integer({ description: "the entry's position in the budget hash chain" }) };
export const BudgetLinesImport = Open(
  { year: Type.Integer(), units: Type.Array(Type.String()), rows: Type.Integer(), total: Rupiah, ...chained, stateHash: Type.String() },
  { title: "BudgetLinesImport" },
);
export const BudgetRealisationImport = Open({ year: Type.Integer(), rows: Type.Integer(), total: Rupiah }, { title: "BudgetRealisationImport" });

export const BudgetDrafting = Open({ year: Type.Integer(), unit: Type.String(), open: Type.Boolean() });
export const BudgetSubActivityLock = Open({ year: Type.Integer(), subActivity: Type.String(), locked: Type.Boolean() });
export const BudgetStandardsLock = Open({ year: Type.Integer(), priceStandardsLocked: Type.Boolean() });

const StandardKind = Type.Unsafe<"SSH" | "HSPK" | "ASB">({ type: "string", enum: ["SSH", "HSPK", "ASB"] });
export const BudgetPriceStandard = Open(
  {
    kind: Type.String({ description: "SSH | HSPK | ASB" }),
    code: Type.String(),
    name: Type.String(),
    unit: Type.String(),
    price: Type.Union([Type.String(), Type.Number()], { description: "rupiah (numeric, as the store writes it)" }),
    account_code: Nullable(Type.String()),
  },
  { title: "BudgetPriceStandard" },
);
export const BudgetStandardSaved = Open(
  {
    kind: StandardKind,
    code: Type.String(),
    name: Type.String(),
    unit: Type.String(),
    price: Rupiah,
    accountCode: Type.Optional(Nullable(Type.String())),
    year: Type.Integer(),
  },
  { title: "BudgetStandardSaved" },
);

export const BudgetApproved = Open(
  { year: Type.Integer(), status: Type.String(), lines: Type.Integer(), total: Rupiah, ...chained },
  { title: "BudgetApproved" },
);
export const BudgetRevision = Open(
  {
    year: Type.Integer(),
    number: Type.Integer(),
    kind: Type.Unsafe<"pergeseran" | "perubahan">({ type: "string", enum: ["pergeseran", "perubahan"] }),
    lines: Type.Integer(),
    netChange: Rupiah,
    decreeSha256: Type.String(),
    ...chained,
  },
  { title: "BudgetRevision" },
);

export const BudgetVerifyReport = Open(
  {
    tenantId: Type.String(),
    ok: Type.Boolean(),
    chainEntries: Type.Integer(),
    roots: Type.Integer(),
    problems: Type.Array(Type.String()),
    years: Type.Array(
      Open({
        year: Type.Integer(),
        status: Type.String(),
        lines: Type.Integer(),
        revisions: Type.Integer(),
        ok: Type.Boolean(),
        firstDifference: Type.Optional(
          Open({
            lineKey: Type.String(),
            expected: Nullable(Type.String()),
            found: Nullable(Type.String()),
            line: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: "the line's attributes as recorded" })),
          }),
        ),
        problems: Type.Array(Type.String()),
      }),
    ),
  },
  { title: "BudgetVerifyReport" },
);
