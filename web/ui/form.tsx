import { type ChangeEvent, type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../api.ts";

export type Errors = Record<string, string>;

export interface Summary {
  /** The server's problem title (or none for client-side checks). */
  title?: string;
  items: { field?: string; message: string }[];
  /** Bumped on every failed submit so the summary takes focus again. */
  n: number;
}

interface FormOptions {
  /** Server field name → form field id (e.g. identifier → email). */
  fieldMap?: Record<string, string>;
  /** Field id → label, used to make summary lines specific. */
  labels?: Record<string, string>;
}

/** Form state with GOV.UK-style errors: messages beside fields plus an error summary that takes focus. */
export function useForm<V extends Record<string, string>>(initial: V, opts: FormOptions = {}) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<Summary | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const counter = useRef(0);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const set = useCallback(
    (name: keyof V) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
      const v = e.target.value;
      setValues((old) => ({ ...old, [name]: v }));
    },
    [],
  );

  /** Client-side messages are already specific; the server's generic ones ("Wajib diisi") get the field label in front. */
  const showErrors = useCallback((errs: Errors, title?: string, extra: string[] = [], prefixLabels = false) => {
    const label = (field: string) => optsRef.current.labels?.[field];
    setErrors(errs);
    counter.current += 1;
    const items = [
      ...Object.entries(errs).map(([field, message]) => ({ field, message: prefixLabels && label(field) ? `${label(field)}: ${message}` : message })),
      ...extra.map((message) => ({ message })),
    ];
    setSummary({ title, items, n: counter.current });
  }, []);

  const showProblem = useCallback(
    (err: unknown) => {
      const opts = optsRef.current;
      if (!(err instanceof ProblemError)) {
        showErrors({}, String(err));
        return;
      }
      const errs: Errors = {};
      const extra: string[] = [];
      for (const e of err.errors) {
        const field = opts.fieldMap?.[e.field] ?? e.field;
        if (opts.labels && !(field in opts.labels)) {
          extra.push(e.message);
          continue;
        }
        errs[field] = errs[field] ? `${errs[field]}. ${e.message}` : e.message;
      }
      showErrors(errs, err.title, extra, true);
    },
    [showErrors],
  );

  const clear = useCallback(() => {
    setErrors({});
    setSummary(null);
  }, []);

  /** Submit handler: run client checks, then the action; problems land in the summary and beside fields. */
  const submit = (validate: (v: V) => Errors, action: (v: V) => Promise<void>) => async (e?: FormEvent) => {
    e?.preventDefault();
    if (submitting) return;
    const errs = validate(values);
    if (Object.keys(errs).length) {
      showErrors(errs);
      return;
    }
    clear();
    setSubmitting(true);
    try {
      await action(values);
    } catch (err) {
      showProblem(err);
    } finally {
      setSubmitting(false);
    }
  };

  /** The value, change handler and error of one field: `<TextField id="email" label={…} {...form.bind("email")} />` (errorKey: the error's field id when it differs). */
  const bind = (name: keyof V & string, errorKey: string = name) => ({ value: values[name], onChange: set(name), error: errors[errorKey] });

  return { values, setValues, set, bind, errors, summary, submitting, submit, showProblem, showErrors, clear };
}

/** "Ada masalah" box: focused when it appears, links move focus to the field. */
export function ErrorSummary({ summary }: { summary: Summary | null }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const n = summary?.n;
  useEffect(() => {
    if (n) ref.current?.focus();
  }, [n]);
  if (!summary) return null;
  const focusField = (id: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    const el = document.getElementById(id) ?? document.querySelector<HTMLElement>(`[name="${id}"]`);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }
  };
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {t("form.problem")}
      </h2>
      {summary.title && <p className="error-summary__detail">{summary.title}</p>}
      {summary.items.length > 0 ? (
        <ul className="error-summary__list">
          {summary.items.map((it) => (
            <li key={`${it.field ?? ""}:${it.message}`}>
              {it.field ? (
                <a href={`#${it.field}`} onClick={focusField(it.field)}>
                  {it.message}
                </a>
              ) : (
                it.message
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The last problem the server answered an action with, and whether one is running; anything else (a bug, no network) is thrown on. */
export function useProblem() {
  const [problem, setProblem] = useState<ProblemError | null>(null);
  const [busy, setBusy] = useState(false);
  /** Runs the action, then `onDone` with its result; a problem is kept instead (a success clears it). */
  const attempt = useCallback(async <T,>(action: () => Promise<T>, onDone?: (result: T) => void) => {
    setBusy(true);
    try {
      const result = await action();
      setProblem(null);
      onDone?.(result);
    } catch (x) {
      if (!(x instanceof ProblemError)) throw x;
      setProblem(x);
    } finally {
      setBusy(false);
    }
  }, []);
  const clearProblem = useCallback(() => setProblem(null), []);
  return { problem, busy, attempt, clearProblem };
}

/** One action at a time: `busy` while it runs (a second `run` meanwhile is ignored); a failure goes to `onError`. */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>, onError: (err: unknown) => void) => {
    if (busy) return;
    setBusy(true);
    try {
      await action();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** The problem's first message, for a single field or line. */
export const problemMessage = (p: ProblemError) => p.errors[0]?.message ?? p.detail ?? p.title;

/** A problem's field messages as an error summary (or its detail when it names no field), under the page's own heading. */
export function ProblemSummary({ problem, title, level = 3 }: { problem: ProblemError | null; title: string; level?: 2 | 3 | 4 }) {
  if (!problem) return null;
  const H = `h${level}` as "h2" | "h3" | "h4";
  return (
    <div className="error-summary" role="alert">
      <H className="error-summary__title">{title}</H>
      <ul className="error-summary__list">
        {problem.errors.length ? (
          problem.errors.map((f) => <li key={`${f.field}|${f.code}`}>{f.message ?? `${f.field}: ${f.code}`}</li>)
        ) : (
          <li>{problem.detail ?? problem.title}</li>
        )}
      </ul>
    </div>
  );
}

export * from "./buttons.tsx";
export * from "./fields.tsx";
