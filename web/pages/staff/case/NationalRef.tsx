/**
 * The number a national system (SIAK, SIMBG, OSS-RBA, SIAPkerja, SP4N-LAPOR!) gave this case: shown to staff, who
 * record it when they hand the case over, and to the applicant on their case page.
 */
import { useTranslation } from "react-i18next";
import { put } from "../../../api.ts";
import { SubmitButton } from "../../../ui/buttons.tsx";
import { TextField } from "../../../ui/fields.tsx";
import { ErrorSummary, useForm } from "../../../ui/form.tsx";
import { formatDateTime } from "../../../ui/misc.tsx";
import { Section } from "../../../ui/Section.tsx";
import type { StaffCase } from "../types.ts";
import { LaporForward } from "./LaporForward.tsx";

type National = NonNullable<StaffCase["national"]>;

/** "Nomor di SIAK: …" with a link to the system, or a line saying none is recorded yet. */
export function NationalRefLine({ national, tz }: { national: National; tz?: string }) {
  const { t } = useTranslation();
  return national.reference ? (
    <p>
      {t("national.recorded", { system: national.system })} <strong className="mono">{national.reference}</strong>
      {national.recordedAt && <span className="muted"> · {formatDateTime(national.recordedAt, tz)}</span>} ·{" "}
      <a href={national.url} target="_blank" rel="noreferrer">
        {t("national.open", { system: national.system })}
      </a>
    </p>
  ) : (
    <p className="muted">{t("national.none", { system: national.system })}</p>
  );
}

export function NationalRefPanel({ c, tz, onSaved }: { c: StaffCase; tz?: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const national = c.national;
  const form = useForm({ reference: national?.reference ?? "" }, { labels: { reference: t("national.field", { system: national?.system ?? "" }) } });
  if (!national) return null;
  const staff = c.myRoles.some((r) => r !== "citizen");
  const onSubmit = form.submit(
    (v): Record<string, string> => (v.reference.trim() ? {} : { reference: t("national.required", { system: national.system }) }),
    async (v) => {
      await put(`/api/cases/${c.id}/national-reference`, { reference: v.reference });
      onSaved();
    },
  );
  return (
    <Section titleId="national-title" title={t("national.title", { system: national.system })} className="card">
      <NationalRefLine national={national} tz={tz} />
      <LaporForward c={c} tz={tz} onSent={onSaved} />
      {staff && c.state !== "draft" && (
        <form className="inline-form" onSubmit={onSubmit} noValidate>
          <ErrorSummary summary={form.summary} />
          <TextField
            id="reference"
            label={t("national.field", { system: national.system })}
            hint={t("national.hint", { system: national.system })}
            width="20"
            className="mono"
            spellCheck={false}
            autoComplete="off"
            maxLength={64}
            {...form.bind("reference")}
          />
          <SubmitButton busy={form.submitting}>{national.reference ? t("national.change") : t("national.save")}</SubmitButton>
        </form>
      )}
    </Section>
  );
}
