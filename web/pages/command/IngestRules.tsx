/** "Aturan peringatan": threshold rules of the OPD integration (ingest.manage), shown on /command/cameras. */
import { useMemo, useState } from "react";
import { type ApiResponse, patch, post } from "../../api.ts";
import { choices, ErrorSummary, FormActions, SelectField, TextField, useForm } from "../../ui/form.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loaded, Notice } from "../../ui/misc.tsx";
import { StatusTag, type Tone } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { useCommandT } from "./i18n.ts";
import { Section } from "../../ui/Section.tsx";
import { numberFormat } from "../../ui/intl.ts";

const OPS = [">=", ">", "<=", "<"] as const;
const SEVERITIES = ["info", "warning", "critical"] as const;

export type IngestRule = ApiResponse<"/api/command/ingest/rules", "get">["items"][number];

/** The comparison as people write it: "≥ 180". */
const OP_SIGN: Record<string, string> = { ">": ">", ">=": "≥", "<": "<", "<=": "≤" };
const SEVERITY_TONE: Record<string, Tone> = { info: "grey", warning: "orange", critical: "red" };

export function condition(r: Pick<IngestRule, "op" | "threshold">, lang: string): string {
  return `${OP_SIGN[r.op] ?? r.op} ${numberFormat(lang, { maximumFractionDigits: 6 }).format(r.threshold)}`;
}

type RV = { source: string; kind: string; op: string; threshold: string; severity: string; messageId: string; messageEn: string };
const EMPTY: RV = { source: "", kind: "", op: ">=", threshold: "", severity: "warning", messageId: "", messageEn: "" };
/** Server field → element id (the camera form on the same page has its own ids). */
const FIELD_MAP: Record<string, string> = {
  source: "rule-source",
  kind: "rule-kind",
  op: "rule-op",
  threshold: "rule-threshold",
  severity: "rule-severity",
  messageId: "rule-messageId",
  messageEn: "rule-messageEn",
};

