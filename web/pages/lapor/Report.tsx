/**
 * /lapor — make a complaint: category → location → details and photos → check (nearby reports, +1) → sent.
 * The flow's state is useReportFlow (report/useReportFlow.ts); each step is its own screen in report/.
 */
import { Loading, Notice } from "../../ui/misc.tsx";
import { StepCategory } from "./report/StepCategory.tsx";
import { StepCheck } from "./report/StepCheck.tsx";
import { StepDetails } from "./report/StepDetails.tsx";
import { StepLocation } from "./report/StepLocation.tsx";
import { StepSent } from "./report/StepSent.tsx";
import { useReportFlow } from "./report/useReportFlow.ts";
import type { Category } from "./shared.tsx";

export function ReportFlow() {
  const flow = useReportFlow();
  const { catError, categories, restored, step, t, wasRestored } = flow;
  if (catError) return <p>{catError.title}</p>;
  // The draft on the phone is read first, so a reload shows the step in the address with its answers.
  if (!categories || !restored) return <Loading />;
  if (step === "terkirim") return <StepSent flow={flow} />;
  return (
    <>
      {wasRestored && <Notice kind="info">{t("flow.restored")}</Notice>}
      {step === "kategori" && <StepCategory flow={flow} />}
      {step === "lokasi" && <StepLocation flow={flow} />}
      {step === "uraian" && <StepDetails flow={flow} />}
      {step === "periksa" && <StepCheck flow={flow} />}
    </>
  );
}

export type { Category };
