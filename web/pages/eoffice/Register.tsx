/** /konsol/surat/masuk-baru — the secretariat registers an incoming letter and attaches its scan. */
import { useState } from "react";
import { useLocation } from "wouter";
import { post, uploadFile } from "../../api.ts";
import { ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { CONFIDENTIALITY, type Classification, type Letter, URGENCY, useEoT } from "./shared.tsx";
import { todayInCity } from "../../ui/time.ts";

export default function RegisterIncoming() {
  const { t } = useEoT();
  const [, go] = useLocation();
  const classes = useData<Classification[]>("/api/eoffice/classifications");
  const [file, setFile] = useState<File | null>(null);
  const labels = {
    number: t("register.number"),
    subject: t("register.subject"),
    sender: t("register.sender"),
    letterDate: t("register.letterDate"),
    receivedOn: t("register.receivedOn"),
    classificationCode: t("register.classification"),
    file: t("register.scan"),
  };
  const today = todayInCity();
  const form = useForm(
    { number: "", subject: "", sender: "", letterDate: "", receivedOn: today, classificationCode: "", confidentiality: "biasa", urgency: "biasa" },
    { labels },
  );
  const submit = form.submit(
    (v) => {
      const errs: Record<string, string> = {};
      for (const k of ["number", "subject", "sender", "letterDate", "classificationCode"] as const)
        if (!v[k].trim()) errs[k] = `${labels[k]}: ${t("register.required")}`;
      return errs;
    },
    async (v) => {
      const l = await post<Letter>("/api/eoffice/incoming", { ...v, receivedOn: v.receivedOn || undefined });
      if (file) await uploadFile(`/api/eoffice/letters/${l.id}/scan`, file);
      go(`/konsol/surat/${l.id}`);
    },
  );
  return (
    <>
      <BackLink href="/konsol/surat">{t("letter.back")}</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("register.title")}</PageTitle>
      <form onSubmit={submit} noValidate>
        <TextField id="number" label={labels.number} value={form.values.number} onChange={form.set("number")} error={form.errors.number} />
        <TextField id="subject" label={labels.subject} value={form.values.subject} onChange={form.set("subject")} error={form.errors.subject} />
        <TextField id="sender" label={labels.sender} value={form.values.sender} onChange={form.set("sender")} error={form.errors.sender} />
        <TextField
          id="letterDate"
          type="date"
          width="10"
          label={labels.letterDate}
          value={form.values.letterDate}
          onChange={form.set("letterDate")}
          error={form.errors.letterDate}
        />
        <TextField
          id="receivedOn"
          type="date"
          width="10"
          label={labels.receivedOn}
          value={form.values.receivedOn}
          onChange={form.set("receivedOn")}
          error={form.errors.receivedOn}
        />
        <SelectField
          id="classificationCode"
          label={labels.classificationCode}
          value={form.values.classificationCode}
          onChange={form.set("classificationCode")}
          error={form.errors.classificationCode}
        >
          <option value="" />
          {classes.data?.map((k) => (
            <option key={k.code} value={k.code}>
              {k.code} · {k.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="confidentiality" label={t("register.confidentiality")} value={form.values.confidentiality} onChange={form.set("confidentiality")}>
          {CONFIDENTIALITY.map((c) => (
            <option key={c} value={c}>
              {t(`conf.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="urgency" label={t("register.urgency")} value={form.values.urgency} onChange={form.set("urgency")}>
          {URGENCY.map((c) => (
            <option key={c} value={c}>
              {t(`urg.${c}`)}
            </option>
          ))}
        </SelectField>
        <div className={`field${form.errors.file ? " field--error" : ""}`}>
          <label className="field__label" htmlFor="file">
            {labels.file}
          </label>
          {form.errors.file && <p className="field__error">{form.errors.file}</p>}
          <input id="file" type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <SubmitButton busy={form.submitting}>{t("register.submit")}</SubmitButton>
      </form>
    </>
  );
}
