/** /konsol/surat/konsep-baru — draft an outgoing letter or nota dinas from a template, naming its verifier and signer. */
import { useLocation } from "wouter";
import { post } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { choices, ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Classification, type Directory, type Letter, LetterClassFields, TextAreaField, useEoT } from "./shared.tsx";

const SIGNER_ROLES = ["kepala", "opd_admin", "lurah", "camat"];

export default function DraftLetter() {
  const { t } = useEoT();
  const [, go] = useLocation();
  const { session } = useSession();
  const unitId = session?.user?.grants[0]?.unitId ?? null;
  const me = session?.user?.id;
  const classes = useData<Classification[]>("/api/eoffice/classifications");
  const templates = useData<{ key: string; name: string }[]>("/api/eoffice/templates");
  const dir = useData<Directory>(unitId ? `/api/eoffice/units/${unitId}/directory` : null);
  const labels = {
    template: t("draft.template"),
    subject: t("draft.subject"),
    content: t("draft.content"),
    recipient: t("draft.recipient"),
    classificationCode: t("register.classification"),
    verifierId: t("draft.verifier"),
    signerId: t("draft.signer"),
  };
  const form = useForm(
    {
      template: "surat-dinas",
      subject: "",
      content: "",
      recipient: "",
      toUnitId: "",
      copies: "",
      classificationCode: "",
      confidentiality: "biasa",
      urgency: "biasa",
      verifierId: "",
      signerId: "",
    },
    { labels },
  );
  const submit = form.submit(
    (v) => {
      const errs: Record<string, string> = {};
      for (const k of ["subject", "content", "recipient", "classificationCode", "verifierId", "signerId"] as const)
        if (!v[k].trim()) errs[k] = `${labels[k]}: ${t("register.required")}`;
      return errs;
    },
    async (v) => {
      const copies = v.copies
        .split("\n")
        .map((c) => c.trim())
        .filter(Boolean);
      const l = await post<Letter>("/api/eoffice/outgoing", {
        template: v.template,
        subject: v.subject,
        content: v.content,
        recipient: v.recipient,
        ...(v.toUnitId ? { toUnitId: v.toUnitId } : {}),
        copies,
        classificationCode: v.classificationCode,
        confidentiality: v.confidentiality,
        urgency: v.urgency,
        verifierId: v.verifierId,
        signerId: v.signerId,
        ...(unitId ? { unitId } : {}),
      });
      go(`/konsol/surat/${l.id}`);
    },
  );
  const staff = dir.data?.staff.filter((s) => s.id !== me) ?? [];
  return (
    <>
      <BackLink href="/konsol/surat">{t("letter.back")}</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("draft.title")}</PageTitle>
      <form onSubmit={submit} noValidate>
        <SelectField
          id="template"
          label={labels.template}
          {...form.bind("template")}
          options={choices(
            templates.data,
            (x) => x.name,
            (x) => x.key,
          )}
        />
        <TextField id="subject" label={labels.subject} {...form.bind("subject")} />
        <TextField id="recipient" label={labels.recipient} {...form.bind("recipient")} />
        <TextAreaField id="content" label={labels.content} {...form.bind("content")} rows={8} />
        <SelectField
          id="toUnitId"
          label={t("draft.toUnit")}
          {...form.bind("toUnitId")}
          blank={t("draft.none")}
          options={choices(
            dir.data?.units.filter((u) => u.id !== unitId),
            (u) => u.name,
            (u) => u.id,
          )}
        />
        <TextAreaField id="copies" label={t("draft.copies")} {...form.bind("copies")} rows={3} />
        <LetterClassFields bind={form.bind} classes={classes.data} classLabel={labels.classificationCode} />
        {(["verifierId", "signerId"] as const).map((f) => (
          <SelectField
            key={f}
            id={f}
            label={labels[f]}
            {...form.bind(f)}
            blank=""
            options={choices(
              f === "signerId" ? staff.filter((s) => s.roles.some((r) => SIGNER_ROLES.includes(r))) : staff,
              (s) => s.name,
              (s) => s.id,
            )}
          />
        ))}
        <SubmitButton busy={form.submitting}>{t("draft.submit")}</SubmitButton>
      </form>
    </>
  );
}
