/** The narrow page around one account form (sign in, sign up, a new password), GOV.UK style. */
import type { FormEvent, ReactNode } from "react";
import { ErrorSummary, type Summary } from "./form.tsx";
import { PageTitle } from "./misc.tsx";

/** A way back, the error summary, notices, the title and its lead, the form, and what follows it (links on). */
export function FormPage({
  back,
  summary,
  notices,
  title,
  lead,
  onSubmit,
  children,
  after,
}: {
  back?: ReactNode;
  summary: Summary | null;
  notices?: ReactNode;
  title: string;
  lead?: ReactNode;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
  after?: ReactNode;
}) {
  return (
    <div className="narrow">
      {back}
      <ErrorSummary summary={summary} />
      {notices}
      <PageTitle>{title}</PageTitle>
      {lead && <p>{lead}</p>}
      <form onSubmit={onSubmit} noValidate>
        {children}
      </form>
      {after}
    </div>
  );
}
