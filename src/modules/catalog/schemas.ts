/**
 * Response schemas of the catalog (service summaries, a published service's spec); cases reuse `L` and `FormField`.
 * Objects are open (`additionalProperties: true`): a spec carries more than the web reads, and nothing is dropped.
 */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";
import { FIELD_TYPES, type FieldType } from "./spec-constants.ts";

/** Text in Bahasa Indonesia and English. */
export const L = Type.Object({ id: Type.String(), en: Type.String() }, { title: "L" });
const LOrText = Type.Union([L, Type.String()]);
export const FieldTypeName = Type.Unsafe<FieldType>({ type: "string", enum: [...FIELD_TYPES], title: "FieldType" });
const Channel = Type.Unsafe<"online" | "offline" | "hybrid" | "command">({ type: "string", enum: ["online", "offline", "hybrid", "command"] });

export const FormField = Open(
  {
    name: Type.String(),
    type: FieldTypeName,
    label: L,
    help: Type.Optional(LOrText),
    required: Type.Optional(Type.Boolean()),
    minLength: Type.Optional(Type.Number()),
    maxLength: Type.Optional(Type.Number()),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: LOrText }, { title: "Option" }))),
    accept: Type.Optional(Type.Array(Type.String())),
    maxSizeMb: Type.Optional(Type.Number()),
    multiple: Type.Optional(Type.Boolean()),
  },
  { title: "FormField" },
);
export const Form = Open({ fields: Type.Array(FormField) });

const Common = {
  key: Type.String(),
  kind: Type.String(),
  name: L,
  summary: L,
  category: Type.String(),
  channel: Channel,
  servedBy: Type.String(),
};

export const ServiceSummary = Open(
  { ...Common, unit: Type.Object({ code: Type.String(), name: Type.String() }), fee: Type.Number(), slaDays: Type.Number() },
  { title: "ServiceSummary" },
);

/** A popular service: its summary and how many cases were filed for it in the city over the last 90 days. */
export const PopularService = Type.Object(
  {
    ...Common,
    unit: Type.Object({ code: Type.String(), name: Type.String() }),
    fee: Type.Number(),
    slaDays: Type.Number(),
    filed: Type.Integer({ minimum: 1, description: "cases filed over the last 90 days" }),
  },
  { title: "PopularService" },
);

export const ServiceSpec = Open(
  {
    ...Common,
    version: Type.Number(),
    unit: Type.Object({ code: Type.String(), name: Type.String() }),
    slaDays: Type.Number(),
    prefix: Type.String(),
    lifeEvents: Type.Optional(Type.Array(Type.String())),
    counter: Type.Optional(L),
    fee: Open({ amount: Type.Number(), basis: Type.Optional(LOrText), variable: Type.Optional(Type.Boolean()) }),
    legalBasis: Type.Array(Type.String()),
    requirements: Type.Array(Open({ id: Type.String(), en: Type.String(), field: Type.Optional(Type.String()), optional: Type.Optional(Type.Boolean()) })),
    steps: Type.Array(L),
    form: Form,
    externalUrl: Type.Optional(Type.String()),
    output: Type.Optional(Open({ document: Type.Optional(L) })),
    stepDays: Type.Optional(Type.Record(Type.String(), Type.Number())),
    status: Type.Optional(Type.Union([Type.Literal("published"), Type.Literal("retired")])),
    retired: Type.Optional(Type.Object({ since: Type.String(), reason: L, replacedBy: Type.Optional(Type.String()) })),
    nationalSystem: Type.Optional(
      Type.Object({ system: Type.String(), role: Type.Union([Type.Literal("guide"), Type.Literal("intake"), Type.Literal("mirror")]), url: Type.String() }),
    ),
  },
  { title: "ServiceSpec" },
);

const Taxon = Open({ key: Type.String(), name: L, icon: Nullable(Type.String()), services: Type.Number() }, { title: "Taxon" });
export const Taxa = Open(
  {
    categories: Type.Array(Taxon),
    lifeEvents: Type.Array(Taxon),
    units: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), services: Type.Integer() })),
  },
  { title: "Taxa" },
);
export const Overview = Open(
  {
    units: Type.Array(
      Type.Object({
        unit_code: Type.String(),
        unit_name: Type.String(),
        services: Type.Integer(),
        online: Type.Integer(),
        cases: Type.Integer(),
        open_cases: Type.Integer(),
        closed: Type.Integer(),
        closed_on_time: Type.Integer(),
        overdue_open: Type.Integer(),
        slaCompliance: Nullable(Type.Number()),
      }),
    ),
    topServices: Type.Array(Type.Object({ key: Type.String(), name_id: Type.String(), cases: Type.Integer() })),
    totals: Open({ services: Type.Number(), online: Type.Number(), opds: Type.Number(), cases: Type.Number() }),
  },
  { title: "CatalogOverview" },
);
export const EditableService = Open(
  {
    key: Type.String(),
    name_id: Type.String(),
    prefix: Type.String(),
    kind: Type.String(),
    current_version: Nullable(Type.Number()),
    unit_code: Type.String(),
    latest: Nullable(Type.Number()),
    latest_status: Nullable(Type.String()),
  },
  { title: "EditableService" },
);
export const Editor = Open(
  {
    spec: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: "the latest version's service specification as stored (catalog YAML, resolved)" }),
    ),
    version: Type.Optional(Type.Number()),
    status: Type.Optional(Type.String()),
    versions: Type.Array(Type.Object({ version: Type.Integer(), status: Type.String(), published_at: Nullable(Timestamp()), created_at: Timestamp() })),
  },
  { title: "ServiceEditor" },
);
const WorkflowState = Open(
  {
    key: Type.String(),
    label: Type.Optional(L),
    slaDays: Type.Optional(Type.Number()),
    terminal: Type.Optional(Type.Boolean()),
    outcome: Type.Optional(Type.String()),
    citizenEditable: Type.Optional(Type.Boolean()),
    payment: Type.Optional(Type.Boolean()),
    awaitsCitizen: Type.Optional(Type.Boolean()),
  },
  { title: "WorkflowState" },
);
const WorkflowAction = Open(
  { key: Type.String(), label: Type.Optional(L), from: Type.Array(Type.String()), to: Type.String(), roles: Type.Array(Type.String()) },
  { title: "WorkflowAction" },
);
export const WorkflowChoice = Type.Object(
  {
    key: Type.String({ description: "the template's name in workflows.yaml" }),
    workflow: Open({ description: Type.Optional(L), start: Type.String(), states: Type.Array(WorkflowState), actions: Type.Array(WorkflowAction) }),
  },
  { title: "WorkflowChoice", description: "A workflow the tenant's published services of the kind run" },
);
export const Draft = Type.Object({ version: Type.Integer() }, { title: "ServiceDraft", description: "The saved draft version (saveDraft)" });
export const Imported = Type.Object(
  {
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    taxa: Type.Integer(),
    skipped: Type.Array(Type.Object({ key: Type.String(), unit: Type.String() }), { description: "services whose owning unit this tenant does not have" }),
  },
  { title: "CatalogImport", description: "What the import created or updated" },
);
