/** SPBE self-assessment response shapes: frameworks, assessments with their index, answers, evidence and prefill. */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";

const Levels = Open({ min: Type.Integer(), max: Type.Integer(), names: Type.Record(Type.String(), Type.String()) });
const Named = Open({ code: Type.String(), name: Type.String() });

export const SpbeFramework = Open(
  { key: Type.String(), version: Type.Integer(), name: Type.String(), legalBasis: Type.String(), indicators: Type.Integer(), levels: Levels },
  { title: "SpbeFramework" },
);

const indexFields = {
  index: Type.Number(),
  predicate: Type.String(),
  answered: Type.Integer(),
  indicators: Type.Integer(),
};

export const SpbeAssessmentSummary = Open(
  { id: Type.String(), framework: Type.String(), frameworkName: Type.String(), year: Type.Integer(), ...indexFields },
  { title: "SpbeAssessmentSummary" },
);

export const SpbeCreated = Open({ id: Type.String(), framework: Type.String(), version: Type.Integer(), year: Type.Integer() });

const IndexPart = Open(
  { code: Type.String(), name: Type.String(), index: Type.Number(), weight: Type.Number(), answered: Type.Integer(), indicators: Type.Integer() },
  { title: "SpbeIndexPart" },
);
const indexResult = { ...indexFields, domains: Type.Array(IndexPart), aspects: Type.Array(IndexPart) };

export const SpbeIndex = Open(
  {
    ...indexResult,
    id: Type.String(),
    framework: Type.String(),
    frameworkName: Type.String(),
    year: Type.Integer(),
    previous: Nullable(Open({ ...indexResult, year: Type.Integer() })),
  },
  { title: "SpbeIndex" },
);

const AnswerStatus = Type.Unsafe<"accepted" | "returned" | "submitted">({ type: "string", enum: ["accepted", "returned", "submitted"] });

export const SpbeAssessment = Open(
  {
    id: Type.String(),
    year: Type.Integer(),
    framework: Open({
      key: Type.String(),
      version: Type.Integer(),
      name: Type.String(),
      legalBasis: Type.String(),
      levels: Levels,
      domains: Type.Array(Named),
      aspects: Type.Array(Open({ code: Type.String(), name: Type.String(), domain: Nullable(Type.String()) })),
    }),
    indicators: Type.Array(
      Open({
        code: Type.String(),
        name: Type.String(),
        weight: Type.Number(),
        kind: Type.Unsafe<"survey" | "measured">({ type: "string", enum: ["survey", "measured"] }),
        prefill: Nullable(Type.String()),
        aspect: Type.String(),
        domain: Nullable(Type.String()),
        unitCode: Nullable(Type.String()),
        answer: Nullable(
          Open({
            level: Type.Integer(),
            explanation: Type.String(),
            status: AnswerStatus,
            reviewedLevel: Nullable(Type.Integer()),
            reviewNote: Nullable(Type.String()),
            answeredAt: Timestamp(),
            answeredBy: Nullable(Type.String()),
          }),
        ),
        evidence: Type.Array(Open({ id: Type.String(), filename: Type.String(), contentType: Type.String(), sha256: Type.String(), size: Type.Integer() })),
      }),
    ),
  },
  { title: "SpbeAssessment" },
);

export const SpbeAnswer = Open({ indicator: Type.String(), level: Type.Integer(), status: Type.String() }, { title: "SpbeAnswer" });
export const SpbeReview = Open({ indicator: Type.String(), status: Type.String(), level: Nullable(Type.Integer()) }, { title: "SpbeReview" });
export const SpbeEvidence = Open(
  { id: Type.Optional(Type.String()), filename: Type.String(), contentType: Type.String(), sha256: Type.String() },
  { title: "SpbeEvidence" },
);

const Source = Type.String({ description: "where the figure comes from" });
const Pct = Nullable(Type.Number({ description: "percent" }));
export const SpbePrefill = Open(
  {
    year: Type.Integer(),
    "services-online": Open({ active: Type.Integer(), online: Type.Integer(), pct: Pct, source: Source }),
    "sla-compliance": Open({ submitted: Type.Integer(), closed: Type.Integer(), closedWithinSla: Type.Integer(), pct: Pct, source: Source }),
    usage: Open({ submitted: Type.Integer(), source: Source }),
    satisfaction: Open({ rated: Type.Integer(), average: Nullable(Type.Number()), source: Source }),
    complaints: Open({ rated: Type.Integer(), average: Nullable(Type.Number()), submitted: Type.Integer(), source: Source }),
    "sso-apps": Open({ available: Type.Boolean(), source: Source }),
  },
  { title: "SpbePrefill" },
);
