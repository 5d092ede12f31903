/**
 * /konsol/layanan/:key/dokumen — the output document of a service: title, numbering, who signs, kop address and body.
 * Saved into the service's draft; published with the rest of the service in the service editor.
 */
import { useState } from "react";
import { Link } from "wouter";
import { get, put } from "../../api.ts";
import { choices, ErrorSummary, Field, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, Loading, Notice, PageTitle, useLoad } from "../../ui/misc.tsx";
import { useDocsT } from "./shared.tsx";

type Block = string | { rows: Array<{ label: string; value: string }> };
interface Template {
  title: string;
  numbering: string;
  signer: { role: string; action: string };
  address?: string;
  body: Block[];
}
interface Spec {
  key: string;
  name: { id: string; en: string };
  form: { fields: Array<{ name: string; label: { id: string } }> };
  workflow: { actions: Array<{ key: string; label: { id: string; en: string }; roles: string[] }> };
  output?: { document?: { id: string; en: string }; signedElectronically?: boolean; template?: Template };
  [k: string]: unknown;
}

const SIGNER_ROLES = ["lurah", "camat", "opd_admin", "kominfo_admin"];

/** Body as text: paragraphs separated by a blank line; "- Label: value" lines make a table of rows. */
export function bodyToText(body: Block[]): string {
  return body.map((b) => (typeof b === "string" ? b : b.rows.map((r) => `- ${r.label}: ${r.value}`).join("\n"))).join("\n\n");
}

export function textToBody(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n").map((l) => l.trim());
      if (lines.every((l) => /^- [^:]+:/.test(l))) {
        return { rows: lines.map((l) => ({ label: l.slice(2, l.indexOf(":")).trim(), value: l.slice(l.indexOf(":") + 1).trim() })) };
      }
      return lines.join(" ");
    });
}

export default function TemplateEditor({ serviceKey }: { serviceKey: string }) {
  const { t } = useDocsT();
  const [spec, setSpec] = useState<Spec | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const form = useForm(
    { title: "", numbering: "", role: "lurah", action: "", address: "", body: "" },
    {
      labels: {
        title: t("template.docTitle"),
        numbering: t("template.numbering"),
        role: t("template.role"),
        action: t("template.action"),
        body: t("template.body"),
      },
      fieldMap: {
        "output.template.title": "title",
        "output.template.numbering": "numbering",
        "output.template.signer.role": "role",
        "output.template.signer.action": "action",
      },
    },
  );
  const { setValues, showProblem } = form;

  const load = useLoad(
    async () => {
      const d = await get<{ spec: Spec }>(`/api/admin/catalog/services/${encodeURIComponent(serviceKey)}/editor`);
      setSpec(d.spec);
      const tpl = d.spec.output?.template;
      setValues({
        title: tpl?.title ?? d.spec.output?.document?.id ?? d.spec.name.id,
        numbering: tpl?.numbering ?? "{seq}/{unit}/{year}",
        role: tpl?.signer.role ?? "lurah",
        action: tpl?.signer.action ?? d.spec.workflow.actions[0]?.key ?? "",
        address: tpl?.address ?? "",
        body: tpl ? bodyToText(tpl.body) : "",
      });
    },
    showProblem,
    serviceKey,
  );

  const save = form.submit(
    (v): Record<string, string> => {
      const errs: Record<string, string> = {};
      if (!v.title.trim()) errs.title = t("template.required");
      if (!v.numbering.includes("{seq}")) errs.numbering = t("template.seqMissing");
      if (!v.body.trim()) errs.body = t("template.required");
      return errs;
    },
    async (v) => {
      if (!spec) return;
      const template: Template = {
        title: v.title.trim(),
        numbering: v.numbering.trim(),
        signer: { role: v.role, action: v.action },
        ...(v.address.trim() ? { address: v.address.trim() } : {}),
        body: textToBody(v.body),
      };
      const next: Spec = {
        ...spec,
        output: { ...(spec.output ?? {}), document: spec.output?.document ?? { id: template.title, en: template.title }, signedElectronically: true, template },
      };
      const r = await put<{ version: number }>(`/api/admin/catalog/services/${encodeURIComponent(serviceKey)}/draft`, { spec: next });
      setSaved(r.version);
      await load();
    },
  );

  if (!spec) {
    return (
      <>
        <ErrorSummary summary={form.summary} />
        {!form.summary && <Loading />}
      </>
    );
  }
  return (
    <>
      <BackLink href={`/konsol/layanan/${encodeURIComponent(serviceKey)}`}>{t("template.back")}</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle caption={spec.name.id}>{t("template.title")}</PageTitle>
      <p>{t("template.lead")}</p>
      <div aria-live="polite">
        {saved !== null && (
          <Notice>
            {t("template.saved", { version: saved })} <Link href={`/konsol/layanan/${encodeURIComponent(serviceKey)}`}>{t("template.publish")}</Link>
          </Notice>
        )}
      </div>
      <form onSubmit={save} noValidate>
        <TextField id="title" label={t("template.docTitle")} {...form.bind("title")} />
        <TextField id="numbering" label={t("template.numbering")} hint={t("template.numberingHint")} width="20" {...form.bind("numbering")} />
        <SelectField id="role" label={t("template.role")} {...form.bind("role")} options={choices(SIGNER_ROLES, (r) => t(`template.roles.${r}`))} />
        <SelectField id="action" label={t("template.action")} hint={t("template.actionHint")} {...form.bind("action")}>
          {spec.workflow.actions.map((a) => (
            <option key={a.key} value={a.key}>
              {a.label.id} ({a.key})
            </option>
          ))}
        </SelectField>
        <TextField id="address" label={t("template.address")} {...form.bind("address")} />
        <Field
          id="body"
          label={t("template.body")}
          hint={
            <>
              <p>{t("template.bodyHint")}</p>{" "}
              <p>
                {" "}
                {t("template.placeholders")}{" "}
                <code>
                  {" "}
                  {["{city}", "{unit}", "{unit.parent}", "{signer.title}", "{case.number}", "{today}", ...spec.form.fields.map((f) => `{${f.name}}`)].join(
                    " ",
                  )}{" "}
                </code>{" "}
              </p>
            </>
          }
          error={form.errors.body}
          errorPrefix={false}
        >
          <textarea
            id="body"
            className="textarea"
            rows={14}
            {...form.bind("body")}
            aria-describedby={`body-hint${form.errors.body ? " body-error" : ""}`}
            aria-invalid={form.errors.body ? true : undefined}
          />
        </Field>
        <SubmitButton busy={form.submitting}>{t("template.save")}</SubmitButton>
      </form>
    </>
  );
}
