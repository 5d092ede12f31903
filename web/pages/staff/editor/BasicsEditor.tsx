/** The service's basics: names, fee, SLA, channel and summaries. */
import { useTranslation } from "react-i18next";
import type { EditSpec, ServiceSpec } from "../types.ts";
import { In, TextIn } from "./parts.tsx";

const CHANNELS = ["online", "hybrid", "counter", "info"];

export function BasicsEditor({ spec, edit }: { spec: ServiceSpec; edit: EditSpec }) {
  const { t } = useTranslation();
  const summary = (lang: "id" | "en", v: string) =>
    edit((s) => {
      s.summary = { ...s.summary, [lang]: v };
    });
  return (
    <>
      <h2>{t("staffCases.editor.basics")}</h2>
      <div className="editor-row">
        <TextIn
          id="e-name-id"
          label={t("staffCases.editor.nameId")}
          value={spec.name.id}
          onChange={(v) => edit((s) => void Object.assign(s.name, { id: v }))}
        />
        <TextIn
          id="e-name-en"
          label={t("staffCases.editor.nameEn")}
          value={spec.name.en}
          onChange={(v) => edit((s) => void Object.assign(s.name, { en: v }))}
        />
        <TextIn
          id="e-fee"
          label={t("staffCases.editor.fee")}
          type="number"
          value={spec.fee?.amount ?? 0}
          onChange={(v) => edit((s) => void Object.assign(s, { fee: { ...s.fee, amount: Number(v) } }))}
        />
        <TextIn
          id="e-sla"
          label={t("staffCases.editor.slaDays")}
          type="number"
          value={spec.slaDays}
          onChange={(v) => edit((s) => void Object.assign(s, { slaDays: Number(v) }))}
        />
        <In id="e-channel" label={t("staffCases.editor.channel")}>
          {(id) => (
            <select id={id} className="select" value={spec.channel} onChange={(e) => edit((s) => void Object.assign(s, { channel: e.target.value }))}>
              {CHANNELS.includes(spec.channel) ? null : <option value={spec.channel}>{spec.channel}</option>}
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </In>
      </div>
      <div className="editor-row">
        {(["id", "en"] as const).map((lang) => (
          <In key={lang} id={`e-sum-${lang}`} label={t(lang === "id" ? "staffCases.editor.summaryId" : "staffCases.editor.summaryEn")}>
            {(id) => <textarea id={id} className="textarea" rows={3} value={spec.summary?.[lang] ?? ""} onChange={(e) => summary(lang, e.target.value)} />}
          </In>
        ))}
      </div>
    </>
  );
}
