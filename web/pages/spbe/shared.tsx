/** SPBE pages: the lazy "spbe" i18n namespace and the server's shapes from the API contract. */
import { useTranslation } from "react-i18next";
import type { schemas } from "../../api.ts";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/spbe.en.json" with { type: "json" };
import id from "../../i18n/spbe.id.json" with { type: "json" };

if (!i18next.hasResourceBundle("id", "spbe")) i18next.addResourceBundle("id", "spbe", id);
if (!i18next.hasResourceBundle("en", "spbe")) i18next.addResourceBundle("en", "spbe", en);

export const useSpbeT = () => useTranslation("spbe");

// Shapes from the API contract (web/api-types.ts, generated from the route schemas by `npm run api:types`).
export type AssessmentItem = schemas["SpbeAssessmentSummary"];
export type IndexPart = schemas["SpbeIndexPart"];
export type IndexResult = schemas["SpbeIndex"];
export type AssessmentView = schemas["SpbeAssessment"];
export type IndicatorView = AssessmentView["indicators"][number];
export type Prefill = schemas["SpbePrefill"];
