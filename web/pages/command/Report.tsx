/**
 * /command/laporan — response times of Call Center 112 per incident type or per kecamatan over a date range:
 * median and p90 from the call to the first dispatch and to the first crew on scene; the same table as CSV.
 */
import "./command.css";
import { useEffect, useState } from "react";
import { get } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { type Errors, ErrorSummary, Radios, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { durationExact, useCityTimeZone, useCommandT } from "./i18n.ts";
import { todayInCity } from "../../ui/time.ts";
import { dateFormat, numberFormat } from "../../ui/intl.ts";

type By = "type" | "kecamatan";
type Query = { by: By; from: string; to: string };
type Values = { by: string; from: string; to: string };

export interface ResponseRow {
  key: string;
  label: string;
  incidents: number;
  closed: number;
  falseAlarms: number;
  dispatchMedian: number | null;
  dispatchP90: number | null;
  arrivalMedian: number | null;
  arrivalP90: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date (2026-11-31 is not). */
const isDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Today in the city, and 29 days before (the last 30 days, as the API's default). */
function defaultRange(): { from: string; to: string } {
  const to = todayInCity();
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

const reportUrl = (q: Query) => `/api/emergency/reports/response-times?${new URLSearchParams({ by: q.by, from: q.from, to: q.to })}`;

export default function ResponseReport() {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  useCityTimeZone(useSession().session?.tenant.timezone);

  // The URL keeps the choice (a link to a report opens that report); its dates are checked by the server.
  const [query, setQuery] = useState<Query>(() => {
    const p = new URLSearchParams(location.search);
    const d = defaultRange();
    return { by: p.get("by") === "kecamatan" ? "kecamatan" : "type", from: p.get("from") ?? d.from, to: p.get("to") ?? d.to };
  });
  const form = useForm<Values>(query, { labels: { by: t("report.by"), from: t("report.from"), to: t("report.to") } });
  const { values, setValues, showProblem, clear } = form;
  const [rows, setRows] = useState<ResponseRow[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setRows(null);
    setFailed(false);
    get<{ rows: ResponseRow[] }>(reportUrl(query)).then(
      (r) => {
        if (!live) return;
        clear();
        // Incidents without a known kecamatan ("-") go last.
        setRows([...(r.rows ?? [])].sort((a, b) => Number(a.key === "-") - Number(b.key === "-")));
      },
      (err) => {
        if (!live) return;
        setFailed(true);
        // The server names the field and says why in the user's language (date-invalid, date-range).
        showProblem(err);
      },
    );
    return () => {
      live = false;
    };
  }, [query, showProblem, clear]);

  const submit = form.submit(
    (v) => {
      const e: Errors = {};
      if (!isDate(v.from)) e.from = t("report.err.from");
      if (!isDate(v.to)) e.to = t("report.err.to");
      return e;
    },
    async (v) => {
      const q: Query = { by: v.by === "kecamatan" ? "kecamatan" : "type", from: v.from, to: v.to };
      const url = new URL(location.href);
      url.search = new URLSearchParams(q).toString();
      history.replaceState(history.state, "", url);
      setQuery(q);
    },
  );

  const fmtDate = (s: string) => {
    if (!isDate(s)) return s;
    return dateFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${s}T00:00:00Z`));
  };
  const byLabel = query.by === "kecamatan" ? t("report.byKecamatan") : t("report.byType");
  const caption = t("report.tableCaption", { by: byLabel.toLowerCase(), from: fmtDate(query.from), to: fmtDate(query.to) });
  const num = numberFormat(lang);
  const dur = (s: number | null) => durationExact(s, lang);
  /** A sortable number column of the report. */
  const numeric = (
    key: Exclude<keyof ResponseRow, "key" | "label">,
    header: string,
    format: (v: number | null) => string,
    group?: Column<ResponseRow>["group"],
  ) => ({ key, header, group, className: "num", value: (r) => r[key], sort: true, cell: (r) => format(r[key]) }) satisfies Column<ResponseRow>;
  const dispatch = { key: "dispatch", header: t("report.col.dispatch"), className: "report-table__group" };
  const arrival = { key: "arrival", header: t("report.col.arrival"), className: "report-table__group" };

  return (
    <div className="cmd-page report-page">
      <PageTitle caption={t("report.caption")}>{t("report.title")}</PageTitle>
      <p className="lead">{t("report.lead")}</p>
      <ErrorSummary summary={form.summary} />
      <form onSubmit={submit} noValidate className="report-form">
        <Radios
          name="by"
          legend={t("report.by")}
          value={values.by}
          inline
          options={[
            { value: "type", label: t("report.byType") },
            { value: "kecamatan", label: t("report.byKecamatan") },
          ]}
          onChange={(by) => setValues((v) => ({ ...v, by }))}
        />
        <div className="cmd-filter">
          <TextField id="from" type="date" label={t("report.from")} {...form.bind("from")} width="10" />
          <TextField id="to" type="date" label={t("report.to")} {...form.bind("to")} width="10" />
          <SubmitButton>{t("report.show")}</SubmitButton>
        </div>
      </form>

      {failed ? null : !rows ? (
        <Loading />
      ) : (
        <section aria-labelledby="report-result" className="report-result">
          <div className="report-result__head">
            <h2 id="report-result">
              {byLabel}: {fmtDate(query.from)} – {fmtDate(query.to)}
            </h2>
            <a className="button button--secondary report-csv" href={`${reportUrl(query)}&format=csv`} download>
              {t("report.csv")}
            </a>
          </div>
          <DataTable
            caption={caption}
            className="table report-table"
            rows={rows}
            rowKey={(r) => r.key}
            empty={t("report.none")}
            columns={[
              {
                key: "label",
                header: query.by === "kecamatan" ? t("report.col.kecamatan") : t("report.col.type"),
                rowHeader: true,
                value: (r) => (query.by === "type" ? t(`types.${r.key}`, { defaultValue: r.label }) : r.label),
                sort: true,
                cell: (r) => (query.by === "type" ? t(`types.${r.key}`, { defaultValue: r.label }) : r.label),
              },
              numeric("incidents", t("report.col.incidents"), (v) => num.format(v ?? 0)),
              numeric("closed", t("report.col.closed"), (v) => num.format(v ?? 0)),
              numeric("falseAlarms", t("report.col.falseAlarms"), (v) => num.format(v ?? 0)),
              numeric("dispatchMedian", t("report.col.median"), dur, dispatch),
              numeric("dispatchP90", t("report.col.p90"), dur, dispatch),
              numeric("arrivalMedian", t("report.col.median"), dur, arrival),
              numeric("arrivalP90", t("report.col.p90"), dur, arrival),
            ]}
            foot={
              rows.length > 1 && (
                <tfoot>
                  <tr className="report-table__total">
                    <th scope="row">{t("report.total")}</th>
                    <td className="num">{num.format(rows.reduce((n, r) => n + r.incidents, 0))}</td>
                    <td className="num">{num.format(rows.reduce((n, r) => n + r.closed, 0))}</td>
                    <td className="num">{num.format(rows.reduce((n, r) => n + r.falseAlarms, 0))}</td>
                    <td colSpan={4} />
                  </tr>
                </tfoot>
              )
            }
          />
        </section>
      )}
    </div>
  );
}
