/** Budget pages: the lazy "budget" i18n namespace, the server's shapes and Rupiah formatting. */
import "./budget.css";
import { useTranslation } from "react-i18next";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/budget.en.json" with { type: "json" };
import id from "../../i18n/budget.id.json" with { type: "json" };

if (!i18next.hasResourceBundle("id", "budget")) i18next.addResourceBundle("id", "budget", id);
if (!i18next.hasResourceBundle("en", "budget")) i18next.addResourceBundle("en", "budget", en);

export const useBudgetT = () => useTranslation("budget");

// The budget routes answer with documented JSON (`Json(...)` schemas); these are the fields the pages read.
export interface Revision {
  number: number;
  kind: "penetapan" | "pergeseran" | "perubahan";
  reason: string;
  approver: string;
  decreeNumber: string;
  decreeSha256: string;
  recordedAt: string;
  lines: number;
  netChange: number;
}
export interface UnitAbsorption {
  unitCode: string;
  unitName: string;
  budget: number;
  realised: number;
  pct: number;
  programs: { program: string; programName: string | null; budget: number; realised: number; pct: number }[];
}
export interface Overview {
  year: number;
  status: "approved" | "drafting";
  perdaNumber: string | null;
  perdaSha256: string | null;
  draftingOpen: string[];
  revisions: Revision[];
  absorption?: { budget: number; realised: number; pct: number; units: UnitAbsorption[] };
}
export interface Comparison {
  a: { number: number; total: number };
  b: { number: number; total: number };
  rows: { lineKey: string; unit?: string; subActivity?: string; account?: string; description?: string; a: number | null; b: number | null; delta: number }[];
}

export const rupiah = (n: number | null | undefined, lang: string) =>
  n == null ? "–" : `Rp ${new Intl.NumberFormat(lang === "en" ? "en-US" : "id-ID", { maximumFractionDigits: 0 }).format(n)}`;

export const thisYear = () => new Date().getFullYear();
