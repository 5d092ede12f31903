/** /konsol/puskesmas/dasbor — Dinkes: visits, mean waiting time and no-show rate per puskesmas, poli, doctor, day; Mobile JKN logins. */
import { useEffect, useState } from "react";
import { get } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { TextField } from "../../ui/form.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";
import { type Dashboard as Dash, type DashRow as Row, todayLocal, useHealthT } from "./shared.tsx";
import { Schedules } from "./Schedules.tsx";
import { WsCredentials } from "./WsCredentials.tsx";

const minus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

function Chart({ option, label }: { option: EChartsOption; label: string }) {
  const { ref } = useChart(option);
  return <div ref={ref} className="hq-chart" role="img" aria-label={label} />;
}

export default function Dashboard() {
  const { t } = useHealthT();
  const { session } = useSession();
  const [to, setTo] = useState(todayLocal());
  const [from, setFrom] = useState(minus(todayLocal(), 29));
  const [data, setData] = useState<Dash | null>(null);
  useEffect(() => {
    setData(null);
    get<Dash>(`/api/health/dashboard?from=${from}&to=${to}`).then(setData);
  }, [from, to]);

  const pct = (n: number | null) => (n === null ? "–" : `${n.toLocaleString("id-ID")} %`);
  const columns = (withFacility: boolean): Column<Row>[] => [
    { key: "label", header: t("dash.name"), cell: (r) => r.label, value: (r) => r.label, sort: true, rowHeader: true },
    ...(withFacility
      ? [{ key: "facility", header: t("dash.facility"), cell: (r: Row) => r.facility, value: (r: Row) => r.facility, sort: true as const }]
      : []),
    { key: "booked", header: t("dash.booked"), cell: (r) => r.booked, value: (r) => r.booked, sort: true, className: "num" },
    { key: "served", header: t("dash.served"), cell: (r) => r.served, value: (r) => r.served, sort: true, className: "num" },
    { key: "noShow", header: t("dash.noShow"), cell: (r) => r.noShow, value: (r) => r.noShow, sort: true, className: "num" },
    { key: "rate", header: t("dash.noShowRate"), cell: (r) => pct(r.noShowRate), value: (r) => r.noShowRate, sort: true, className: "num" },
    { key: "wait", header: t("dash.wait"), cell: (r) => r.avgWaitMinutes ?? "–", value: (r) => r.avgWaitMinutes, sort: true, className: "num" },
  ];

  const facilityChart: EChartsOption | null = data && {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 150, right: 50, top: 40, bottom: 70 },
    xAxis: [{ type: "value" }, { type: "value", max: 100, axisLabel: { formatter: "{value} %" } }],
    yAxis: { type: "category", data: data.facility.map((r) => r.label) },
    series: [
      { name: t("dash.served"), type: "bar", data: data.facility.map((r) => r.served) },
      { name: t("dash.noShowRate"), type: "bar", xAxisIndex: 1, data: data.facility.map((r) => r.noShowRate ?? 0) },
    ],
  };
  const dayChart: EChartsOption | null = data && {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 50, right: 60, top: 40, bottom: 70 },
    xAxis: { type: "category", data: data.day.map((r) => r.label) },
    yAxis: [{ type: "value" }, { type: "value", name: t("dash.wait") }],
    series: [
      { name: t("dash.served"), type: "bar", data: data.day.map((r) => r.served) },
      { name: t("dash.wait"), type: "line", yAxisIndex: 1, data: data.day.map((r) => r.avgWaitMinutes) },
    ],
  };

  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("dash.title")}</PageTitle>
      <div className="form-row">
        <TextField
          id="hq-from"
          type="date"
          label={t("dash.from")}
          value={from}
          max={to}
          onChange={(e) => e.target.value && setFrom(e.target.value)}
          width="10"
        />
        <TextField id="hq-to" type="date" label={t("dash.to")} value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} width="10" />
      </div>
      {!data ? (
        <Loading />
      ) : (
        <>
          <h2 className="h3">{t("dash.byFacility")}</h2>
          {facilityChart && <Chart option={facilityChart} label={t("dash.byFacility")} />}
          <DataTable
            caption={t("dash.byFacility")}
            columns={columns(false)}
            rows={data.facility}
            rowKey={(r) => r.key}
            csv={{ filename: `puskesmas-${from}-${to}.csv`, label: "CSV" }}
          />
          <h2 className="h3">{t("dash.byDay")}</h2>
          {dayChart && <Chart option={dayChart} label={t("dash.byDay")} />}
          <DataTable caption={t("dash.byPoli")} captionVisible captionClassName="h3" columns={columns(true)} rows={data.poli} rowKey={(r) => r.key} />
          <DataTable caption={t("dash.byDoctor")} captionVisible captionClassName="h3" columns={columns(true)} rows={data.doctor} rowKey={(r) => r.key} />
        </>
      )}
      {hasPermission(session, "health.manage") && <Schedules />}
      {hasPermission(session, "health.manage") && <WsCredentials />}
    </>
  );
}
