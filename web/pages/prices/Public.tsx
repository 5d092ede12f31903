/** /harga — today's staple food prices for citizens: city average with day/week change, per market, chart. */
import { type HTMLAttributes, useMemo, useState } from "react";
import { useSession } from "../../session.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { useData } from "../citizen/shared.tsx";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";
import { Change, type CommodityToday, longDate, pick, rupiah, shortDate, Tabs, type TodayView, usePricesT } from "./shared.tsx";
import { Labelled, Options } from "../../ui/form.tsx";
import type { ApiResponse } from "../../api.ts";
import { Section } from "../../ui/Section.tsx";

type Tab = "city" | "market" | "chart";

export default function PricesPage() {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const { session } = useSession();
  const { data, error } = useData<TodayView>("/api/public/prices/today");
  const [tab, setTab] = useState<Tab>("city");
  const [chartFor, setChartFor] = useState<string | null>(null);
  const city = session?.tenant.name ?? "";

  // The heading and lead need no data: they paint from the prerendered HTML (web/shell.tsx) while today's prices load.
  const heading = (
    <>
      <PageTitle caption={city}>{t("title")}</PageTitle>
      <p className="lead">{t("lead", { city })}</p>
    </>
  );
  if (error)
    return (
      <>
        {heading}
        <p role="alert">{error.title}</p>
      </>
    );
  if (!data)
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  const showChart = (code: string) => {
    setChartFor(code);
    setTab("chart");
  };
  return (
    <>
      {heading}
      {data.date ? (
        <p>
          <strong>{t("asOf", { date: longDate(data.date, lang) })}</strong>.{" "}
          {t("compared", { day: shortDate(data.previousDay, lang), week: shortDate(data.previousWeek, lang) })}
        </p>
      ) : (
        <p>{t("noData")}</p>
      )}
      <Tabs
        idPrefix="harga"
        label={t("tabs.label")}
        value={tab}
        onChange={setTab}
        tabs={[
          { key: "city", label: t("tabs.city") },
          { key: "market", label: t("tabs.market") },
          { key: "chart", label: t("tabs.chart") },
        ]}
      />
      <section id="harga-panel" role="tabpanel" aria-labelledby={`harga-tab-${tab}`}>
        {tab === "city" && <CityTable data={data} onChart={showChart} />}
        {tab === "market" && <MarketTable data={data} />}
        {tab === "chart" && <ChartPanel data={data} initial={chartFor} />}
      </section>
      <Section titleId="open-data" title={t("openData")} titleClassName="card__title" className="card" style={{ marginTop: "2rem" }}>
        <p>{t("openDataBody")}</p>
        <p className="button-group">
          <a href="/api/public/prices/data.csv?days=90" download>
            {t("downloadCsv")}
          </a>{" "}
          · <a href="/api/public/prices/data.json?days=90">{t("downloadJson")}</a> · <a href="/api/docs#/prices">{t("apiDocs")}</a>
        </p>
        <p className="muted">{t("source")}</p>
      </Section>
    </>
  );
}

function CityTable({ data, onChart }: { data: TodayView; onChart: (code: string) => void }) {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  return (
    <DataTable
      caption={t("tabs.city")}
      className="table table--cards price-table"
      wrap="div"
      cellLabels
      rows={data.commodities}
      rowKey={(c) => c.code}
      rowProps={(c) => ({ "data-commodity": c.code }) as HTMLAttributes<HTMLTableRowElement>}
      columns={[
        {
          key: "commodity",
          header: t("col.commodity"),
          rowHeader: true,
          cell: (c) => (
            <button type="button" className="link-button" onClick={() => onChart(c.code)}>
              {pick(c.name, lang)}
            </button>
          ),
        },
        { key: "average", header: t("col.average"), className: "num", cell: (c) => <PriceUnit price={c.average} unit={c.unit} /> },
        { key: "day", header: t("col.day"), className: "num", cell: (c) => <Change pct={c.changeDayPct} /> },
        { key: "week", header: t("col.week"), className: "num", cell: (c) => <Change pct={c.changeWeekPct} /> },
        { key: "cheapest", header: t("col.cheapest"), cell: (c) => (c.cheapest ? `${c.cheapest.name} (${rupiah(c.cheapest.price, lang)})` : "—") },
        { key: "reference", header: t("col.reference"), className: "num", cell: (c) => <Reference c={c} /> },
      ]}
    />
  );
}

function PriceUnit({ price, unit }: { price: number | null | undefined; unit: string }) {
  const { i18n } = usePricesT();
  return (
    <span>
      {rupiah(price, i18n.language)} <span className="unit">/{unit}</span>
    </span>
  );
}

function Reference({ c }: { c: CommodityToday }) {
  const { t, i18n } = usePricesT();
  if (c.referencePrice == null) return <span className="muted">—</span>;
  const over = c.average != null && c.average > c.referencePrice;
  return (
    <span className={over ? "price-ref--over" : undefined} title={c.referenceLabel ?? undefined}>
      {rupiah(c.referencePrice, i18n.language)}
      {over && <span className="visually-hidden"> ({t("aboveRef")})</span>}
      {over && <span aria-hidden="true"> ⚠</span>}
    </span>
  );
}