export default function IngestRules() {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const rules = useData<{ items: IngestRule[] }>("/api/command/ingest/rules");
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const describe = (r: IngestRule) => `${r.kind} ${condition(r, lang)}`;

  const toggle = async (r: IngestRule) => {
    if (busy) return;
    setBusy(r.id);
    setFailed(null);
    try {
      await patch(`/api/command/ingest/rules/${encodeURIComponent(r.id)}`, { active: !r.active });
      setDone(t(r.active ? "rules.deactivated" : "rules.activated", { rule: describe(r) }));
      rules.reload();
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section className="cmd-rules" titleId="rules-title" title={t("rules.title")}>
      <p className="cmd-rules__lead">{t("rules.lead")}</p>
      {done && <Notice>{done}</Notice>}
      {failed && (
        <p className="field__error" role="alert">
          {failed}
        </p>
      )}
      {!adding && (
        <div className="button-group cmd-toolbar">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setDone(null);
              setAdding(true);
            }}
          >
            {t("rules.add")}
          </button>
        </div>
      )}
      {adding && (
        <RuleForm
          onDone={(r) => {
            setAdding(false);
            setDone(t("rules.saved", { rule: describe(r) }));
            rules.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <Loaded state={rules}>
        {(data) => (
          <DataTable
            caption={t("rules.title")}
            className="table table--dense cmd-rules__table"
            wrap="div"
            empty={t("rules.none")}
            rows={data.items}
            rowKey={(r) => r.id}
            rowDisabled={(r) => !r.active}
            columns={[
              { key: "kind", header: t("rules.col.kind"), rowHeader: true, className: "mono", cell: (r) => r.kind },
              { key: "source", header: t("rules.col.source"), cell: (r) => r.source ?? <span className="cmd-sub">{t("rules.allSources")}</span> },
              { key: "condition", header: t("rules.col.condition"), cellClassName: "cmd-nowrap cmd-rules__cond-cell", cell: (r) => condition(r, lang) },
              {
                key: "severity",
                header: t("rules.col.severity"),
                cell: (r) => (
                  <StatusTag tone={SEVERITY_TONE[r.severity] ?? "grey"}>{t(`rules.severity.${r.severity}`, { defaultValue: r.severity })}</StatusTag>
                ),
              },
              { key: "message", header: t("rules.col.message"), cellClassName: "cmd-rules__msg", cell: (r) => (lang === "en" ? r.messageEn : r.messageId) },
              {
                key: "status",
                header: t("rules.col.status"),
                cell: (r) => <StatusTag tone={r.active ? "green" : "grey"}>{t(r.active ? "rules.active" : "rules.inactive")}</StatusTag>,
              },
              {
                key: "actions",
                header: t("rules.col.actions"),
                cellClassName: "actions",
                cell: (r) => (
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => toggle(r)}
                    aria-disabled={busy === r.id || undefined}
                    aria-label={t(r.active ? "rules.deactivateLabel" : "rules.activateLabel", { rule: describe(r) })}
                  >
                    {t(r.active ? "rules.deactivate" : "rules.activate")}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Section>
  );
}

function RuleForm({ onDone, onCancel }: { onDone: (r: IngestRule) => void; onCancel: () => void }) {
  const { t } = useCommandT();
  const labels = useMemo(
    () => ({
      "rule-source": t("rules.f.source"),
      "rule-kind": t("rules.f.kind"),
      "rule-op": t("rules.f.op"),
      "rule-threshold": t("rules.f.threshold"),
      "rule-severity": t("rules.f.severity"),
      "rule-messageId": t("rules.f.messageId"),
      "rule-messageEn": t("rules.f.messageEn"),
    }),
    [t],
  );
  const form = useForm<RV>(EMPTY, { labels, fieldMap: FIELD_MAP });
  // Validation is the server's (problem+json `errors`); empty fields are left out so they read "wajib diisi".
  const submit = form.submit(
    () => ({}),
    async (v) => {
      const body: Record<string, unknown> = { source: v.source.trim() || null, op: v.op, severity: v.severity };
      if (v.kind.trim()) body.kind = v.kind.trim();
      const raw = v.threshold.trim().replace(",", ".");
      if (raw) body.threshold = raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : v.threshold.trim();
      if (v.messageId.trim()) body.messageId = v.messageId.trim();
      if (v.messageEn.trim()) body.messageEn = v.messageEn.trim();
      onDone(await post<IngestRule>("/api/command/ingest/rules", body));
    },
  );
  return (
    <form className="panel cmd-rules__form" onSubmit={submit} noValidate aria-labelledby="rule-form-title">
      <h3 id="rule-form-title">{t("rules.formTitle")}</h3>
      <ErrorSummary summary={form.summary} />
      <TextField
        id="rule-kind"
        label={labels["rule-kind"]}
        hint={t("rules.f.kindHint")}
        {...form.bind("kind", "rule-kind")}
        width="20"
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        id="rule-source"
        label={labels["rule-source"]}
        hint={t("rules.f.sourceHint")}
        {...form.bind("source", "rule-source")}
        width="20"
        autoComplete="off"
      />
      <fieldset className="fieldset cmd-rules__when" aria-describedby="rule-when-hint">
        <legend className="field__label">{t("rules.f.when")}</legend>
        <div className="field__hint" id="rule-when-hint">
          {t("rules.f.thresholdHint")}
        </div>
        <div className="cmd-rules__cond">
          <SelectField id="rule-op" label={labels["rule-op"]} {...form.bind("op", "rule-op")} options={choices(OPS, (o) => t(`rules.ops.${o}`))} />
          <TextField
            id="rule-threshold"
            label={labels["rule-threshold"]}
            {...form.bind("threshold", "rule-threshold")}
            width="10"
            inputMode="decimal"
            autoComplete="off"
          />
        </div>
      </fieldset>
      <SelectField
        id="rule-severity"
        label={labels["rule-severity"]}
        {...form.bind("severity", "rule-severity")}
        options={choices(SEVERITIES, (s) => t(`rules.severity.${s}`))}
      />
      {(["Id", "En"] as const).map((l) => (
        <TextField
          key={l}
          id={`rule-message${l}`}
          label={labels[`rule-message${l}`]}
          hint={t("rules.f.messageHint")}
          {...form.bind(`message${l}`, `rule-message${l}`)}
          lang={l.toLowerCase()}
          maxLength={300}
          autoComplete="off"
        />
      ))}
      <FormActions submit={t("rules.save")} busy={form.submitting} onCancel={onCancel} />
    </form>
  );
}
