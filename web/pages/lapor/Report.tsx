/**
 * /lapor — make a complaint: category → location → details and photos → check (nearby reports, +1) → sent.
 * The flow's state is useReportFlow (report/useReportFlow.ts); each step is its own screen in report/.
 */
import { Loading } from "../../ui/misc.tsx";
import { StepCategory } from "./report/StepCategory.tsx";
import { StepCheck } from "./report/StepCheck.tsx";
import { StepDetails } from "./report/StepDetails.tsx";
import { StepLocation } from "./report/StepLocation.tsx";
import { StepSent } from "./report/StepSent.tsx";
import { useReportFlow } from "./report/useReportFlow.ts";
import type { Category } from "./shared.tsx";

export function ReportFlow() {
  const flow = useReportFlow();
  const { catError, categories, step } = flow;
  if (catError) return <p>{catError.title}</p>;
  if (!categories) return <Loading />;
  if (step === "kategori") return <StepCategory flow={flow} />;
  if (step === "lokasi") return <StepLocation flow={flow} />;
  if (step === "uraian") return <StepDetails flow={flow} />;
  if (step === "periksa") return <StepCheck flow={flow} />;
  return <StepSent flow={flow} />;
}

export type { Category };
