/** The field shells of the web kit: label, hint and error around a control, GOV.UK style (re-exported by form.tsx). */
import { type InputHTMLAttributes, type KeyboardEvent, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useState } from "react";
import { useTranslation } from "react-i18next";

interface FieldShell {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | false | null;
  /** The control: given the ids it is described by (hint, error), or built by the page with its own aria-describedby. */
  children: ReactNode | ((describedBy: string | undefined) => ReactNode);
  /** Added to "field" (e.g. "field--tight"). */
  className?: string;
  /** Added to "field__label" (e.g. "field__label--small"). */
  labelClassName?: string;
  /** The error starts with a visually hidden "Kesalahan:" (default true). */
  errorPrefix?: boolean;
  /** The error is announced when it appears (role="alert"), for a form without an error summary. */
  errorAlert?: boolean;
}

/** A label with "(tidak wajib)" after it in a quieter style; `note` where the page words it otherwise. */
export function OptionalLabel({ label, note, className = "muted" }: { label: ReactNode; note?: ReactNode; className?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {label} <span className={className}>{note ?? t("common.optional")}</span>
    </>
  );
}

/** A form field's shell, GOV.UK style: label, hint, error message, then the control; "field--error" when in error. */
export function Field({ id, label, hint, error, children, className, labelClassName, errorPrefix = true, errorAlert }: FieldShell) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}${className ? ` ${className}` : ""}`}>
      <label className={labelClassName ? `field__label ${labelClassName}` : "field__label"} htmlFor={id}>
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

/** What the shell of a kit control takes besides the control's own attributes. */
type ShellProps = Pick<FieldShell, "id" | "label" | "hint" | "errorPrefix"> & { error?: string };

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & ShellProps & { width?: "full" | "20" | "10" | "6" };

export function TextField({ id, label, hint, error, errorPrefix, width = "full", className, ...rest }: InputProps) {
  return (
    <Shell id={id} label={label} hint={hint} error={error} errorPrefix={errorPrefix}>
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
  const { id, label, hint, error, errorPrefix, ...rest } = props;
  return (
    <Shell id={id} label={label} hint={hint} error={error} errorPrefix={errorPrefix}>
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

/** One choice of a select: its value and the text shown. */
export interface Choice {
  value: string | number;
  label: ReactNode;
}

/** `<option>`s for a list of choices, after an optional first one (an empty value: "" or a text like "— semua —"). */
export function Options({ options, blank }: { options: readonly Choice[]; blank?: ReactNode }) {
  return (
    <>
      {blank !== undefined && <option value="">{blank}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/** The choices of a list, each shown by `label`: `choices(URGENCY, (u) => t(\`urg.${u}\`))`. */
export function choices<T>(items: readonly T[] | null | undefined, label: (item: T) => ReactNode, value: (item: T) => string = String): Choice[] {
  return (items ?? []).map((it) => ({ value: value(it), label: label(it) }));
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> &
  ShellProps & {
    /** The choices (after `blank`, before any children). */
    options?: readonly Choice[];
    /** A first choice with an empty value. */
    blank?: ReactNode;
    children?: ReactNode;
  };

export function SelectField({ id, label, hint, error, errorPrefix, options, blank, children, ...rest }: SelectProps) {
  return (
    <Shell id={id} label={label} hint={hint} error={error} errorPrefix={errorPrefix}>
      {(describedBy) => (
        <select id={id} name={id} className="select" aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...rest}>
          {(options || blank !== undefined) && <Options options={options ?? []} blank={blank} />}
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
  /** The error starts with a visually hidden "Kesalahan:" (default true). */
  errorPrefix?: boolean;
}

export function Radios({
  name,
  legend,
  hint,
  error,
  value,
  options,
  onChange,
  inline,
  onKeyDown,
  listClassName,
  itemClassName,
  legendClassName,
  errorPrefix = true,
}: RadiosProps) {
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
          {errorPrefix && <span className="visually-hidden">{t("form.errorPrefix")} </span>}
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

/** A labelled file input that hands over the chosen file (or null); `children` follow the input (e.g. an upload button). */
export function FileField({
  id,
  label,
  hint,
  accept,
  onFile,
  error,
  inputClassName,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  accept: string;
  onFile: (file: File | null) => void;
  error?: string;
  inputClassName?: string;
  children?: ReactNode;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error} errorPrefix={false}>
      {(describedBy) => (
        <>
          <input
            id={id}
            type="file"
            className={inputClassName}
            accept={accept}
            aria-describedby={describedBy}
            onChange={(e) => onFile(e.target.files?.[0] ?? null)}
          />
          {children}
        </>
      )}
    </Field>
  );
}

/** A checkbox with its label in bold and a hint under it (the GOV.UK "check" pattern). */
export function CheckField({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  hint: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>
        <strong>{label}</strong>
        <span className="check__hint" id={`${id}-hint`}>
          {hint}
        </span>
      </label>
    </div>
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
