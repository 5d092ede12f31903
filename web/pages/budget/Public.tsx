/** /anggaran — the public budget: status, absorption chart and table, revisions side by side, signed daily roots, open data. */
import { useMemo, useState } from "react";
import { useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { formatDateTime, Loading, PageTitle, SummaryList } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { Comparison as CompareTable } from "./Compare.tsx";
import { type BudgetYear, type Overview, type Roots, rupiah, thisYear, type UnitAbsorption, useBudgetT } from "./shared.tsx";
import { Labelled, Options } from "../../ui/form.tsx";
import { Card } from "../../ui/Section.tsx";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";

export default function BudgetPage() {
  const { t, i18n } = useBudgetT();
  const lang = i18n.language;
  const { session } = useSession();
  const city = session?.tenant.name ?? "";
  const years = useData<BudgetYear[]>("/api/public/budget/years");
  const [year, setYear] = useState<number | null>(null);
  const shown = year ?? years.data?.[0]?.year ?? (years.data ? thisYear() : null);
  const { data, error } = useData<Overview>(shown ? `/api/public/budget/${shown}` : null);
  const roots = useData<Roots>("/api/public/budget/roots");
  const [compare, setCompare] = useState<number | null>(null);

  if (error) return <p role="alert">{error.title}</p>;
  if (!data || !shown) return <Loading />;
  const abs = data.absorption;
  return (
    <>
      <PageTitle caption={city}>{t("title", { year: shown })}</PageTitle>
      <p className="lead">{t("lead", { city })}</p>
      <div className="budget-head">
        <Labelled id="ang-year" label={t("year")}>
          <select id="ang-year" className="select" value={shown} onChange={(e) => setYear(Number(e.target.value))}>
            <Options options={(years.data?.length ? years.data : [{ year: shown }]).map((y) => ({ value: y.year, label: y.year }))} />
          </select>
        </Labelled>
        <p>
          <StatusTag tone={data.status === "approved" ? "green" : "orange"}>{t(`status.${data.status}`)}</StatusTag>
          {data.perdaNumber && (
            <>
              {" "}
              {t("perda")}: {data.perdaNumber}
            </>
          )}
        </p>
      </div>
      {abs && abs.units.length > 0 ? (
        <>
          <SummaryList
            className="budget-summary"
            rows={[
              [t("summary.budget"), rupiah(abs.budget, lang)],
              [t("summary.realised"), rupiah(abs.realised, lang)],
              [t("summary.pct"), <>{abs.pct.toLocaleString(lang)} %</>],
            ]}
          />
          <Card titleId="ang-chart-title" title={t("chartTitle")}>
            <AbsorptionChart units={abs.units} />
          </Card>
          <UnitTable units={abs.units} />
        </>
      ) : (
        <p>{t("none")}</p>
      )}
      <section aria-labelledby="ang-rev" className="budget-section">
        <h2 id="ang-rev">{t("revisions")}</h2>
        <DataTable
          caption={t("revisions")}
          rowKey={(r) => String(r.number)}
          rows={data.revisions}
          cellLabels
          columns={[
            { key: "n", header: t("rev.number"), cell: (r) => r.number, rowHeader: true },
            { key: "kind", header: t("rev.kind"), cell: (r) => t(`kind.${r.kind}`) },
            { key: "decree", header: t("rev.decree"), cell: (r) => <span title={`SHA-256 ${r.decreeSha256}`}>{r.decreeNumber}</span> },
            { key: "approver", header: t("rev.approver"), cell: (r) => r.approver },
            { key: "date", header: t("rev.date"), cell: (r) => formatDateTime(r.recordedAt) },
            { key: "net", header: t("rev.net"), className: "num", cell: (r) => (r.number === 0 ? "–" : rupiah(r.netChange, lang)) },
            {
              key: "cmp",
              header: t("rev.compare"),
              cell: (r) =>
                r.number > 0 ? (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t("rev.compareWith", { n: r.number })}
                    onClick={() => setCompare(r.number)}
                  >
                    {t("rev.compare")}
                  </button>
                ) : null,
            },
          ]}
        />
        {compare !== null && <CompareTable year={shown} a={compare - 1} b={compare} onClose={() => setCompare(null)} />}
      </section>
      <Card titleId="ang-roots" title={t("roots")} className="budget-section">
        <p>{t("rootsBody")}</p>
        {roots.data && (
          <>
            <DataTable
              caption={t("roots")}
              rowKey={(r) => r.day}
              rows={roots.data.roots.slice(0, 14)}
              cellLabels
              columns={[
                { key: "day", header: t("root.day"), cell: (r) => r.day, rowHeader: true },
                { key: "seq", header: t("root.seq"), className: "num", cell: (r) => r.seq },
                { key: "hash", header: t("root.hash"), cell: (r) => <code className="hash">{r.rootHash}</code> },
                { key: "sig", header: t("root.signature"), cell: (r) => <span title={r.signature}>ECDSA P-256 · {t("signed")}</span> },
              ]}
            />
            <p>
              <a href={`data:application/x-pem-file;charset=utf-8,${encodeURIComponent(roots.data.certificate)}`} download="sertifikat-kota.pem">
                {t("certificate")}
              </a>
            </p>
          </>
        )}
      </Card>
      <Card titleId="ang-open" title={t("openData")} className="budget-section">
        <p>{t("openDataBody")}</p>
        <p>
          <a href={`/api/public/budget/${shown}/apbd.csv`} download>
            {t("csv")}
          </a>{" "}
          · <a href={`/api/public/budget/${shown}/datapackage.json`}>{t("fdp")}</a> · <a href="/api/docs#/budget">API</a>
        </p>
      </Card>
    </>
  );
}

