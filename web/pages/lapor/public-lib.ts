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

export const toSearch = (f: Filters) => {
  const p = new URLSearchParams();
  if (f.category) p.set("kategori", f.category);
  if (f.state) p.set("status", f.state);
  if (f.kecamatan) p.set("kecamatan", f.kecamatan);
  if (f.from) p.set("dari", f.from);
  if (f.to) p.set("sampai", f.to);
  if (f.bbox) p.set("area", f.bbox);
  const s = p.toString();
  return s ? `?${s}` : "";
};

export const apiQuery = (f: Filters, cursor?: string) => {
  const p = new URLSearchParams();
  if (f.category) p.set("category", f.category);
  if (f.state) p.set("state", f.state);
  if (f.kecamatan) p.set("kecamatan", f.kecamatan);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.bbox) p.set("bbox", f.bbox);
  p.set("limit", "50");
  if (cursor) p.set("cursor", cursor);
  return p.toString();
};

export const tone = (r: { state: string; outcome: string | null }): MapPoint["tone"] => {
  const c = stateClass(r.state, r.outcome);
  return c === "tag--green" ? "done" : c === "tag--grey" ? "other" : "open";
};
