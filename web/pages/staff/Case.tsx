import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { get } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { BackLink, Loading, Notice, PageTitle, useLoad } from "../../ui/misc.tsx";
import { CaseActions, type CaseNotice } from "./case/CaseActions.tsx";
import { CaseAnswers, CaseTimeline } from "./case/CaseAnswers.tsx";
import { CaseHeader } from "./case/CaseHeader.tsx";
import { NationalRefPanel } from "./case/NationalRef.tsx";
import { useLocalized, useRegions } from "./shared.tsx";
import type { StaffCase } from "./types.ts";

export type { StaffCase } from "./types.ts";

// e-Lapor complaints get their map, photos, progress updates and merge (a separate chunk with the map library).
const ComplaintPanel = lazy(() => import("../lapor/staff/ComplaintPanel.tsx"));

/** /konsol/permohonan/:id — a case for staff: header, answers, files, timeline and the allowed actions. */
export default function CaseView({ id }: { id: string }) {
  const { t } = useTranslation();
  const L = useLocalized();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const regions = useRegions();
  const [c, setC] = useState<StaffCase | null>(null);
  const [notice, setNotice] = useState<CaseNotice | null>(null);
  const page = useForm(
    {},
    {
      labels: {
        comment: t("staffCases.case.comment"),
        forwardTo: t("staffCases.case.forwardTo"),
        file: t("staffCases.case.document"),
        note: t("staffCases.case.addComment"),
      },
      fieldMap: { fileIds: "file" },
    },
  );
  const { showProblem } = page;

  const load = useLoad(
    async () => {
      setC(await get<StaffCase>(`/api/cases/${id}`));
    },
    showProblem,
    id,
  );

  if (!c) {
    return (
      <>
        <ErrorSummary summary={page.summary} />
        <BackLink href="/konsol/permohonan">{t("staffCases.case.back")}</BackLink>
        {!page.summary && <Loading />}
      </>
    );
  }

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <BackLink href="/konsol/permohonan">{t("staffCases.case.back")}</BackLink>
      <PageTitle caption={L(c.service.name)}>{c.number ?? ""}</PageTitle>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>
      <CaseHeader c={c} regions={regions} tz={tz} />

      <div className="split case-layout">
        <div className="case-layout__main">
          {c.service.kind === "complaint" && (
            <Suspense fallback={<Loading />}>
              <ComplaintPanel caseId={c.id} isOpen={c.isOpen} onChanged={() => void load()} />
            </Suspense>
          )}
          <NationalRefPanel c={c} tz={tz} onSaved={() => void load()} />
          <CaseAnswers c={c} regions={regions} tz={tz} />
          <CaseTimeline events={c.events} tz={tz} />
        </div>
        <CaseActions c={c} regions={regions} page={page} onChanged={setC} reload={load} onNotice={setNotice} />
      </div>
    </>
  );
}
