/** SPBE pages: the lazy "spbe" i18n namespace and the server's shapes from the API contract. */
import type { schemas } from "../../api.ts";
import en from "../../i18n/spbe.en.json" with { type: "json" };
import id from "../../i18n/spbe.id.json" with { type: "json" };
import { lazyNamespace } from "../../ui/namespace.ts";

export const useSpbeT = lazyNamespace("spbe", id, en);

// Shapes from the API contract (web/api-types.ts, generated from the route schemas by `npm run api:types`).
export type AssessmentItem = schemas["SpbeAssessmentSummary"];
export type IndexPart = schemas["SpbeIndexPart"];
export type IndexResult = schemas["SpbeIndex"];
export type AssessmentView = schemas["SpbeAssessment"];
export type IndicatorView = AssessmentView["indicators"][number];
export type Prefill = schemas["SpbePrefill"];
