/** /permohonan/:id/periksa — check the answers before submitting. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { post, ProblemError } from "../../api.ts";
import { enqueue, isOffline, newQueueId } from "../../offline/queue.ts";
import { ErrorSummary, SubmitButton, type Summary } from "../../ui/form.tsx";
import { BackLink, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { fieldId, type Region, useData, useLoc } from "./shared.tsx";

import { AnswerList, CaseError, NotEditable } from "./Answers.tsx";
import { carried, problemToErrors, toSummary, useCase } from "./applicationState.tsx";
import { forgetLocalAnswers, useOwner } from "./useLocalAnswers.ts";

export function CheckAnswers({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const [, navigate] = useLocation();
  const { data: c, error } = useCase(params.id);
  const regions = useData<Region[]>("/api/regions");
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [queued, setQueued] = useState(false);
  const owner = useOwner();

  if (error) return <CaseError error={error} />;
  if (!c) return <Loading />;
  if (queued) {
    return (
      <>
        <PageTitle caption={loc(c.service.name)}>{t("check.queuedTitle")}</PageTitle>
        <Notice kind="info">{t("check.queuedBody")}</Notice>
        <p>
          <Link href="/layanan-saya">{t("check.queuedMine")}</Link>
        </p>
      </>
    );
  }
  const resubmit = c.state === "correction";
  if (!c.editable) return <NotEditable c={c} />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    // No signal: the answers are saved on the server already; the "send" waits in the queue on the phone.
    const toQueue = async () => {
      if (!owner) return;
      const label = { id: c.service.name.id, en: c.service.name.en };
      await enqueue({
        id: newQueueId(),
        kind: "application",
        ...owner,
        createdAt: new Date().toISOString(),
        label,
        status: "waiting",
        caseId: c.id,
        version: c.version,
        resubmit,
      });
      await forgetLocalAnswers(owner, c.service.key);
      setQueued(true);
    };
    try {
      if (isOffline()) {
        await toQueue();
        return;
      }
      if (resubmit) {
        await post(`/api/cases/${c.id}/actions/resubmit`, { version: c.version });
        navigate(`/layanan-saya/${c.id}`);
      } else {
        await post(`/api/cases/${c.id}/submit`, { version: c.version });
        await forgetLocalAnswers(owner, c.service.key);
        navigate(`/permohonan/${c.id}/terkirim`);
      }
    } catch (err) {
      if (err instanceof ProblemError && err.status === 0) {
        await toQueue();
        return;
      }
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
        <SubmitButton busy={busy}>{resubmit ? t("check.resubmit") : t("check.submit")}</SubmitButton>
      </form>
    </>
  );
}

/** /permohonan/:id/terkirim — confirmation with the case number. */
