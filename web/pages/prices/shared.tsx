/** Harga bahan pokok: API shapes, the lazy "prices" i18n namespace, Rupiah formatting and the change arrows. */
import "./prices.css";
import type { schemas } from "../../api.ts";
import en from "../../i18n/prices.en.json" with { type: "json" };
import id from "../../i18n/prices.id.json" with { type: "json" };
import { dateFormat, numberFormat } from "../../ui/intl.ts";
import { lazyNamespace } from "../../ui/namespace.ts";

export { rupiah } from "../../ui/intl.ts";

// The namespace ships with the lazy price chunks, not with the first load.

export const usePricesT = lazyNamespace("prices", id, en);

export type L = schemas["L"];
export const pick = (l: L, lang: string) => (lang === "en" ? l.en : l.id);

// The price routes still answer `unknown` in the API contract (no response schema yet), so these shapes are read
// from src/modules/prices/reading.ts by hand until the routes declare them; then replace them with ApiResponse<…>.
export interface Market {
  id: string;
  code: string;
  name: string;
  kind: string;
  kecamatanCode: string | null;
  kecamatanName: string | null;
  lat: number | null;
  lon: number | null;
  active: boolean;
}
export interface Commodity {
  code: string;
  name: L;
  unit: string;
  group: string;
  referencePrice: number | null;
  referenceLabel: string | null;
  alertWeekPct: number;
  active: boolean;
}
export interface CommodityToday {
  code: string;
  name: L;
  unit: string;
  referencePrice: number | null;
  referenceLabel: string | null;
  average: number | null;
  markets: number;
  min: number | null;
  max: number | null;
  previousDay: number | null;
  previousWeek: number | null;
  changeDayPct: number | null;
  changeWeekPct: number | null;
  cheapest: { market: string; name: string; price: number } | null;
}
export interface TodayView {
  date: string | null;
  previousDay: string | null;
  previousWeek: string | null;
  commodities: CommodityToday[];
  markets: (Market & { prices: Record<string, number> })[];
}

export function shortDate(iso: string | null, lang: string) {
  if (!iso) return "—";
  return dateFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}
export function longDate(iso: string | null, lang: string) {
  if (!iso) return "—";
  return dateFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** ▲ red (dearer), ▼ green (cheaper), – grey; the words are there for screen readers. */
export function Change({ pct }: { pct: number | null }) {
  const { t, i18n } = usePricesT();
  if (pct == null) return <span className="chg chg--none">{t("none")}</span>;
  const abs = numberFormat(i18n.language, { maximumFractionDigits: 1 }).format(Math.abs(pct));
  if (pct === 0)
    return (
      <span className="chg chg--flat">
        <span aria-hidden="true">– 0%</span>
        <span className="visually-hidden">{t("flat")}</span>
      </span>
    );
  const up = pct > 0;
  return (
    <span className={`chg ${up ? "chg--up" : "chg--down"}`}>
      <span aria-hidden="true">
        {up ? "▲" : "▼"} {abs}%
      </span>
      <span className="visually-hidden">{t(up ? "up" : "down", { pct: abs })}</span>
    </span>
  );
}

/** Accessible tabs: a tablist of buttons; arrow keys move between them. */
export function Tabs<K extends string>({
  label,
  tabs,
  value,
  onChange,
  idPrefix,
}: {
  label: string;
  tabs: { key: K; label: string }[];
  value: K;
  onChange: (k: K) => void;
  idPrefix: string;
}) {
  return (
    <div role="tablist" aria-label={label} className="ptabs">
      {tabs.map((tab, i) => (
        <button
          key={tab.key}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.key}`}
          aria-selected={tab.key === value}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={tab.key === value ? 0 : -1}
          className="ptabs__tab"
          onClick={() => onChange(tab.key)}
          onKeyDown={(e) => {
            if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
            const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
            onChange(next.key);
            document.getElementById(`${idPrefix}-tab-${next.key}`)?.focus();
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
