/** Step 1 of /lapor: choose the category. */
import { Link } from "wouter";
import { ErrorSummary, Fieldset, SubmitButton } from "../../../ui/form.tsx";
import { PageTitle } from "../../../ui/misc.tsx";
import { CategoryIcon } from "../shared.tsx";
import type { ReportFlowState } from "./useReportFlow.ts";

export function StepCategory({ flow }: { flow: ReportFlowState }) {
  const { L, categories, category, chooseCategory, errors, setCategory, stepCaption, summary, t } = flow;
  return (
    <>
      <ErrorSummary summary={summary} />
      <PageTitle caption={stepCaption}>{t("flow.categoryTitle")}</PageTitle>
      <p className="lead">{t("flow.categoryLead")}</p>
      <form onSubmit={chooseCategory} noValidate>
        <Fieldset id="category" legend={t("flow.categoryLegend")} legendClassName="visually-hidden" error={errors.category}>
          <div className="cat-grid">
            {categories?.map((c, i) => (
              <label key={c.key} className={`cat-card${category === c.key ? " cat-card--on" : ""}`} htmlFor={i === 0 ? "category" : `category-${c.key}`}>
                <input
                  type="radio"
                  name="category"
                  id={i === 0 ? "category" : `category-${c.key}`}
                  value={c.key}
                  checked={category === c.key}
                  onChange={() => setCategory(c.key)}
                  className="cat-card__radio"
                />
                <CategoryIcon categoryKey={c.key} />
                <span className="cat-card__name">{L(c.name)}</span>
                <span className="cat-card__summary" id={`cat-${c.key}-summary`}>
                  {L(c.summary)}
                </span>
              </label>
            ))}
          </div>
        </Fieldset>
        <SubmitButton>{t("flow.continue")}</SubmitButton>
      </form>
      <p>
        <Link href="/laporan">{t("flow.seeOthers")}</Link>
      </p>
    </>
  );
}
