/** /laporan/statistik — how each OPD handles reports: charts (ECharts, lazy) and the same numbers as tables. */
import { useMemo } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { useSession } from "../../session.tsx";
import { BackLink, EmptyState, Figures, Loading, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";
import { RankingTable } from "./loop/RankingTable.tsx";
import { formatNumber, type L, PeriodFilter, useL, useLaporT } from "./shared.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { dateFormat } from "../../ui/intl.ts";

interface UnitStat {
  unitCode: string;
  unitName: string;
  received: number;
  medianFirstResponseHours: number | null;
  medianResolveHours: number | null;
  slaCompliance: number | null;
  ratingAvg: number | null;
  ratingCount: number;
}
interface Stats {
  units: UnitStat[];
  categories: { key: string; name: L | string; count: number }[];
  monthly: { month: string; received: number; resolved: number }[];
}

const COLORS = ["#155d9c", "#00703c", "#b06000", "#4c2c92"];

/** 0.87 or 87 → "87%". */
const pct = (v: number | null, lang: string) => (v == null ? "—" : `${formatNumber(v <= 1 ? v * 100 : v, lang, 0)}%`);

function Chart({ option, label, height = 320, empty }: { option: EChartsOption; label: string; height?: number; empty?: boolean }) {
  const { t } = useLaporT();
  // The SVG is decorative for assistive technology: the tables carry the same numbers.
  const { ref: el, failed } = useChart(empty ? null : option, { decorative: true });
  return (
    <figure className="chart-figure">
      <figcaption className="chart-figure__caption">{label}</figcaption>
      {empty ? <p className="muted">{t("stats.noValues")}</p> : failed ? <p className="muted">—</p> : <div ref={el} className="chart-box" style={{ height }} />}
    </figure>
  );
}

export function LaporStats() {
  const { t, i18n } = useLaporT();
  const L = useL();
  const lang = i18n.language;
  const { session } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const p = new URLSearchParams(search);
  const from = p.get("dari") ?? "";
  const to = p.get("sampai") ?? "";
  const q = new URLSearchParams();
  if (from) q.set("from", from);
  if (to) q.set("to", to);
  const { data, error } = useData<Stats>(`/api/public/lapor/stats${q.toString() ? `?${q}` : ""}`);

  const units = useMemo(() => [...(data?.units ?? [])].sort((a, b) => b.received - a.received), [data]);
  const narrow = typeof window !== "undefined" && window.innerWidth < 640;
  const short = (s: string) => s;
  const base = { textStyle: { fontFamily: "system-ui, sans-serif", color: "#1a1d1f" }, animation: false, color: COLORS };
  const unitAxis = (list: UnitStat[]) => ({
    type: "category" as const,
    data: list.map((u) => short(u.unitName)),
    inverse: true,
    axisLabel: { width: narrow ? 96 : 150, overflow: "truncate" as const },
  });
  const barHeight = (n: number, series = 1) => Math.max(200, 60 + n * 26 * Math.max(1, series * 0.75));

  // biome-ignore lint/correctness/useExhaustiveDependencies: derived from the data and language only
  const received: EChartsOption = useMemo(
    () => ({
      ...base,
      grid: { left: 8, right: 32, top: 8, bottom: 28, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: unitAxis(units),
      series: [{ type: "bar", barMaxWidth: 28, name: t("stats.received"), data: units.map((u) => u.received), label: { show: true, position: "right" } }],
    }),
    [units, lang],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: derived from the data and language only
  const speed: EChartsOption = useMemo(
    () => ({
      ...base,
      grid: { left: 8, right: 24, top: 40, bottom: 36, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: t("stats.hours"), nameLocation: "middle", nameGap: 22 },
      yAxis: unitAxis(units),
      series: [
        { type: "bar", barMaxWidth: 28, name: t("stats.firstResponse"), data: units.map((u) => u.medianFirstResponseHours) },
        { type: "bar", barMaxWidth: 28, name: t("stats.resolve"), data: units.map((u) => u.medianResolveHours) },
      ],
    }),
    [units, lang],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: derived from the data and language only
  const sla: EChartsOption = useMemo(
    () => ({
      ...base,
      grid: { left: 8, right: 44, top: 8, bottom: 28, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: unitAxis(units),
      series: [
        {
          type: "bar",
          barMaxWidth: 28,
          name: t("stats.sla"),
          data: units.map((u) => (u.slaCompliance == null ? null : Math.round(u.slaCompliance <= 1 ? u.slaCompliance * 100 : u.slaCompliance))),
          itemStyle: { color: COLORS[1] },
          label: { show: true, position: "right", formatter: "{c}%" },
        },
      ],
    }),
    [units, lang],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: derived from the data and language only
  const monthly: EChartsOption = useMemo(
    () => ({
      ...base,
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: (data?.monthly ?? []).map((m) => monthLabel(m.month, lang)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { type: "line", name: t("stats.received"), data: (data?.monthly ?? []).map((m) => m.received), symbolSize: 6 },
        { type: "line", name: t("stats.resolved"), data: (data?.monthly ?? []).map((m) => m.resolved), symbolSize: 6 },
      ],
    }),
    [data, lang],
  );

  const apply = (dari: string, sampai: string) => {
    const s = new URLSearchParams();
    if (dari) s.set("dari", dari);
    if (sampai) s.set("sampai", sampai);
    navigate(`/laporan/statistik${s.toString() ? `?${s}` : ""}`);
  };

  const totals = units.reduce((a, u) => ({ received: a.received + u.received }), { received: 0 });

  return (
    <>
      <BackLink href="/laporan">{t("public.back")}</BackLink>
      <PageTitle caption={session?.tenant.name}>{t("stats.title")}</PageTitle>
      <p className="lead">{t("stats.lead")}</p>
      <PeriodFilter idPrefix="s" from={from} to={to} onApply={apply} />
      {error ? (
        <p className="notice notice--warning">{error.title}</p>
      ) : !data ? (
        <Loading />
      ) : units.length === 0 ? (
        <EmptyState title={t("stats.emptyTitle")}>
          <p>{t("stats.emptyBody")}</p>
        </EmptyState>
      ) : (
        <>
          <Figures
            className="stat-tiles"
            items={[
              [t("stats.received"), formatNumber(totals.received, lang)],
              [t("stats.units"), formatNumber(units.length, lang)],
              [
                t("stats.resolvedTotal"),
                formatNumber(
                  (data.monthly ?? []).reduce((a, m) => a + m.resolved, 0),
                  lang,
                ),
              ],
            ]}
          />
          <p className="muted">{t("stats.chartsNote")}</p>
          <div className="chart-grid">
            <Chart option={received} label={t("stats.chartReceived")} height={barHeight(units.length)} />
            <Chart option={sla} label={t("stats.chartSla")} height={barHeight(units.length)} empty={units.every((u) => u.slaCompliance == null)} />
            <Chart
              option={speed}
              label={t("stats.chartSpeed")}
              height={barHeight(units.length, 2) + 30}
              empty={units.every((u) => u.medianFirstResponseHours == null && u.medianResolveHours == null)}
            />
            {data.monthly?.length > 0 && <Chart option={monthly} label={t("stats.chartMonthly")} />}
          </div>

          <h2 id="t-units">{t("stats.tableUnits")}</h2>
          <DataTable
            caption={t("stats.tableUnits")}
            className="table"
            rows={units}
            rowKey={(u) => u.unitCode}
            columns={[
              { key: "unit", header: t("stats.unit"), rowHeader: true, cell: (u) => u.unitName },
              { key: "received", header: t("stats.received"), className: "num", cell: (u) => formatNumber(u.received, lang) },
              { key: "firstResponse", header: t("stats.firstResponseCol"), className: "num", cell: (u) => hours(u.medianFirstResponseHours, lang, t) },
              { key: "resolve", header: t("stats.resolveCol"), className: "num", cell: (u) => hours(u.medianResolveHours, lang, t) },
              { key: "sla", header: t("stats.sla"), className: "num", cell: (u) => pct(u.slaCompliance, lang) },
              {
                key: "rating",
                header: t("stats.rating"),
                className: "num",
                cell: (u) => (
                  <>
                    {u.ratingAvg == null ? "—" : `${formatNumber(u.ratingAvg, lang, 1)} / 5`}
                    <span className="muted"> ({t("stats.ratingCount", { count: u.ratingCount })})</span>
                  </>
                ),
              },
            ]}
          />

          <RankingTable from={from} to={to} />

          {data.monthly?.length > 0 && (
            <>
              <h2 id="t-monthly">{t("stats.tableMonthly")}</h2>
              <DataTable
                caption={t("stats.tableMonthly")}
                className="table"
                rows={data.monthly}
                rowKey={(m) => m.month}
                columns={[
                  { key: "month", header: t("stats.month"), rowHeader: true, cell: (m) => monthLabel(m.month, lang, true) },
                  { key: "received", header: t("stats.received"), className: "num", cell: (m) => formatNumber(m.received, lang) },
                  { key: "resolved", header: t("stats.resolved"), className: "num", cell: (m) => formatNumber(m.resolved, lang) },
                ]}
              />
            </>
          )}

          {data.categories?.length > 0 && (
            <>
              <h2 id="t-cats">{t("stats.tableCategories")}</h2>
              <DataTable
                caption={t("stats.tableCategories")}
                className="table"
                rows={[...data.categories].sort((a, b) => b.count - a.count)}
                rowKey={(c) => c.key}
                columns={[
                  {
                    key: "category",
                    header: t("public.category"),
                    rowHeader: true,
                    cell: (c) => <Link href={`/laporan?kategori=${encodeURIComponent(c.key)}`}>{L(c.name)}</Link>,
                  },
                  { key: "received", header: t("stats.received"), className: "num", cell: (c) => formatNumber(c.count, lang) },
                ]}
              />
            </>
          )}
          <p className="muted">{t("stats.definitions")}</p>
        </>
      )}
    </>
  );
}

function hours(h: number | null, lang: string, t: (k: string, o?: Record<string, unknown>) => string) {
  if (h == null) return "—";
  return h >= 48 ? t("stats.days", { value: formatNumber(h / 24, lang, 1) }) : t("stats.hoursValue", { value: formatNumber(h, lang, 1) });
}

function monthLabel(month: string, lang: string, long = false) {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return month;
  return dateFormat(lang, {
    month: long ? "long" : "short",
    year: long ? "numeric" : "2-digit",
    timeZone: "UTC",
  }).format(d);
}
