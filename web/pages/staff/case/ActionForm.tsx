/** The form under an action that asks for more: the unit to forward to, the document to hand over, a comment. */
import type { FormEvent, RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { Errors } from "../../../ui/form.tsx";
import { type Kecamatan, useLocalized } from "../shared.tsx";
import type { CaseAction } from "../types.ts";
import { Field, SubmitButton } from "../../../ui/form.tsx";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field__error" id={id}>
      {message}
    </p>
  ) : null;
}

export function ActionForm(props: {
  action: CaseAction;
  errors: Errors;
  regions: Kecamatan[];
  /** The signed output document already on the case, if any. */
  signedName?: string;
  busy: boolean;
  comment: string;
  onComment: (v: string) => void;
  forwardTo: string;
  onForwardTo: (v: string) => void;
  fileRef: RefObject<HTMLInputElement | null>;
  onFile: (f: File | null) => void;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const L = useLocalized();
  const { action: a, errors } = props;
  return (
    <form className="inline-form" onSubmit={props.onSubmit} noValidate>
      <h3>{L(a.label)}</h3>
      {a.forward && (
        <Field
          id="forwardTo"
          label={t("staffCases.case.forwardTo")}
          hint={t("staffCases.case.forwardHint")}
          className={errors.forwardTo ? "field--error" : undefined}
        >
          <FieldError id="forwardTo-error" message={errors.forwardTo} />
          <input
            id="forwardTo"
            className="input input--wfull mono"
            list="forward-units"
            value={props.forwardTo}
            onChange={(e) => props.onForwardTo(e.target.value)}
            aria-describedby={`forwardTo-hint${errors.forwardTo ? " forwardTo-error" : ""}`}
            aria-invalid={errors.forwardTo ? true : undefined}
            spellCheck={false}
          />
          <datalist id="forward-units">
            {props.regions.flatMap((k) => [
              <option key={k.code} value={k.code}>
                {k.name}
              </option>,
              ...k.kelurahan.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              )),
            ])}
          </datalist>
        </Field>
      )}
      {a.requireDocument && (
        <Field id="file" label={t("staffCases.case.document")} className={errors.file ? "field--error" : undefined}>
          {props.signedName && <p className="field__hint">{t("staffCases.case.signedDocument", { name: props.signedName })}</p>}
          <FieldError id="file-error" message={errors.file} />
          <input
            ref={props.fileRef}
            id="file"
            type="file"
            className="file-input"
            accept="application/pdf,image/jpeg,image/png"
            aria-describedby={errors.file ? "file-error" : undefined}
            aria-invalid={errors.file ? true : undefined}
            onChange={(e) => props.onFile(e.target.files?.[0] ?? null)}
          />
        </Field>
      )}
      <Field
        id="comment"
        label={a.requireComment ? t("staffCases.case.commentRequired") : t("staffCases.case.comment")}
        className={errors.comment ? "field--error" : undefined}
      >
        <FieldError id="comment-error" message={errors.comment} />
        <textarea
          id="comment"
          className="textarea"
          rows={4}
          value={props.comment}
          onChange={(e) => props.onComment(e.target.value)}
          aria-describedby={errors.comment ? "comment-error" : undefined}
          aria-invalid={errors.comment ? true : undefined}
        />
      </Field>
      <div className="toolbar__buttons">
        <SubmitButton busy={props.busy}>{t("staffCases.case.confirm", { action: L(a.label) })}</SubmitButton>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {t("staffCases.case.cancel")}
        </button>
      </div>
    </form>
  );
}
