/** The service's basics: names, summaries, how it is served (channel, counter), fee and promised working days. */
import { useTranslation } from "react-i18next";
import { Radios } from "../../../ui/form.tsx";
import type { EditSpec, ServiceSpec } from "../types.ts";
import { type EditorErrors, In, LabelInputs, TextIn } from "./parts.tsx";

/** The channels an OPD admin chooses from; `command` (Call Center 112) is not offered but kept when present. */
const CHANNELS = ["online", "hybrid", "offline"] as const;

export function BasicsEditor({ spec, edit, errors }: { spec: ServiceSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const channels: string[] = CHANNELS.includes(spec.channel as (typeof CHANNELS)[number]) ? [...CHANNELS] : [...CHANNELS, spec.channel];
  const counter = spec.counter as { id: string; en: string } | undefined;
  return (
    <section aria-labelledby="ed-basics">
      <h2 id="ed-basics">{t("staffCases.editor.basics")}</h2>
      <div className="editor-grid">
        <LabelInputs
          prefix="e-name"
          value={spec.name}
          errors={errors}
          labels={[t("staffCases.editor.nameId"), t("staffCases.editor.nameEn")]}
          onChange={(lang, v) => edit((s) => void Object.assign(s.name, { [lang]: v }))}
        />
      </div>
      <div className="editor-grid">
        {(["id", "en"] as const).map((lang) => (
          <In
            key={lang}
            id={`e-sum-${lang}`}
            label={t(lang === "id" ? "staffCases.editor.summaryId" : "staffCases.editor.summaryEn")}
            error={errors[`e-sum-${lang}`]}
          >
            {(id, describedBy) => (
              <textarea
                id={id}
                className="textarea"
                rows={3}
                aria-describedby={describedBy}
                value={spec.summary?.[lang] ?? ""}
                onChange={(e) => edit((s) => void Object.assign(s, { summary: { ...s.summary, [lang]: e.target.value } }))}
              />
            )}
          </In>
        ))}
      </div>
      <Radios
        name="e-channel"
        legend={t("staffCases.editor.channel")}
        error={errors["e-channel"]}
        value={spec.channel}
        onChange={(v) =>
          edit((s) => {
            s.channel = v;
            if (v === "online") delete s.counter;
            else s.counter ??= { id: "", en: "" };
          })
        }
        options={channels.map((c) => ({
          value: c,
          label: (
            <>
              <strong>{t(`staffCases.editor.channels.${c}`, { defaultValue: c })}</strong>
              <span className="radio__hint">{t(`staffCases.editor.channelHints.${c}`, { defaultValue: "" })}</span>
            </>
          ),
        }))}
      />
      {spec.channel !== "online" && (
        <div className="editor-grid">
          <LabelInputs
            prefix="e-counter"
            value={counter}
            errors={errors}
            labels={[t("staffCases.editor.counterId"), t("staffCases.editor.counterEn")]}
            onChange={(lang, v) => edit((s) => void Object.assign(s, { counter: { id: "", en: "", ...(s.counter as object), [lang]: v } }))}
          />
        </div>
      )}
      <div className="editor-grid">
        <TextIn
          id="e-fee"
          label={t("staffCases.editor.fee")}
          hint={t("staffCases.editor.feeHint")}
          type="number"
          prefix="Rp"
          error={errors["e-fee"]}
          value={spec.fee?.amount ?? 0}
          onChange={(v) => edit((s) => void Object.assign(s, { fee: { ...s.fee, amount: Number(v) } }))}
        />
        <TextIn
          id="e-sla"
          label={t("staffCases.editor.slaDays")}
          hint={t("staffCases.editor.slaHint")}
          type="number"
          unit={t("staffCases.editor.workingDays")}
          error={errors["e-sla"]}
          value={spec.slaDays}
          onChange={(v) => edit((s) => void Object.assign(s, { slaDays: Number(v) }))}
        />
      </div>
    </section>
  );
}