function MarketTable({ data }: { data: TodayView }) {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const [code, setCode] = useState(data.markets[0]?.code ?? "");
  const m = data.markets.find((x) => x.code === code);
  return (
    <>
      <div className="price-filters">
        <Labelled id="harga-pasar" label={t("chooseMarket")}>
          <select id="harga-pasar" className="select" value={code} onChange={(e) => setCode(e.target.value)}>
            <Options options={data.markets.map((x) => ({ value: x.code, label: x.name }))} />
          </select>
        </Labelled>
      </div>
      {m && (
        <p className="muted">
          {t(`kinds.${m.kind}`)}
          {m.kecamatanName ? ` · ${m.kecamatanName}` : ""}
        </p>
      )}
      {m && (
        <DataTable
          caption={m.name}
          className="table table--cards price-table"
          wrap="div"
          cellLabels
          rows={data.commodities}
          rowKey={(c) => c.code}
          columns={[
            { key: "commodity", header: t("col.commodity"), rowHeader: true, cell: (c) => pick(c.name, lang) },
            { key: "price", header: t("col.price"), className: "num", cell: (c) => <PriceUnit price={m.prices[c.code]} unit={c.unit} /> },
            {
              key: "vsCity",
              header: t("col.vsCity"),
              className: "num",
              cell: (c) => {
                const p = m.prices[c.code];
                return <Change pct={p != null && c.average ? Math.round(((p - c.average) / c.average) * 1000) / 10 : null} />;
              },
            },
          ]}
        />
      )}
    </>
  );
}

type Series = ApiResponse<"/api/public/prices/series", "get">;

function ChartPanel({ data, initial }: { data: TodayView; initial: string | null }) {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const [commodity, setCommodity] = useState(initial ?? data.commodities.find((c) => c.code === "cabai-rawit-merah")?.code ?? data.commodities[0]?.code ?? "");
  const [market, setMarket] = useState("");
  const [days, setDays] = useState(30);
  const url = commodity
    ? `/api/public/prices/series?commodity=${encodeURIComponent(commodity)}&days=${days}${market ? `&market=${encodeURIComponent(market)}` : ""}`
    : null;
  const { data: series } = useData<Series>(url);
  const c = data.commodities.find((x) => x.code === commodity);
  const where = market ? (data.markets.find((m) => m.code === market)?.name ?? market) : t("cityAverage");
  const option = useMemo<EChartsOption | null>(() => {
    if (!series) return null;
    const pts = series.points;
    const base = {
      animation: false,
      textStyle: { fontFamily: "system-ui, sans-serif", color: "#1a1d1f" },
      color: ["#155d9c", "#8a9199", "#8a9199"],
      grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis" as const },
      xAxis: { type: "category" as const, data: pts.map((p) => shortDate(p.date, lang)) },
      yAxis: { type: "value" as const, scale: true },
    };
    const line = { type: "line" as const, showSymbol: false };
    return {
      ...base,
      legend: { top: 0 },
      series: [
        { ...line, name: where, data: pts.map((p) => p.price), lineStyle: { width: 3 } },
        ...(market
          ? []
          : [
              { ...line, name: t("chartMin"), data: pts.map((p) => p.min), lineStyle: { type: "dashed" as const, width: 1 } },
              { ...line, name: t("chartMax"), data: pts.map((p) => p.max), lineStyle: { type: "dashed" as const, width: 1 } },
            ]),
        ...(series.commodity.referencePrice
          ? [
              {
                ...line,
                name: "HET/HAP",
                data: pts.map(() => series.commodity.referencePrice),
                lineStyle: { type: "dotted" as const, color: "#b42318", width: 2 },
                itemStyle: { color: "#b42318" },
              },
            ]
          : []),
      ],
    } as EChartsOption;
  }, [series, lang, market, where, t]);
  const prices = series?.points.map((p) => p.price) ?? [];
  return (
    <>
      <div className="price-filters">
        <Labelled id="grafik-komoditas" label={t("chooseCommodity")}>
          <select id="grafik-komoditas" className="select" value={commodity} onChange={(e) => setCommodity(e.target.value)}>
            <Options options={data.commodities.map((x) => ({ value: x.code, label: pick(x.name, lang) }))} />
          </select>
        </Labelled>
        <Labelled id="grafik-pasar" label={t("chooseMarket")}>
          <select id="grafik-pasar" className="select" value={market} onChange={(e) => setMarket(e.target.value)}>
            <option value="">{t("cityAverage")}</option>
            <Options options={data.markets.map((x) => ({ value: x.code, label: x.name }))} />
          </select>
        </Labelled>
        <fieldset className="fieldset" style={{ margin: 0, border: 0, padding: 0 }}>
          <legend className="field__label">{t("range")}</legend>
          <div className="radios radios--inline">
            {[30, 90, 365].map((d) => (
              <div key={d} className="radio">
                <input type="radio" id={`rentang-${d}`} name="rentang" checked={days === d} onChange={() => setDays(d)} />
                <label htmlFor={`rentang-${d}`}>{t("days", { count: d })}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      {c && option && (
        <Chart
          option={option}
          label={t("chartCaption", { commodity: pick(c.name, lang), where, days, unit: c.unit })}
          summary={
            prices.length
              ? t("chartSummary", {
                  last: rupiah(prices[prices.length - 1], lang),
                  min: rupiah(Math.min(...prices), lang),
                  max: rupiah(Math.max(...prices), lang),
                })
              : t("noData")
          }
        />
      )}
    </>
  );
}

function Chart({ option, label, summary }: { option: EChartsOption; label: string; summary: string }) {
  const { ref: el } = useChart(option, { decorative: true });
  return (
    <figure className="chart-figure" data-testid="price-chart">
      <figcaption className="chart-figure__caption">{label}</figcaption>
      <div ref={el} className="chart-box" style={{ height: 320 }} />
      <p className="muted">{summary}</p>
    </figure>
  );
}
