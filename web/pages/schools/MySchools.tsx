/** /sekolah — a principal's or school operator's reports now due, with their state, and earlier reports. */
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { get } from "../../api.ts";
import { formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { type MySchools as Mine, pick, stateTone, useSchoolsT } from "./shared.tsx";
import "./schools.css";

export default function MySchools() {
  const { t, i18n } = useSchoolsT();
  const [data, setData] = useState<Mine | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<Mine>("/api/schools/me").then(setData, (e) => setError(String(e.message ?? e)));
  }, []);
  if (error) return <Notice kind="warning">{error}</Notice>;
  if (!data) return <Loading />;
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <p>{t("mySchoolsLead")}</p>
      {data.schools.length === 0 && <Notice kind="info">{t("none")}</Notice>}
      {data.schools.map((s) => (
        <section key={s.unitId} aria-labelledby={`school-${s.unitId}`} className="school">
          <h2 id={`school-${s.unitId}`}>
            {s.name} <span className="mono school__npsn">NPSN {s.npsn}</span>
          </h2>
          <ul className="school-due">
            {s.due.map((d) => {
              const state = d.report?.state ?? "missing";
              const canFill = !d.report || d.report.state === "returned";
              return (
                <li key={d.kind} className="card school-due__item">
                  <h3 className="card__title">{pick(d.name, i18n.language)}</h3>
                  <p className="school-due__meta">
                    {t("period", { period: d.period })} · {t("due", { date: formatDate(d.dueOn) })}
                  </p>
                  <p className="tags">
                    <StatusTag tone={stateTone(d.report?.state)}>{t(`state.${state}`)}</StatusTag>{" "}
                    {(d.report?.late || d.overdue) && <StatusTag tone="red">{d.report?.late ? t("late") : t("overdue")}</StatusTag>}
                  </p>
                  {d.report?.state === "returned" && d.report.reviewComment && (
                    <p>
                      <strong>{t("reviewComment")}:</strong> {d.report.reviewComment}
                    </p>
                  )}
                  <Link href={`/sekolah/${s.unitId}/laporan/${d.kind}/${d.period}`} className={canFill ? "button" : "button button--secondary"}>
                    {canFill ? (d.report ? t("fix") : t("fill")) : t("view")}
                    <span className="visually-hidden">: {pick(d.name, i18n.language)}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {s.recent.length > 0 && (
            <>
              <h3>{t("recent")}</h3>
              <ul className="school-recent">
                {s.recent.slice(0, 12).map((r) => (
                  <li key={r.id}>
                    <Link href={`/sekolah/${s.unitId}/laporan/${r.kind}/${r.period}`}>
                      {pick(s.due.find((d) => d.kind === r.kind)?.name ?? { id: r.kind, en: r.kind }, i18n.language)} {r.period}
                    </Link>{" "}
                    <StatusTag tone={stateTone(r.state)}>{t(`state.${r.state}`)}</StatusTag> {r.late && <StatusTag tone="red">{t("late")}</StatusTag>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
    </>
  );
}
