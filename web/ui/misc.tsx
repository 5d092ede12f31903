import { type ReactNode, useCallback, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";

/** Sets the document title to "<title> · Balai" (for screens whose h1 is not a PageTitle, e.g. wall displays). */
export function useDocumentTitle(title: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [title, t]);
}

/** Sets the document title and renders the page's h1 (focused by the shell after navigation). */
export function PageTitle({ children, caption }: { children: string; caption?: string }) {
  useDocumentTitle(children);
  return (
    <>
      {caption && <span className="caption">{caption}</span>}
      <h1 tabIndex={-1} className="page-title">
        {children}
      </h1>
    </>
  );
}

/** A page that says one thing: its title, a sentence, and the one link on (not found, signed in already, cancelled). */
export function MessagePage({ title, body, href, link }: { title: string; body: ReactNode; href: string; link: ReactNode }) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <p>{body}</p>
      <p>
        <Link href={href}>{link}</Link>
      </p>
    </>
  );
}

export function Notice({ kind = "success", children, title }: { kind?: "success" | "info" | "warning"; children?: ReactNode; title?: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === "warning" ? "alert" : "status"}>
      {title && <p className="notice__title">{title}</p>}
      {children}
    </div>
  );
}

export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="back-link">
      {children}
    </Link>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("app.loading")}
    </p>
  );
}

// Dates and times: one formatter in the city's time zone (web/ui/time.ts); re-exported for the pages that import them here.
export { formatDate, formatDateTime } from "./time.ts";

/** A row of calls to action: one button, then links (plain unless given a class); "tel:" and other non-app addresses stay plain anchors. */
export function ActionLinks({
  button,
  links = [],
  className,
}: {
  button?: { href: string; label: ReactNode; className?: string } | false;
  links?: { href: string; label: ReactNode; className?: string }[];
  className?: string;
}) {
  const to = (href: string, label: ReactNode, cls?: string) =>
    href.startsWith("/") ? (
      <Link key={href} href={href} className={cls}>
        {label}
      </Link>
    ) : (
      <a key={href} href={href} className={cls}>
        {label}
      </a>
    );
  return (
    <div className={className ? `button-group ${className}` : "button-group"}>
      {button && to(button.href, button.label, button.className ?? "button")}
      {links.map((l) => to(l.href, l.label, l.className))}
    </div>
  );
}

/** What a loader gives: the data once it is there, or the problem. */
export interface LoadState<T> {
  data: T | null;
  error: { title: string } | null;
}

/** The problem (announced), the loading line, or the page part built from the data. */
export function Loaded<T>({ state, children }: { state: LoadState<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <p role="alert">{state.error.title}</p>;
  if (state.data == null) return <Loading />;
  return children(state.data);
}

/** Runs `task` on arrival (and again when `key` changes: the id or query it loads) and returns it to run again after a change; a problem goes to `onProblem`. */
export function useLoad(task: () => Promise<void>, onProblem: (err: unknown) => void, key = "") {
  const taskRef = useRef(task);
  taskRef.current = task;
  const load = useCallback(async () => {
    try {
      await taskRef.current();
    } catch (err) {
      onProblem(err);
    }
  }, [onProblem]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key names what to load; a new one loads again
  useEffect(() => {
    void load();
  }, [load, key]);
  return load;
}

/** Key figures as a definition list (label, then value), e.g. the tiles over a dashboard. */
export function Figures({ items, className }: { items: [label: string, value: ReactNode][]; className: string }) {
  return (
    <dl className={className}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One row of a summary list: the label, the value, and optionally the value's class; false/null/"" leaves the row out. */
export type SummaryRow = [label: string, value: ReactNode, valueClassName?: string] | false | null | undefined | "" | 0;

/** Label–value pairs as a definition list ("summary-list"): a case's or an account's facts; rows that are not there are left out. */
export function SummaryList({ rows, className = "summary-list" }: { rows: SummaryRow[]; className?: string }) {
  return (
    <dl className={className}>
      {rows.map((row) =>
        row ? (
          <div key={row[0]}>
            <dt>{row[0]}</dt>
            <dd className={row[2]}>{row[1]}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

/** The green panel at the end of a flow: the page's title and the number to keep (GOV.UK confirmation page). */
export function ConfirmationPanel({ title, label, number, testId }: { title: string; label: string; number: ReactNode; testId?: string }) {
  return (
    <div className="confirmation">
      <PageTitle>{title}</PageTitle>
      <p className="confirmation__body">
        {label}
        <br />
        <strong className="confirmation__number" data-testid={testId}>
          {number}
        </strong>
      </p>
    </div>
  );
}

/** What a list shows when it has nothing yet: a short title and, optionally, what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children}
    </div>
  );
}
