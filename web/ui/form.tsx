import {
  type ChangeEvent,
  type FormEvent,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useCallback,
  useEffect,
  useRef,
  useState,
} from "react";
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

interface FieldShell {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | false | null;
  /** The control: given the ids it is described by (hint, error), or built by the page with its own aria-describedby. */
  children: ReactNode | ((describedBy: string | undefined) => ReactNode);
  /** Added to "field" (e.g. "field--tight"). */
  className?: string;
  /** The error starts with a visually hidden "Kesalahan:" (default true). */
  errorPrefix?: boolean;
  /** The error is announced when it appears (role="alert"), for a form without an error summary. */
  errorAlert?: boolean;
}

/** A form field's shell, GOV.UK style: label, hint, error message, then the control; "field--error" when in error. */
export function Field({ id, label, hint, error, children, className, errorPrefix = true, errorAlert }: FieldShell) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}${className ? ` ${className}` : ""}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`} role={errorAlert ? "alert" : undefined}>
          {errorPrefix && <span className="visually-hidden">{t("form.errorPrefix")} </span>}
          {error}
        </p>
      )}
      {typeof children === "function" ? children(describedBy) : children}
    </div>
  );
}
const Shell = Field;

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  width?: "full" | "20" | "10" | "6";
};

export function TextField({ id, label, hint, error, width = "full", className, ...rest }: InputProps) {
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <input
          id={id}
          name={id}
          className={`input input--w${width}${className ? ` ${className}` : ""}`}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          {...rest}
        />
      )}
    </Shell>
  );
}

export function PasswordField(props: InputProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const { id, label, hint, error, ...rest } = props;
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <div className="password">
          <input
            id={id}
            name={id}
            type={shown ? "text" : "password"}
            className="input input--wfull"
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            spellCheck={false}
            autoCapitalize="none"
            {...rest}
          />
          <button
            type="button"
            className="button button--secondary password__toggle"
            aria-controls={id}
            aria-pressed={shown}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? t("form.hide") : t("form.show")}
          </button>
        </div>
      )}
    </Shell>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
};

export function SelectField({ id, label, hint, error, children, ...rest }: SelectProps) {
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <select id={id} name={id} className="select" aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...rest}>
          {children}
        </select>
      )}
    </Shell>
  );
}

interface RadiosProps {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  options: { value: string; label: ReactNode }[];
  onChange: (v: string) => void;
  inline?: boolean;
  /** Keyboard shortcuts for the whole group (e.g. number keys choose an option). */
  onKeyDown?: (e: KeyboardEvent) => void;
  /** Classes of the options' container and of each option, instead of the standard list. */
  listClassName?: string;
  itemClassName?: string;
  legendClassName?: string;
}

export function Radios({ name, legend, hint, error, value, options, onChange, inline, onKeyDown, listClassName, itemClassName, legendClassName }: RadiosProps) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={`field fieldset${error ? " field--error" : ""}`} aria-describedby={describedBy} onKeyDown={onKeyDown}>
      <legend className={`field__label${legendClassName ? ` ${legendClassName}` : ""}`}>{legend}</legend>
      {hint && (
        <div className="field__hint" id={`${name}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={`${name}-error`}>
          <span className="visually-hidden">{t("form.errorPrefix")} </span>
          {error}
        </p>
      )}
      <div className={listClassName ?? `radios${inline ? " radios--inline" : ""}`}>
        {options.map((o, i) => (
          <div className={itemClassName ?? "radio"} key={o.value}>
            <input
              type="radio"
              id={i === 0 ? name : `${name}-${o.value}`}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <label htmlFor={i === 0 ? name : `${name}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function SubmitButton({ busy, children, className }: { busy?: boolean; children: ReactNode; className?: string }) {
  return (
    <button type="submit" className={`button${className ? ` ${className}` : ""}`} aria-disabled={busy || undefined} data-busy={busy || undefined}>
      {children}
    </button>
  );
}

/**
 * A label above a control the page builds itself (a select with optgroups, a file input, a textarea with its own
 * state): the control carries `id`. For plain inputs and selects use TextField / SelectField.
 */
export function Labelled({
  id,
  label,
  className,
  labelClassName,
  children,
}: {
  id: string;
  label: ReactNode;
  /** Added to "field" (e.g. "field--tight"). */
  className?: string;
  /** Added to "field__label" (e.g. "field__label--small"). */
  labelClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label className={labelClassName ? `field__label ${labelClassName}` : "field__label"} htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** A one-time code (TOTP or SMS/email confirmation): six digits, numeric keypad, the browser's one-time-code autofill. */
export function CodeField(props: InputProps) {
  return <TextField inputMode="numeric" autoComplete="one-time-code" maxLength={7} width="6" className="input--code" {...props} />;
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "className"> &
  Pick<FieldShell, "label" | "hint" | "error" | "errorPrefix" | "errorAlert"> & {
    id: string;
    /** The textarea's class (default "input input--wfull textarea"). */
    inputClassName?: string;
  };

/** A labelled textarea with its hint and error (described by both). */
export function TextAreaField({ id, label, hint, error, errorPrefix, errorAlert, inputClassName = "input input--wfull textarea", ...rest }: TextAreaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} errorPrefix={errorPrefix} errorAlert={errorAlert}>
      {(describedBy) => <textarea id={id} className={inputClassName} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...rest} />}
    </Field>
  );
}

/** A group of controls (radios, cards) under a legend, with its error described; the page builds the controls. */
export function Fieldset({
  id,
  legend,
  legendClassName = "field__label",
  error,
  children,
}: {
  /** Base of the error's id (`${id}-error`). */
  id: string;
  legend: ReactNode;
  legendClassName?: string;
  error?: string | false | null;
  children: ReactNode;
}) {
  return (
    <fieldset className={`field fieldset${error ? " field--error" : ""}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className={legendClassName}>{legend}</legend>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}
