import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, ProblemError, type schemas } from "../../api.ts";
import "./citizen.css";

// Shapes from the API contract (web/api-types.ts, generated from the route schemas by `npm run api:types`).
export type L = schemas["L"];
export type ServiceSummary = schemas["ServiceSummary"];
export type Option = schemas["Option"];
export type FormField = schemas["FormField"];
export type ServiceSpec = schemas["ServiceSpec"];
export type CaseFile = schemas["CaseFile"];
export type CaseEvent = schemas["CaseEvent"];
export type CaseView = schemas["CaseView"];
export type MyCase = schemas["MyCase"];
export type Region = schemas["Region"];

/** Pick the current language from an {id, en} pair (plain strings pass through). */
export function useLoc() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  return useCallback((v: L | string | null | undefined) => (v == null ? "" : typeof v === "string" ? v : (en ? v.en : v.id) || v.id), [en]);
}

// The formatter is made at its first use (web/ui/intl.ts): a page that shows no amount loads no number formatting data.
export { rupiah } from "../../ui/intl.ts";

export function fileSize(n: number) {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1000))} KB`;
}

/** Load JSON from a URL; `reload` fetches again. */
export function useData<T>(url: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ProblemError | null>(null);
  const [n, setN] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: n triggers a reload
  useEffect(() => {
    if (!url) return;
    let live = true;
    setError(null);
    get<T>(url).then(
      (d) => live && setData(d),
      (e) => live && setError(e instanceof ProblemError ? e : new ProblemError({ status: 0, title: String(e) })),
    );
    return () => {
      live = false;
    };
  }, [url, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data, error, reload, setData };
}

/** Server field path "data.alamat.kelurahan" → element id "f-alamat-kelurahan". */
export const fieldId = (path: string) => `f-${path.replace(/^data\./, "").replaceAll(".", "-")}`;

/** Tag colour for a case state. */
export function stateTag(c: { isOpen: boolean; state: string; outcome?: string | null; editable?: boolean }) {
  if (c.state === "draft") return "tag--grey";
  if (c.editable || c.state === "correction") return "tag--orange";
  if (!c.isOpen) return c.outcome === "success" || c.state === "completed" ? "tag--green" : c.outcome === "failure" ? "tag--red" : "tag--grey";
  return "";
}
