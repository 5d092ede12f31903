/** The form buttons of the web kit: submit, submit-or-cancel, a pair of ways on (re-exported by form.tsx). */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function SubmitButton({ busy, children, className }: { busy?: boolean; children: ReactNode; className?: string }) {
  return (
    <button type="submit" className={`button${className ? ` ${className}` : ""}`} aria-disabled={busy || undefined} data-busy={busy || undefined}>
      {children}
    </button>
  );
}

/** A form's submit button and, with onCancel, a "Batal" button beside it. */
export function FormActions({ submit, busy, onCancel }: { submit: ReactNode; busy?: boolean; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="button-group">
      <SubmitButton busy={busy}>{submit}</SubmitButton>
      {onCancel && (
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      )}
    </div>
  );
}

/** Two ways on: the button that does it (a submit button when it has no onClick) and a secondary one beside it (back out, or the other way). */
export function ButtonPair({
  label,
  onClick,
  tone,
  busy,
  other,
  onOther,
}: {
  label: ReactNode;
  onClick?: () => void;
  tone?: "warning";
  busy?: boolean;
  other: ReactNode;
  onOther: () => void;
}) {
  const toneClass = tone ? `button--${tone}` : undefined;
  return (
    <div className="button-group">
      {onClick ? (
        <button type="button" className={toneClass ? `button ${toneClass}` : "button"} onClick={onClick} aria-disabled={busy || undefined}>
          {label}
        </button>
      ) : (
        <SubmitButton busy={busy} className={toneClass}>
          {label}
        </SubmitButton>
      )}
      <button type="button" className="button button--secondary" onClick={onOther}>
        {other}
      </button>
    </div>
  );
}
