/** e-Office screens' shared bits: the i18n namespace, server shapes, status tones. */
import { useTranslation } from "react-i18next";
import type { schemas } from "../../api.ts";
import en from "../../i18n/eoffice.en.json" with { type: "json" };
import id from "../../i18n/eoffice.id.json" with { type: "json" };
import type { Tone } from "../../ui/StatusTag.tsx";
import "./eoffice.css";
import { lazyNamespace } from "../../ui/namespace.ts";

// The namespace ships with the lazy e-Office chunks, not with the first load.

export const useEoT = lazyNamespace("eoffice", id, en);

export type Letter = schemas["EofficeLetter"];
export type LetterSummary = schemas["EofficeLetterSummary"];
export type Disposition = schemas["EofficeDisposition"];
export type InboxItem = schemas["EofficeInboxItem"];
export type Directory = schemas["EofficeDirectory"];
export type Classification = schemas["EofficeClassification"];

const TONES: Record<string, Tone> = {
  registered: "orange",
  disposed: "kind",
  finished: "green",
  draft: "grey",
  verification: "orange",
  signing: "orange",
  signed: "green",
  sent: "green",
  unread: "red",
  read: "kind",
  forwarded: "grey",
  cancelled: "grey",
};
export const toneOf = (status: string): Tone => TONES[status] ?? "grey";
export const confTone = (c: string): Tone => (c === "biasa" ? "grey" : c === "terbatas" ? "orange" : "red");
export const delegationLabel = (k: string) => (k === "plt" ? "Plt." : "Plh.");
export const CONFIDENTIALITY = ["biasa", "terbatas", "rahasia", "sangat_rahasia"] as const;
export const URGENCY = ["biasa", "segera", "sangat_segera"] as const;

/** A labelled textarea with hint and error, in the same markup as the form kit's fields. */
export function TextAreaField(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (e: React.ChangeEvent<HTMLTextAreaElement>) => void;
  rows?: number;
}) {
  const { t } = useTranslation();
  const { id, label, hint, error } = props;
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t("form.errorPrefix")} </span>
          {error}
        </p>
      )}
      <textarea
        id={id}
        name={id}
        className="eo-textarea"
        rows={props.rows ?? 4}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        value={props.value}
        onChange={props.onChange}
      />
    </div>
  );
}
