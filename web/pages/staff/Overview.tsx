import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, post } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { ErrorSummary, FileField, SubmitButton, useForm } from "../../ui/form.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { Figures, Loading, Notice, PageTitle, useLoad } from "../../ui/misc.tsx";
import "./staff.css";

interface UnitRow {
  unit_code: string;
  unit_name: string;
  services: number;
  online: number;
  cases: number;
  open_cases: number;
  closed: number;
  closed_on_time: number;
  overdue_open: number;
  slaCompliance: number | null;
}
interface OverviewData {
  units: UnitRow[];
  topServices: { key: string; name_id: string; cases: number }[];
  totals: { services: number; online: number; opds: number; cases: number };
}

const pct = (v: number | null) => (v == null ? "—" : `${Math.round(v * 100)}%`);

/** A horizontal SVG bar chart; the numbers are also in the table, so the chart is labelled, not a second data source. */
function BarChart({ title, rows, max, format }: { title: string; rows: { label: string; value: number }[]; max: number; format: (v: number) => string }) {
  const rowH = 22;
  const labelW = 230;
  const barW = 360;
  const h = rows.length * rowH + 8;
  const id = `chart-${title.replace(/\W+/g, "-")}`;
  return (
    <figure className="chart-figure">
      <figcaption id={id}>
        <strong>{title}</strong>
      </figcaption>
      <svg className="chart" viewBox={`0 0 ${labelW + barW + 60} ${h}`} role="img" aria-labelledby={id}>
        <title>{title}</title>
        {rows.map((r, i) => {
          const w = max > 0 ? Math.max(1, (r.value / max) * barW) : 1;
          const y = i * rowH + 4;
          return (
            <g key={r.label}>
              <text x={labelW - 6} y={y + 14} textAnchor="end">
                {r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}
              </text>
              <rect className="bar" x={labelW} y={y + 2} width={w} height={rowH - 6} />
              <text x={labelW + w + 4} y={y + 14}>
                {format(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** /konsol/ikhtisar — Kominfo's view of the catalogue: totals, per-OPD table and charts, YAML export/import. */
export default function Overview() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [data, setData] = useState<OverviewData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const page = useForm({}, {});
  const { showProblem, clear } = page;

  const load = useLoad(async () => setData(await get<OverviewData>("/api/admin/catalog/overview")), showProblem);

  const doImport = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    clear();
    setNotice(null);
    try {
      const r = await post<{ created: number; updated: number; unchanged: number }>("/api/admin/catalog/import", { yaml: await file.text() });
      setNotice(t("staffCases.overview.importResult", r));
      await load();
    } catch (err) {
      showProblem(err);
    }
  };

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <PageTitle caption={session?.tenant.name}>{t("staffCases.overview.title")}</PageTitle>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      {!data ? (
        !page.summary && <Loading />
      ) : (
        <>
          <Figures
            className="stats"
            items={[
              [t("staffCases.overview.services"), data.totals.services],
              [t("staffCases.overview.online"), data.totals.online],
              [t("staffCases.overview.opds"), data.totals.opds],
              [t("staffCases.overview.cases"), data.totals.cases],
            ]}
          />
          <h2>{t("staffCases.overview.perUnit")}</h2>
          <DataTable
            caption={t("staffCases.overview.perUnit")}
            rows={data.units}
            rowKey={(u) => u.unit_code}
            columns={[
              {
                key: "unit",
                header: t("staffCases.overview.unit"),
                rowHeader: true,
                cell: (u) => (
                  <>
                    {u.unit_name} <span className="muted mono">{u.unit_code}</span>
                  </>
                ),
              },
              { key: "services", header: t("staffCases.overview.services"), className: "num", cell: (u) => u.services },
              { key: "online", header: t("staffCases.overview.online"), className: "num", cell: (u) => u.online },
              { key: "cases", header: t("staffCases.overview.cases"), className: "num", cell: (u) => u.cases },
              { key: "open", header: t("staffCases.overview.open"), className: "num", cell: (u) => u.open_cases },
              { key: "overdue", header: t("staffCases.overview.overdue"), className: "num", cell: (u) => u.overdue_open },
              { key: "compliance", header: t("staffCases.overview.compliance"), className: "num", cell: (u) => pct(u.slaCompliance) },
            ]}
          />
          <div className="grid grid--2">
            <BarChart
              title={t("staffCases.overview.chartServices")}
              rows={data.units.map((u) => ({ label: u.unit_name, value: u.services }))}
              max={Math.max(0, ...data.units.map((u) => u.services))}
              format={String}
            />
            <BarChart
              title={t("staffCases.overview.chartSla")}
              rows={data.units.filter((u) => u.slaCompliance != null).map((u) => ({ label: u.unit_name, value: u.slaCompliance ?? 0 }))}
              max={1}
              format={(v) => pct(v)}
            />
          </div>
          {data.topServices.length > 0 && (
            <>
              <h2>{t("staffCases.overview.top")}</h2>
              <ol>
                {data.topServices.slice(0, 10).map((s) => (
                  <li key={s.key}>
                    {s.name_id} <span className="muted">({s.cases})</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
      <h2>{t("staffCases.overview.export")}</h2>
      <p>
        <a className="button button--secondary" href="/api/admin/catalog/export" download>
          {t("staffCases.overview.export")}
        </a>
      </p>
      {hasPermission(session, "org.manage") && (
        <form onSubmit={doImport} className="panel">
          <h2>{t("staffCases.overview.import")}</h2>
          <FileField
            id="yaml"
            label={t("staffCases.overview.importFile")}
            inputClassName="file-input"
            accept=".yaml,.yml,application/yaml,text/yaml"
            onFile={setFile}
          />
          <SubmitButton>{t("staffCases.overview.importDo")}</SubmitButton>
        </form>
      )}
    </>
  );
}
