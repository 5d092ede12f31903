/** Budget pages: the lazy "budget" i18n namespace, the server's shapes and Rupiah formatting. */
import "./budget.css";
import { useTranslation } from "react-i18next";
import type { schemas } from "../../api.ts";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/budget.en.json" with { type: "json" };
import id from "../../i18n/budget.id.json" with { type: "json" };

if (!i18next.hasResourceBundle("id", "budget")) i18next.addResourceBundle("id", "budget", id);
if (!i18next.hasResourceBundle("en", "budget")) i18next.addResourceBundle("en", "budget", en);

export const useBudgetT = () => useTranslation("budget");

// Shapes from the API contract (web/api-types.ts, generated from the route schemas by `npm run api:types`).
export type Revision = schemas["BudgetOverview"]["revisions"][number];
export type UnitAbsorption = schemas["BudgetAbsorption"]["units"][number];
/** A year as the console reads it; the public page's answer adds the absorption. */
export type Overview = schemas["BudgetOverview"] & { absorption?: schemas["BudgetAbsorption"] };
export type Comparison = schemas["BudgetVersions"];
export type Line = schemas["BudgetLine"];
export type Roots = schemas["BudgetRoots"];
export type BudgetYear = schemas["BudgetYear"];

export const rupiah = (n: number | null | undefined, lang: string) =>
  n == null ? "–" : `Rp ${new Intl.NumberFormat(lang === "en" ? "en-US" : "id-ID", { maximumFractionDigits: 0 }).format(n)}`;

export const thisYear = () => new Date().getFullYear();
