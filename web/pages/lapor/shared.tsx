/** e-Lapor (citizen complaints on a map): API shapes, the lazy "lapor" i18n namespace, state tags and category icons. */
import "./lapor.css";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError, type schemas } from "../../api.ts";
import en from "../../i18n/lapor.en.json" with { type: "json" };
import id from "../../i18n/lapor.id.json" with { type: "json" };
import { useData } from "../citizen/shared.tsx";
import { Labelled, SubmitButton } from "../../ui/form.tsx";
import { numberFormat } from "../../ui/intl.ts";
import { lazyNamespace } from "../../ui/namespace.ts";

// The namespace ships with the lazy e-Lapor chunks, not with the first load.

export const useLaporT = lazyNamespace("lapor", id, en);

export type L = schemas["L"];

export interface CategoryField {
  name: string;
  type: string;
  label: L;
  help?: L | string;
  required?: boolean;
  options?: { value: string; label: L | string }[];
  maxLength?: number;
}

export interface Category {
  key: string;
  name: L;
  summary: L;
  classification?: string;
  anonymousAllowed: boolean;
  duplicateRadiusMeters?: number;
  fields?: CategoryField[] | { fields?: CategoryField[] };
}

export interface GeoConfig {
  tileUrl: string;
  tileAttribution: string;
  /** [lat, lon]; null when the pemda's extent is unknown. */
  center: [number, number] | null;
  zoom: number | null;
  bbox: [number, number, number, number] | null;
  boundariesLoaded: boolean;
}

export interface Located {
  /** null: unknown (no boundaries loaded). */
  inside: boolean | null;
  kelurahan: string | null;
  kecamatan: string | null;
  kelurahanName?: string | null;
  kecamatanName?: string | null;
}

export interface NearbyReport {
  id: string;
  number: string;
  category: string;
  excerpt: string;
  distanceMeters: number;
  supportCount: number;
  state: string;
  createdAt: string;
}

export interface PublicPhoto {
  id?: string;
  thumbnailUrl: string;
  url: string;
}

/** A category as a key (lists) or {key, name} (single reports). */
export type CatRef = string | { key: string; name: L; classification?: string };
/** A region as {code, name} (or a bare code). */
export type Place = { code: string; name: string | null } | string | null | undefined;

export const catKey = (c: CatRef) => (typeof c === "string" ? c : c.key);
export const placeName = (p: Place) => (p == null ? "" : typeof p === "string" ? p : (p.name ?? p.code));
export const placeText = (kel: Place, kec: Place) => [placeName(kel), placeName(kec)].filter(Boolean).join(", ");

export interface PublicReport {
  number: string;
  category: CatRef;
  categoryName?: L | null;
  state: string;
  stateLabel?: L | null;
  outcome: string | null;
  lat: number | null;
  lon: number | null;
  kelurahan: Place;
  kecamatan: Place;
  createdAt: string;
  supportCount: number;
  rating: number | null;
  excerpt: string;
  photos: PublicPhoto[];
}

export interface ReportUpdate {
  at: string;
  kind?: string;
  state?: string | null;
  label?: L | null;
  to?: string | null;
  toLabel?: L | null;
  message?: string | null;
  comment?: string | null;
  by?: "reporter" | "officer" | "system";
  actorName?: string | null;
  photos?: PublicPhoto[];
}

export interface PublicReportDetail extends Omit<PublicReport, "excerpt" | "createdAt"> {
  /** Present when the API exposes it (needed to flag a report). */
  id?: string;
  excerpt?: string;
  createdAt?: string;
  submittedAt?: string;
  title?: string | null;
  description?: string;
  unit?: { code: string; name: string } | null;
  ratingComment?: string | null;
  mergedInto?: { id?: string; number: string } | null;
  timeline?: ReportUpdate[];
}

/** A report as its reporter (or staff) sees it. */
export interface MyReport extends PublicReportDetail {
  id: string;
  trackingToken?: string | null;
  anonymous?: boolean;
  confidential?: boolean;
  isOpen?: boolean;
  canReply?: boolean;
  canReopen?: boolean;
  canRate?: boolean;
  reopenUntil?: string | null;
  hidden?: boolean;
  flagCount?: number;
  reporter?: { name: string | null } | null;
  version?: number;
  /** Staff: the address an Open311 app sent; canPlace: may set the kelurahan. */
  address?: string | null;
  canPlace?: boolean;
}

/** Pick the language of an {id, en} pair (strings pass through). */
export function useL() {
  const { i18n } = useTranslation();
  const isEn = i18n.language === "en";
  return (v: L | string | null | undefined) => (v == null ? "" : typeof v === "string" ? v : (isEn ? v.en : v.id) || v.id);
}

