/** /konsol/spbe — the SPBE/Pemdi evaluation: index with predicate, radar per aspect against last year, and the indicators to answer. */
import { useState } from "react";
import { hasPermission, useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { type Tone, StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { AnswerPanel } from "./Answer.tsx";
import { AssignCell, NewAssessment } from "./Manage.tsx";
import { Radar } from "./Radar.tsx";
import { type AssessmentItem, type AssessmentView, type IndexResult, type IndicatorView, useSpbeT } from "./shared.tsx";
import "./spbe.css";
import { Labelled, Options } from "../../ui/form.tsx";
import { Card } from "../../ui/Section.tsx";

const TONE: Record<string, Tone> = { none: "grey", submitted: "orange", accepted: "green", returned: "red" };

export default function SpbeConsole() {
  const { t } = useSpbeT();
  const { session } = useSession();
  const list = useData<AssessmentItem[]>("/api/spbe/assessments");
  const [chosen, setChosen] = useState<string | null>(null);
  const id = chosen ?? list.data?.[0]?.id ?? null;
  const view = useData<AssessmentView>(id ? `/api/spbe/assessments/${id}` : null);
  const index = useData<IndexResult>(id ? `/api/spbe/assessments/${id}/index` : null);
  const [open, setOpen] = useState<string | null>(null);
  const manage = hasPermission(session, "spbe.manage");
  if (list.error) return <p role="alert">{list.error.title}</p>;
  if (!list.data) return <Loading />;
  const created = (newId: string) => {
    list.reload();
    setChosen(newId);
  };
  if (!list.data.length) return manage ? <NewAssessment onCreated={created} /> : <p>{t("none")}</p>;
  const reload = () => {
    view.reload();
    index.reload();
  };
  const current = view.data?.indicators.find((i) => i.code === open) ?? null;
  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("title")}</PageTitle>
      <Labelled id="spbe-assessment" label={t("assessment")}>
        <select id="spbe-assessment" className="select" value={id ?? ""} onChange={(e) => setChosen(e.target.value)}>
          <Options options={list.data.map((a) => ({ value: a.id, label: `${a.frameworkName} · ${a.year}` }))} />
        </select>
      </Labelled>
      {manage && (
        <details className="spbe-manage">
          <summary>{t("manage.new")}</summary>
          <NewAssessment onCreated={created} />
        </details>
      )}
      {index.data && view.data && (
        <Card
          titleId="spbe-index"
          title={
            <>
              {t("index")}: <span data-testid="spbe-index">{index.data.index.toFixed(2)}</span> · {t("predicate")}: <strong>{index.data.predicate}</strong>
            </>
          }
        >
          <p>{t("answered", { answered: index.data.answered, total: index.data.indicators })}</p>
          <p>
            {index.data.previous
              ? t("previous", { year: index.data.previous.year, index: index.data.previous.index.toFixed(2), predicate: index.data.previous.predicate })
              : t("noPrevious")}
          </p>
          <h3>{t("radarTitle")}</h3>
          <Radar
            parts={index.data.aspects}
            previous={index.data.previous?.aspects ?? null}
            max={view.data.framework.levels.max}
            label={t("radarLabel")}
            names={[t("thisYear"), t("lastYear")]}
          />
          <DataTable
            caption={t("radarTitle")}
            rowKey={(a) => a.code}
            rows={index.data.aspects}
            cellLabels
            columns={[
              { key: "aspect", header: t("aspect"), cell: (a) => `${a.code} · ${a.name}`, rowHeader: true },
              { key: "now", header: t("thisYear"), className: "num", cell: (a) => a.index.toFixed(2) },
              {
                key: "prev",
                header: t("lastYear"),
                className: "num",
                cell: (a) => index.data?.previous?.aspects.find((p) => p.code === a.code)?.index.toFixed(2) ?? "–",
              },
            ]}
          />
        </Card>
      )}
      {view.data && (
        <section className="spbe-section" aria-labelledby="spbe-ind">
          <h2 id="spbe-ind">{manage ? t("indicators") : t("myIndicators")}</h2>
          {current && (
            <AnswerPanel assessmentId={view.data.id} view={view.data} indicator={current} manage={manage} onSaved={reload} onClose={() => setOpen(null)} />
          )}
          <DataTable
            caption={manage ? t("indicators") : t("myIndicators")}
            rowKey={(i) => i.code}
            rows={view.data.indicators}
            cellLabels
            columns={[
              { key: "code", header: "No.", cell: (i) => i.code },
              { key: "name", header: t("indicators"), cell: (i) => i.name, rowHeader: true },
              {
                key: "unit",
                header: t("unit"),
                cell: (i) =>
                  manage ? (
                    <AssignCell
                      key={`${view.data?.id}-${i.code}`}
                      assessmentId={view.data?.id ?? ""}
                      indicator={i.code}
                      unitCode={i.unitCode}
                      onDone={reload}
                    />
                  ) : (
                    (i.unitCode ?? "–")
                  ),
              },
              { key: "level", header: t("level"), className: "num", cell: (i) => levelOf(i) },
              {
                key: "status",
                header: "Status",
                cell: (i) => <StatusTag tone={TONE[i.answer?.status ?? "none"]}>{t(`status.${i.answer?.status ?? "none"}`)}</StatusTag>,
              },
              {
                key: "act",
                header: t("answer"),
                cell: (i) => (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`${t("answer")} ${i.code}`}
                    onClick={() => setOpen(i.code)}
                  >
                    {t("answer")}
                  </button>
                ),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}

const levelOf = (i: IndicatorView) => (i.answer ? String(i.answer.status === "accepted" ? (i.answer.reviewedLevel ?? i.answer.level) : i.answer.level) : "–");
