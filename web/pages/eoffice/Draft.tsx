/** /konsol/surat/konsep-baru — draft an outgoing letter or nota dinas from a template, naming its verifier and signer. */
import { useLocation } from "wouter";
import { post } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { CONFIDENTIALITY, type Classification, type Directory, type Letter, TextAreaField, URGENCY, useEoT } from "./shared.tsx";

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
        <SelectField id="template" label={labels.template} value={form.values.template} onChange={form.set("template")}>
          {templates.data?.map((x) => (
            <option key={x.key} value={x.key}>
              {x.name}
            </option>
          ))}
        </SelectField>
        <TextField id="subject" label={labels.subject} value={form.values.subject} onChange={form.set("subject")} error={form.errors.subject} />
        <TextField id="recipient" label={labels.recipient} value={form.values.recipient} onChange={form.set("recipient")} error={form.errors.recipient} />
        <TextAreaField id="content" label={labels.content} value={form.values.content} onChange={form.set("content")} error={form.errors.content} rows={8} />
        <SelectField id="toUnitId" label={t("draft.toUnit")} value={form.values.toUnitId} onChange={form.set("toUnitId")}>
          <option value="">{t("draft.none")}</option>
          {dir.data?.units
            .filter((u) => u.id !== unitId)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </SelectField>
        <TextAreaField id="copies" label={t("draft.copies")} value={form.values.copies} onChange={form.set("copies")} rows={3} />
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
        {(["verifierId", "signerId"] as const).map((f) => (
          <SelectField key={f} id={f} label={labels[f]} value={form.values[f]} onChange={form.set(f)} error={form.errors[f]}>
            <option value="" />
            {(f === "signerId" ? staff.filter((s) => s.roles.some((r) => ["kepala", "opd_admin", "lurah", "camat"].includes(r))) : staff).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        ))}
        <SubmitButton busy={form.submitting}>{t("draft.submit")}</SubmitButton>
      </form>
    </>
  );
}
