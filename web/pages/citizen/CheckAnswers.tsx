/** /permohonan/:id/periksa — check the answers before submitting. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { post } from "../../api.ts";
import { ErrorSummary, type Summary } from "../../ui/form.tsx";
import { BackLink, Loading, PageTitle } from "../../ui/misc.tsx";
import { fieldId, type Region, useData, useLoc } from "./shared.tsx";

import { AnswerList, CaseError, NotEditable } from "./Answers.tsx";
import { carried, problemToErrors, toSummary, useCase } from "./applicationState.tsx";

export function CheckAnswers({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const [, navigate] = useLocation();
  const { data: c, error } = useCase(params.id);
  const regions = useData<Region[]>("/api/regions");
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);

  if (error) return <CaseError error={error} />;
  if (!c) return <Loading />;
  const resubmit = c.state === "correction";
  if (!c.editable) return <NotEditable c={c} />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      if (resubmit) {
        await post(`/api/cases/${c.id}/actions/resubmit`, { version: c.version });
        navigate(`/layanan-saya/${c.id}`);
      } else {
        await post(`/api/cases/${c.id}/submit`, { version: c.version });
        navigate(`/permohonan/${c.id}/terkirim`);
      }
    } catch (err) {
      const p = problemToErrors(err);
      if (Object.keys(p.errs).length) {
        carried.value = { id: c.id, errs: p.errs, title: p.title };
        navigate(`/permohonan/${c.id}`);
        return;
      }
      setSummary(toSummary({}, p.extra, p.title));
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink href={`/permohonan/${c.id}`}>{t("common.back")}</BackLink>
      <ErrorSummary summary={summary} />
      <PageTitle caption={loc(c.service.name)}>{t("check.title")}</PageTitle>
      <AnswerList
        c={c}
        regions={regions.data}
        className="summary-list summary-list--actions"
        action={(f) =>
          c.editable && (
            <dd className="summary-list__action">
              <Link href={`/permohonan/${c.id}#${fieldId(f.name)}`}>
                {t("check.change")}
                <span className="visually-hidden"> {loc(f.label)}</span>
              </Link>
            </dd>
          )
        }
      />
      <h2 className="h">{t("check.declarationTitle")}</h2>
      <p>{t("check.declaration")}</p>
      <form onSubmit={onSubmit}>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {resubmit ? t("check.resubmit") : t("check.submit")}
        </button>
      </form>
    </>
  );
}

/** /permohonan/:id/terkirim — confirmation with the case number. */
