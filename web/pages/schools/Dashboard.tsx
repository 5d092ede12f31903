/**
 * /konsol/sekolah — Disdik: per kecamatan how many schools sent each report for a period (on time, late, missing,
 * with the missing schools), attendance per month (ECharts, lazy), XLSX export, and the review queue.
 */
import { useEffect, useMemo, useState } from "react";
import { get, post, ProblemError } from "../../api.ts";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { Dialog } from "../../ui/Dialog.tsx";
import { Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";
import type { schemas } from "../../api.ts";
import { pick, stateTone, useSchoolsT } from "./shared.tsx";
import "./schools.css";
import { Labelled, Options, SubmitButton } from "../../ui/form.tsx";

type Overview = schemas["SchoolPeriodOverview"];
type Trend = schemas["SchoolAttendanceTrend"];
type QueueItem = schemas["SchoolReviewItem"];

const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

export default function SchoolDashboard() {
  const { t, i18n } = useSchoolsT();
  const lang = i18n.language;
  const [period, setPeriod] = useState(lastMonth());
  const [kind, setKind] = useState("kehadiran");
  const [data, setData] = useState<Overview | null>(null);
  const [queue, setQueue] = useState<QueueItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [returning, setReturning] = useState<QueueItem | null>(null);
  const [comment, setComment] = useState("");
  const [notice, setNotice] = useState<string | null>(null);

  const load = () => {
    get<Overview>(`/api/schools/dashboard?period=${period}`).then(setData, (e) => setError(String(e.message ?? e)));
    get<QueueItem[]>(`/api/schools/reports?kind=${kind}&period=${period}&state=submitted`).then(setQueue, () => setQueue([]));
  };
  useEffect(load, [period, kind]);

  // Attendance per month, fetched again when the overview changes (an accepted report counts).
  const [trend, setTrend] = useState<Trend | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new overview (after a review) fetches the trend again
  useEffect(() => {
    let gone = false;
    get<Trend>(`/api/schools/dashboard/attendance?to=${period}&months=12`).then(
      (tr) => gone || setTrend(tr),
      () => {},
    );
    return () => {
      gone = true;
    };
  }, [period, data]);
  const option = useMemo((): EChartsOption | null => {
    if (!trend) return null;
    const names = new Map((data?.kecamatan ?? []).map((k) => [k.code, k.name]));
    return {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: trend.periods },
      yAxis: { type: "value", min: 80, max: 100 },
      series: trend.series.map((s) => ({ type: "line", name: names.get(s.code) ?? s.code ?? "-", data: s.rate, connectNulls: false })),
    };
  }, [trend, data]);
  const { ref: chartEl } = useChart(option);

  const review = async (item: QueueItem, action: "accept" | "return", note?: string) => {
    try {
      const r = await post<schemas["SchoolReportReviewed"]>(`/api/schools/reports/${item.id}/review`, {
        action,
        version: item.version,
        ...(note ? { comment: note } : {}),
      });
      setNotice(
        `${item.school.name}: ${t(action === "accept" ? "state.accepted" : "state.returned")}${r.workOrders?.length ? ` — ${t("workOrders", { numbers: r.workOrders.map((w) => w.number).join(", ") })}` : ""}`,
      );
      load();
    } catch (e) {
      setNotice(e instanceof ProblemError ? (e.errors[0]?.message ?? e.title) : String(e));
    }
  };

  if (error) return <Notice kind="warning">{error}</Notice>;
  if (!data) return <Loading />;
  const k = data.kinds.find((x) => x.key === kind) ?? data.kinds[0];
  type Row = Overview["kecamatan"][number];
  const c = (r: Row) => r.kinds[k.key];
  const columns: Column<Row>[] = [
    { key: "kec", header: t("kecamatan"), cell: (r) => r.name ?? r.code ?? "-", value: (r) => r.name ?? r.code, rowHeader: true, sort: true },
    { key: "schools", header: t("schools"), cell: (r) => r.schools, value: (r) => r.schools, className: "num", sort: true },
    { key: "sent", header: t("sent"), cell: (r) => c(r).submitted, value: (r) => c(r).submitted, className: "num", sort: true },
    { key: "accepted", header: t("accepted"), cell: (r) => c(r).accepted, value: (r) => c(r).accepted, className: "num", sort: true },
    { key: "late", header: t("lateCount"), cell: (r) => c(r).late, value: (r) => c(r).late, className: "num", sort: true },
    {
      key: "missing",
      header: t("missing"),
      cell: (r) => (c(r).missing ? <StatusTag tone="red">{c(r).missing}</StatusTag> : 0),
      value: (r) => c(r).missing,
      className: "num",
      sort: true,
    },
  ];
  const missing = data.kecamatan.flatMap((r) => r.missing[k.key].map((m) => ({ ...m, kec: r.name ?? r.code ?? "-" })));
  return (
    <>
      <PageTitle>{t("dashTitle")}</PageTitle>
      <p>{t("dashLead")}</p>
      <div className="toolbar">
        <Labelled id="sd-period" label={t("period", { period: "" })}>
          <input id="sd-period" className="input input--w10" type="month" value={period} onChange={(e) => e.target.value && setPeriod(e.target.value)} />
        </Labelled>
        <Labelled id="sd-kind" label={t("kind")}>
          <select id="sd-kind" className="select" value={kind} onChange={(e) => setKind(e.target.value)}>
            <Options options={data.kinds.map((x) => ({ value: x.key, label: pick(x.name, lang) }))} />
          </select>
        </Labelled>
        <p>
          <a className="button button--secondary" href={`/api/schools/dashboard.xlsx?period=${period}`} download>
            {t("export")}
          </a>
        </p>
      </div>
      {notice && <Notice kind="info">{notice}</Notice>}
      <DataTable caption={`${pick(k.name, lang)} ${period}`} captionVisible columns={columns} rows={data.kecamatan} rowKey={(r) => r.code ?? "-"} cellLabels />
      <h2>{t("attendanceChart")}</h2>
      <div ref={chartEl} className="school-chart" role="img" aria-label={t("attendanceChart")} />
      <h2>{t("missingTitle", { kind: pick(k.name, lang) })}</h2>
      {missing.length ? (
        <ul>
          {missing.map((m) => (
            <li key={m.npsn}>
              {m.name} <span className="mono">{m.npsn}</span> — {m.kec}
            </li>
          ))}
        </ul>
      ) : (
        <p>—</p>
      )}
      <h2>{t("reviewTitle")}</h2>
      {queue.length === 0 ? (
        <p>{t("noReports")}</p>
      ) : (
        <ul className="school-recent">
          {queue.map((q) => (
            <li key={q.id}>
              {q.school.name} <span className="mono">{q.school.npsn}</span> <StatusTag tone={stateTone(q.state)}>{t(`state.${q.state}`)}</StatusTag>{" "}
              {q.late && <StatusTag tone="red">{t("late")}</StatusTag>}{" "}
              <button type="button" className="button button--small" onClick={() => review(q, "accept")}>
                {t("accept")}
              </button>{" "}
              <button type="button" className="button button--secondary button--small" onClick={() => setReturning(q)}>
                {t("return")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {returning && (
        <Dialog labelledBy="sd-return-title" onClose={() => setReturning(null)}>
          {(close) => (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void review(returning, "return", comment).then(close);
              }}
            >
              <h2 id="sd-return-title">{t("returnTitle")}</h2>
              <Labelled id="sd-comment" label={t("returnComment")}>
                <textarea id="sd-comment" className="input" rows={3} required value={comment} onChange={(e) => setComment(e.target.value)} />
              </Labelled>
              <SubmitButton>{t("return")}</SubmitButton>
            </form>
          )}
        </Dialog>
      )}
    </>
  );
}
