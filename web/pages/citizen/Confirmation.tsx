/** /permohonan/:id/terkirim — the confirmation after submitting, with the tracking link. */
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { ConfirmationPanel, formatDate, Loading } from "../../ui/misc.tsx";
import { useLoc } from "./shared.tsx";

import { CaseError } from "./Answers.tsx";
import { useCase } from "./applicationState.tsx";

export function Confirmation({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const { data: c, error } = useCase(params.id);
  if (error) return <CaseError error={error} />;
  if (!c) return <Loading />;
  return (
    <>
      <ConfirmationPanel title={t("confirm.title")} label={t("confirm.numberLabel")} number={c.number} testId="case-number" />
      <p>{t("confirm.service", { service: loc(c.service.name) })}</p>
      <h2 className="h">{t("confirm.nextTitle")}</h2>
      <p>{t("confirm.next", { unit: c.unit?.name ?? "" })}</p>
      {c.slaDueAt && <p>{t("confirm.due", { date: formatDate(c.slaDueAt) })}</p>}
      {c.trackingToken && (
        <>
          <h2 className="h">{t("confirm.trackTitle")}</h2>
          <p>{t("confirm.track")}</p>
          <p className="break">
            <Link href={`/lacak/${c.trackingToken}`}>{`${location.origin}/lacak/${c.trackingToken}`}</Link>
          </p>
        </>
      )}
      <p>
        <Link href={`/layanan-saya/${c.id}`}>{t("confirm.viewCase")}</Link>
      </p>
      <p>
        <Link href="/layanan-saya">{t("common.backToMine")}</Link>
      </p>
    </>
  );
}
