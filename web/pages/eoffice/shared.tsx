/** e-Office screens' shared bits: the i18n namespace, server shapes, status tones. */
import type { ChangeEvent, ComponentProps } from "react";
import type { schemas } from "../../api.ts";
import en from "../../i18n/eoffice.en.json" with { type: "json" };
import id from "../../i18n/eoffice.id.json" with { type: "json" };
import type { Tone } from "../../ui/StatusTag.tsx";
import { choices, TextAreaField as KitTextAreaField, SelectField } from "../../ui/form.tsx";
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

/** The kit's textarea in e-Office's size (eo-textarea, four rows unless told). */
export function TextAreaField(props: ComponentProps<typeof KitTextAreaField>) {
  return <KitTextAreaField name={props.id} rows={4} inputClassName="eo-textarea" {...props} />;
}

type Bind = (name: "classificationCode" | "confidentiality" | "urgency") => {
  value: string;
  onChange: (e: ChangeEvent<HTMLSelectElement>) => void;
  error?: string;
};

/** A letter's classification code, confidentiality and urgency (drafting and registering a letter). */
export function LetterClassFields({ bind, classes, classLabel }: { bind: Bind; classes: Classification[] | null | undefined; classLabel: string }) {
  const { t } = useEoT();
  return (
    <>
      <SelectField
        id="classificationCode"
        label={classLabel}
        {...bind("classificationCode")}
        blank=""
        options={choices(
          classes,
          (k) => `${k.code} · ${k.name}`,
          (k) => k.code,
        )}
      />
      <SelectField
        id="confidentiality"
        label={t("register.confidentiality")}
        {...bind("confidentiality")}
        options={choices(CONFIDENTIALITY, (c) => t(`conf.${c}`))}
      />
      <SelectField id="urgency" label={t("register.urgency")} {...bind("urgency")} options={choices(URGENCY, (c) => t(`urg.${c}`))} />
    </>
  );
}
