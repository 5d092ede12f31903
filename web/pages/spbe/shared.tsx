/** SPBE pages: the lazy "spbe" i18n namespace and the server's shapes the pages read. */
import { useTranslation } from "react-i18next";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/spbe.en.json" with { type: "json" };
import id from "../../i18n/spbe.id.json" with { type: "json" };

if (!i18next.hasResourceBundle("id", "spbe")) i18next.addResourceBundle("id", "spbe", id);
if (!i18next.hasResourceBundle("en", "spbe")) i18next.addResourceBundle("en", "spbe", en);

export const useSpbeT = () => useTranslation("spbe");

export interface AssessmentItem {
  id: string;
  framework: string;
  frameworkName: string;
  year: number;
  index: number;
  predicate: string;
  answered: number;
  indicators: number;
}
export interface IndexPart {
  code: string;
  name: string;
  index: number;
  weight: number;
}
export interface IndexResult {
  index: number;
  predicate: string;
  answered: number;
  indicators: number;
  aspects: IndexPart[];
  domains: IndexPart[];
  previous: (Omit<IndexResult, "previous"> & { year: number }) | null;
}
export interface IndicatorView {
  code: string;
  name: string;
  weight: number;
  aspect: string;
  prefill: string | null;
  unitCode: string | null;
  answer: { level: number; explanation: string; status: "submitted" | "accepted" | "returned"; reviewedLevel: number | null; reviewNote: string | null } | null;
  evidence: { id: string; filename: string; sha256: string }[];
}
export interface AssessmentView {
  id: string;
  year: number;
  framework: {
    key: string;
    name: string;
    legalBasis: string;
    levels: { min: number; max: number; names: Record<string, string> };
    aspects: { code: string; name: string }[];
  };
  indicators: IndicatorView[];
}
