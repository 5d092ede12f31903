/** Budget pages: the lazy "budget" i18n namespace, the server's shapes and Rupiah formatting. */
import "./budget.css";
import type { schemas } from "../../api.ts";
import en from "../../i18n/budget.en.json" with { type: "json" };
import id from "../../i18n/budget.id.json" with { type: "json" };
import { numberFormat } from "../../ui/intl.ts";
import { lazyNamespace } from "../../ui/namespace.ts";

export const useBudgetT = lazyNamespace("budget", id, en);

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
  n == null ? "–" : `Rp ${numberFormat(lang === "en" ? "en-US" : "id", { maximumFractionDigits: 0 }).format(n)}`;

export const thisYear = () => new Date().getFullYear();
