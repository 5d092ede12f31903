/** The public report list's filters (address ⇄ form ⇄ API query) and a report's map tone. */
import type { MapPoint } from "./MapView.tsx";
import { stateClass } from "./shared.tsx";

export interface Filters {
  category: string;
  state: string;
  kecamatan: string;
  from: string;
  to: string;
  bbox: string;
}

export const readFilters = (search: string): Filters => {
  const p = new URLSearchParams(search);
  return {
    category: p.get("kategori") ?? "",
    state: p.get("status") ?? "",
    kecamatan: p.get("kecamatan") ?? "",
    from: p.get("dari") ?? "",
    to: p.get("sampai") ?? "",
    bbox: p.get("area") ?? "",
  };
};

/** The filters' names in the page address (Indonesian) and in the API's query. */
const URL_NAMES: [keyof Filters, string][] = [
  ["category", "kategori"],
  ["state", "status"],
  ["kecamatan", "kecamatan"],
  ["from", "dari"],
  ["to", "sampai"],
  ["bbox", "area"],
];
const API_NAMES: [keyof Filters, string][] = [
  ["category", "category"],
  ["state", "state"],
  ["kecamatan", "kecamatan"],
  ["from", "from"],
  ["to", "to"],
  ["bbox", "bbox"],
];
const params = (f: Filters, names: [keyof Filters, string][]) => {
  const p = new URLSearchParams();
  for (const [k, name] of names) if (f[k]) p.set(name, f[k]);
  return p;
};

export const toSearch = (f: Filters) => {
  const s = params(f, URL_NAMES).toString();
  return s ? `?${s}` : "";
};

export const apiQuery = (f: Filters, cursor?: string) => {
  const p = params(f, API_NAMES);
  p.set("limit", "50");
  if (cursor) p.set("cursor", cursor);
  return p.toString();
};

export const tone = (r: { state: string; outcome: string | null }): MapPoint["tone"] => {
  const c = stateClass(r.state, r.outcome);
  return c === "tag--green" ? "done" : c === "tag--grey" ? "other" : "open";
};