/** Categories, fetched once per page load. */
let categoriesCache: Category[] | null = null;
export function useCategories() {
  const r = useData<{ items: Category[] }>(categoriesCache ? null : "/api/lapor/categories");
  if (r.data && !categoriesCache) categoriesCache = sortCategories(r.data.items);
  return { categories: categoriesCache ?? r.data?.items ?? null, error: r.error };
}

/** Complaints first, then information requests and aspirations; "other" last; by name within. */
const CLASS_ORDER: Record<string, number> = { pengaduan: 0, permintaan_informasi: 1, aspirasi: 2 };
function sortCategories(list: Category[]) {
  const rank = (c: Category) => (/lainnya|other/.test(c.key) ? 9 : (CLASS_ORDER[c.classification ?? ""] ?? 5));
  return [...list].sort((a, b) => rank(a) - rank(b) || a.name.id.localeCompare(b.name.id, "id"));
}

export function categoryFields(c: Category | undefined): CategoryField[] {
  if (!c?.fields) return [];
  return Array.isArray(c.fields) ? c.fields : (c.fields.fields ?? []);
}

/** States of the "lapor" workflow (catalog/workflows.yaml). */
export const REPORT_STATES = [
  "submitted",
  "in_progress",
  "responded",
  "selesai",
  "tidak_dapat_ditindaklanjuti",
  "bukan_kewenangan",
  "duplikat",
  "diarsipkan",
] as const;
const OPEN_STATES = new Set(["submitted", "in_progress"]);
export function stateClass(state: string, outcome?: string | null) {
  if (state === "selesai" || outcome === "success") return "tag--green";
  if (state === "responded") return "tag--orange";
  if (OPEN_STATES.has(state)) return "";
  return "tag--grey";
}

export function StateTag({ state, outcome, label }: { state: string; outcome?: string | null; label?: L | string | null }) {
  const { t } = useLaporT();
  const L = useL();
  const text = label ? L(label) : t(`states.${state}`, { defaultValue: state.replaceAll("_", " ") });
  return <strong className={`tag ${stateClass(state, outcome)}`}>{text}</strong>;
}

export function formatDistance(m: number, lang: string) {
  const nf = numberFormat(lang, { maximumFractionDigits: m >= 1000 ? 1 : 0 });
  return m >= 1000 ? `${nf.format(m / 1000)} km` : `${nf.format(Math.round(m))} m`;
}

