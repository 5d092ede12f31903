/** /konsol/surat/masuk-baru — the secretariat registers an incoming letter and attaches its scan. */
import { useState } from "react";
import { useLocation } from "wouter";
import { post, uploadFile } from "../../api.ts";
import { ErrorSummary, FileField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Classification, type Letter, LetterClassFields, useEoT } from "./shared.tsx";
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
        <TextField id="number" label={labels.number} {...form.bind("number")} />
        <TextField id="subject" label={labels.subject} {...form.bind("subject")} />
        <TextField id="sender" label={labels.sender} {...form.bind("sender")} />
        <TextField id="letterDate" type="date" width="10" label={labels.letterDate} {...form.bind("letterDate")} />
        <TextField id="receivedOn" type="date" width="10" label={labels.receivedOn} {...form.bind("receivedOn")} />
        <LetterClassFields bind={form.bind} classes={classes.data} classLabel={labels.classificationCode} />
        <FileField id="file" label={labels.file} accept="application/pdf,image/jpeg,image/png" onFile={setFile} error={form.errors.file} />
        <SubmitButton busy={form.submitting}>{t("register.submit")}</SubmitButton>
      </form>
    </>
  );
}