function UnitTable({ units }: { units: UnitAbsorption[] }) {
  const { t, i18n } = useBudgetT();
  const lang = i18n.language;
  return (
    <DataTable
      caption={t("units")}
      captionVisible
      captionClassName="h3"
      rowKey={(u) => u.unitCode}
      rows={units}
      cellLabels
      sortBy={{ key: "budget", dir: "desc" }}
      csv={{ filename: "serapan-opd.csv", label: t("csvTable") }}
      columns={[
        { key: "unit", header: t("unit"), cell: (u) => u.unitName, value: (u) => u.unitName, rowHeader: true, sort: true },
        {
          key: "programs",
          header: t("programs"),
          cell: (u) => (
            <ul className="budget-programs">
              {u.programs.map((p) => (
                <li key={p.program}>
                  {p.program} {p.programName ?? ""}: {p.pct.toLocaleString(lang)} %
                </li>
              ))}
            </ul>
          ),
        },
        { key: "budget", header: t("summary.budget"), className: "num", cell: (u) => rupiah(u.budget, lang), value: (u) => u.budget, sort: true },
        { key: "realised", header: t("summary.realised"), className: "num", cell: (u) => rupiah(u.realised, lang), value: (u) => u.realised, sort: true },
        { key: "pct", header: t("summary.pct"), className: "num", cell: (u) => `${u.pct.toLocaleString(lang)} %`, value: (u) => u.pct, sort: true },
      ]}
    />
  );
}

function AbsorptionChart({ units }: { units: UnitAbsorption[] }) {
  const { t, i18n } = useBudgetT();
  const option = useMemo((): EChartsOption => {
    const sorted = [...units].sort((a, b) => a.budget - b.budget);
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => `${Math.round(v / 1e6).toLocaleString(i18n.language)} jt` } },
      yAxis: { type: "category", data: sorted.map((u) => u.unitCode) },
      series: [
        { name: t("summary.budget"), type: "bar", data: sorted.map((u) => u.budget), itemStyle: { color: "#9fb8d8" } },
        { name: t("summary.realised"), type: "bar", data: sorted.map((u) => u.realised), itemStyle: { color: "#1d4f91" } },
      ],
    };
  }, [units, t, i18n.language]);
  const { ref } = useChart(option);
  return <div ref={ref} className="budget-chart" role="img" aria-label={t("chartLabel")} />;
}
