/** The end of /lapor: the report number and where to follow it. */
import { Link } from "wouter";
import { useQueuedFate } from "../../../offline/queue.ts";
import { ConfirmationPanel, MessagePage, PageTitle } from "../../../ui/misc.tsx";
import type { ReportFlowState } from "./useReportFlow.ts";

export function StepSent({ flow }: { flow: ReportFlowState }) {
  const { confidential, queued, sent, t } = flow;
  const fate = useQueuedFate(queued);
  const fromQueue = fate.sent;
  if (fate.cancelled) {
    return <MessagePage title={t("flow.cancelledTitle")} body={t("flow.cancelledBody")} href="/" link={t("flow.home")} />;
  }
  if (fromQueue) {
    // Sent from the queue while this page stayed open: the same end as a report sent at once.
    return (
      <>
        <ConfirmationPanel title={t("flow.sentTitle")} label={t("flow.sentNumber")} number={fromQueue.number} />
        <p>{t("flow.sentBody")}</p>
        <p>
          <Link href={fromQueue.link}>{t("flow.mineLink")}</Link>
        </p>
      </>
    );
  }
  if (queued && !sent) {
    return (
      <>
        <PageTitle>{t("flow.queuedTitle")}</PageTitle>
        <p data-testid="report-queued">{t("flow.queuedBody")}</p>
        <ul className="list">
          <li>
            <Link href="/laporan-saya">{t("flow.mineLink")}</Link>
          </li>
          <li>
            <Link href="/">{t("flow.home")}</Link>
          </li>
        </ul>
      </>
    );
  }
  return (
    <>
      <ConfirmationPanel title={t("flow.sentTitle")} label={t("flow.sentNumber")} number={sent?.number} testId="report-number" />
      <p>{t("flow.sentBody")}</p>
      <ul className="list">
        {sent?.trackingToken && (
          <li>
            <Link href={`/lacak/${sent.trackingToken}`}>{t("flow.trackLink")}</Link>
          </li>
        )}
        <li>
          <Link href={`/laporan-saya/${sent?.id}`}>{t("flow.mineLink")}</Link>
        </li>
        {!confidential && sent && (
          <li>
            <Link href={`/laporan/${encodeURIComponent(sent.number)}`}>{t("flow.publicLink")}</Link>
          </li>
        )}
      </ul>
      {confidential && <p className="muted">{t("flow.sentConfidential")}</p>}
      <p>
        <a
          href="/lapor"
          onClick={(e) => {
            e.preventDefault();
            window.location.assign("/lapor");
          }}
        >
          {t("flow.another")}
        </a>
      </p>
    </>
  );
}