export function formatNumber(n: number | null | undefined, lang: string, digits = 0) {
  if (n == null || Number.isNaN(n)) return "—";
  return numberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** Stars as text for screen readers and as glyphs for the eye. */
export function Stars({ value }: { value: number | null | undefined }) {
  const { t, i18n } = useLaporT();
  if (value == null) return <span className="muted">{t("common.noRating")}</span>;
  const full = Math.round(value);
  return (
    <span className="stars">
      <span aria-hidden="true">
        {"★".repeat(full)}
        <span className="stars__empty">{"★".repeat(Math.max(0, 5 - full))}</span>
      </span>{" "}
      <span>{t("common.ratingOf", { value: formatNumber(value, i18n.language, 1) })}</span>
    </span>
  );
}

// ---- category icons: simple 24×24 strokes, picked by words in the key ----
const ICONS: [RegExp, string][] = [
  [/lampu|light|pju|penerangan/, "M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.8.8 1 1.5 1 2.5h6c0-1 .2-1.7 1-2.5A6 6 0 0 0 12 3Z"],
  [/parkir|parking/, "M5 21V5a2 2 0 0 1 2-2h5a5 5 0 0 1 0 10H9M9 13v8"],
  [/jalan|road|lubang|pothole|trotoar/, "M4 21 9 3M20 21 15 3M12 4v3M12 10v3M12 16v3"],
  [/sampah|waste|garbage|kebersihan/, "M4 7h16M9 7V4h6v3M6 7l1 14h10l1-14M10 11v6M14 11v6"],
  [
    /banjir|flood|drainase|drain|genangan|selokan/,
    "M3 15c2 0 2-1.5 4.5-1.5S10 15 12 15s2-1.5 4.5-1.5S19 15 21 15M3 19c2 0 2-1.5 4.5-1.5S10 19 12 19s2-1.5 4.5-1.5S19 19 21 19M12 3l4 6a4 4 0 1 1-8 0Z",
  ],
  [/pohon|tree|taman|park/, "M12 22v-6M12 16a5 5 0 0 0 5-5 5 5 0 0 0-2-4 3 3 0 0 0-6 0 5 5 0 0 0-2 4 5 5 0 0 0 5 5Z"],
  [/(^|-)(air|pdam|water)(-|$)/, "M12 3s6 6.5 6 11a6 6 0 0 1-12 0c0-4.5 6-11 6-11Z"],
  [/adminduk|ktp|kependudukan|dukcapil/, "M3 6h18v12H3ZM7 10h4M7 14h3M15 9.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3ZM13 15h4"],
  [/pungli|suap|korupsi|bribe/, "M12 3v18M16 7H10a2.5 2.5 0 0 0 0 5h4a2.5 2.5 0 0 1 0 5H8M4 4l16 16"],
  [/kesehatan|health|puskesmas|rumah-sakit/, "M12 21s-8-4.5-8-11a4.5 4.5 0 0 1 8-3 4.5 4.5 0 0 1 8 3c0 6.5-8 11-8 11ZM9 11h6M12 8v6"],
  [/pendidikan|sekolah|education|school/, "M2 9l10-5 10 5-10 5ZM6 11v5c3 2 9 2 12 0v-5M22 9v6"],
  [/lingkungan|kelurahan|rt-rw|fasilitas/, "M4 21V10l8-6 8 6v11M9 21v-6h6v6"],
  [/informasi|information/, "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM12 11v6M12 7.5v.5"],
  [/aspirasi|saran|suggest/, "M4 5h16v11H9l-5 4ZM8 9h8M8 12h5"],
  [/bangunan|building|izin|imb|pbg/, "M4 21V8l8-5 8 5v13M9 21v-6h6v6M4 21h16"],
  [/keamanan|security|ketertiban|kriminal|preman/, "M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6Z"],
  [/bencana|disaster|kebakaran|fire|longsor/, "M12 3c1 4 5 6 5 11a5 5 0 0 1-10 0c0-3 2-4 2-7 1.5 1 2 2.5 2 4 1-1.5 1-5 1-8Z"],
  [/lainnya|other/, "M6 12h.01M12 12h.01M18 12h.01"],
];
const DEFAULT_ICON = "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM12 8v5M12 16.5v.5";

export function CategoryIcon({ categoryKey, className }: { categoryKey: string; className?: string }) {
  const k = categoryKey.toLowerCase();
  const d = ICONS.find(([re]) => re.test(k))?.[1] ?? DEFAULT_ICON;
  return (
    <svg className={className ?? "cat-icon"} viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A category's name by key, from the loaded list. */
export function useCategoryName() {
  const { categories } = useCategories();
  const L = useL();
  return (ref: CatRef) => {
    if (typeof ref !== "string") return L(ref.name);
    const c = categories?.find((x) => x.key === ref);
    return c ? L(c.name) : ref;
  };
}

/** POST a multipart form (several files and fields) with the session's CSRF token; problems are thrown like api(). */
export async function postForm<T = unknown>(url: string, form: FormData, csrfToken: string | null | undefined, lang: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", "accept-language": lang };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, credentials: "same-origin", body: form });
  } catch {
    throw new ProblemError({ type: "/problems/network", status: 0, title: lang === "en" ? "No connection to the server" : "Tidak terhubung ke server" });
  }
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const p = (data ?? {}) as { type?: string; title?: string; errors?: { field: string; code: string; message: string }[]; detail?: string };
    throw new ProblemError({ type: p.type, title: p.title, status: res.status, errors: p.errors, detail: p.detail });
  }
  return data as T;
}

/** A from–to date filter (statistics, heat map); `onApply` gets the chosen dates, empty strings for none. */
export function PeriodFilter({ idPrefix, from, to, onApply }: { idPrefix: string; from: string; to: string; onApply: (from: string, to: string) => void }) {
  const { t } = useLaporT();
  const [f, setF] = useState({ from, to });
  useEffect(() => setF({ from, to }), [from, to]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f.from, f.to);
  };
  return (
    <form className="panel stats-filter" onSubmit={submit} aria-label={t("stats.period")}>
      <div className="form-row">
        {(["from", "to"] as const).map((k) => (
          <Labelled key={k} id={`${idPrefix}-${k}`} label={t(`public.${k}`)} className="field--tight" labelClassName="field__label--small">
            <input id={`${idPrefix}-${k}`} type="date" className="input input--wfull" value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
          </Labelled>
        ))}
      </div>
      <SubmitButton className="button--secondary">{t("stats.show")}</SubmitButton>
    </form>
  );
}

/** Report photos as thumbnails that open the full photo; `altKey` names each ("Foto 1"…). */
export function PhotoGrid({ photos, altKey, className }: { photos: PublicPhoto[]; altKey: string; className: string }) {
  const { t } = useLaporT();
  return (
    <ul className={`photo-grid ${className}`}>
      {photos.map((p, i) => (
        <li key={p.url} className="photo-grid__item">
          <a href={p.url} target="_blank" rel="noreferrer">
            <img src={p.thumbnailUrl} alt={t(altKey, { n: i + 1 })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}
