/** Revenue tab: counted revenue per day and point against the expected revenue (charts + the same numbers as tables). */
import { useEffect, useMemo, useState } from "react";
import { get } from "../../api.ts";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { Loading } from "../../ui/misc.tsx";
import { type ParkingRevenue as Revenue, rupiah, useParkingT } from "./shared.tsx";
import { todayInCity } from "../../ui/time.ts";
import { SubmitButton } from "../../ui/buttons.tsx";

function Chart({ option, label }: { option: EChartsOption; label: string }) {
  const { ref: el } = useChart(option, { decorative: true });
  return (
    <figure className="chart-figure">
      <figcaption className="chart-figure__caption">{label}</figcaption>
      <div ref={el} className="chart-box" style={{ height: 300 }} />
    </figure>
  );
}

const today = () => todayInCity();
const minus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** Gross against expected takings, per day or per point: bars, the expected ones as a line when `line`. */
function takingsChart<R extends { gross: number; expected: number }>(
  t: (key: string) => string,
  rows: R[],
  label: (r: R) => string,
  { line, rotate, bottom }: { line?: boolean; rotate?: number; bottom: number },
): EChartsOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [t("console.gross"), t("console.expected")] },
    grid: { left: 70, right: 16, top: 40, bottom },
    xAxis: { type: "category", data: rows.map(label), ...(rotate ? { axisLabel: { rotate } } : {}) },
    yAxis: { type: "value" },
    series: [
      { name: t("console.gross"), type: "bar", data: rows.map((r) => r.gross) },
      line
        ? { name: t("console.expected"), type: "line", data: rows.map((r) => r.expected), showSymbol: false }
        : { name: t("console.expected"), type: "bar", data: rows.map((r) => r.expected) },
    ],
  };
}

export function RevenueTab() {
  const { t } = useParkingT();
  const [range, setRange] = useState({ from: minus(today(), 29), to: today() });
  const [draft, setDraft] = useState(range);
  const [data, setData] = useState<Revenue | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    get<Revenue>(`/api/parking/revenue?from=${range.from}&to=${range.to}`).then(setData, (e) => setError(e.title ?? String(e)));
  }, [range]);
  const daily = useMemo(() => data && takingsChart(t, data.days, (d) => d.date.slice(5), { line: true, bottom: 30 }), [data, t]);
  const perPoint = useMemo(() => data && takingsChart(t, data.points, (p) => p.code, { rotate: 30, bottom: 60 }), [data, t]);
  if (error) return <p role="alert">{error}</p>;
  type PointRow = Revenue["points"][number];
  type JukirRow = Revenue["attendants"][number];
  const money = <R,>(key: string, amount: (r: R) => number): Column<R> => ({ key, header: t(`console.${key}`), cell: (r) => rupiah(amount(r)) });
  const pointColumns: Column<PointRow>[] = [
    {
      key: "point",
      header: t("console.point"),
      rowHeader: true,
      cell: (p) => (
        <>
          {p.code} <span className="muted">{p.name}</span>
          {p.low && <div className="pk-low">{t("console.low")}</div>}
        </>
      ),
    },
    money("gross", (p) => p.gross),
    money("expected", (p) => p.expected),
    money("qris", (p) => p.qris),
    money("cash", (p) => p.cash),
    { key: "paid", header: t("console.paidSessions"), cell: (p) => p.paid },
    { key: "perSlot", header: t("console.perSlot"), cell: (p) => p.paidPerSlot },
    { key: "flagged", header: t("console.flagged"), cell: (p) => p.flagged },
  ];
  const jukirColumns: Column<JukirRow>[] = [
    { key: "name", header: t("console.jukir"), rowHeader: true, cell: (a) => a.name },
    { key: "point", header: t("console.point"), cell: (a) => a.pointCode },
    money("gross", (a) => a.gross),
    money("cash", (a) => a.cash),
    { key: "share", header: t("console.share"), cell: (a) => `${a.sharePct} %` },
    money("jukirShare", (a) => a.jukirShare),
    money("cityShare", (a) => a.cityShare),
  ];
  return (
    <>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <label htmlFor="pk-from">{t("console.from")}</label>{" "}
        <input id="pk-from" type="date" className="input" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />{" "}
        <label htmlFor="pk-to">{t("console.to")}</label>{" "}
        <input id="pk-to" type="date" className="input" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />{" "}
        <SubmitButton className="button--secondary button--small">{t("console.show")}</SubmitButton>
      </form>
      {!data ? (
        <Loading />
      ) : (
        <>
          <dl className="grid grid--3">
            {(["gross", "expected", "qris", "cash", "cityShare", "jukirShare"] as const).map((k) => (
              <div key={k} className="card">
                <dt className="card__kicker">{t(`console.${k}`)}</dt>
                <dd className="pk-pay__amount">{rupiah(data.totals[k])}</dd>
              </div>
            ))}
          </dl>
          <p>
            {t("console.flagged")}: {data.totals.flagged} · {t("console.uncounted")}: {data.totals.uncounted}
          </p>
          {daily && <Chart option={daily} label={t("console.dailyChart")} />}
          {perPoint && <Chart option={perPoint} label={t("console.pointChart")} />}
          <DataTable className="table" wrap="div" captionVisible caption={t("console.points")} rows={data.points} rowKey={(p) => p.id} columns={pointColumns} />
          <DataTable
            className="table"
            wrap="div"
            captionVisible
            caption={t("console.attendants")}
            rows={data.attendants}
            rowKey={(a) => a.id}
            columns={jukirColumns}
          />
        </>
      )}
    </>
  );
}
