/** Plt./Plh.: a principal delegates their signing role in their unit for a date range (part of /konsol/tanda-tangan). */
import { useState } from "react";
import { post, ProblemError } from "../../api.ts";
import { Radios, TextField, useForm, ErrorSummary, SubmitButton } from "../../ui/form.tsx";
import { formatDate, Notice } from "../../ui/misc.tsx";
import { Section } from "../../ui/Section.tsx";
import { todayInCity } from "../../ui/time.ts";
import { useData } from "../citizen/shared.tsx";
import { kindLabel, useDocsT } from "./shared.tsx";

interface Delegation {
  id: string;
  kind: "plt" | "plh";
  principal: { name: string };
  deputy: { name: string };
  from: string;
  to: string;
  revokedAt: string | null;
}

export function DelegationPanel() {
  const { t } = useDocsT();
  const list = useData<Delegation[]>("/api/documents/delegations");
  const [notice, setNotice] = useState<string | null>(null);
  const today = todayInCity();
  const form = useForm(
    { deputy: "", from: today, to: today, kind: "plh" },
    { labels: { deputy: t("delegation.deputy"), from: t("delegation.from"), to: t("delegation.to") } },
  );
  const create = form.submit(
    (v): Record<string, string> => (!v.deputy.trim() || !v.from || !v.to ? { deputy: t("delegation.required") } : {}),
    async (v) => {
      const r = await post<{ deputyName: string }>("/api/documents/delegations", { deputy: v.deputy.trim(), from: v.from, to: v.to, kind: v.kind });
      setNotice(t("delegation.created", { name: r.deputyName }));
      form.setValues({ deputy: "", from: today, to: today, kind: "plh" });
      list.reload();
    },
  );
  const revoke = async (id: string) => {
    try {
      await post(`/api/documents/delegations/${id}/revoke`);
      list.reload();
    } catch (err) {
      setNotice(err instanceof ProblemError ? err.title : String(err));
    }
  };
  return (
    <Section className="panel" titleId="delegation-title" title={t("delegation.title")}>
      <p>{t("delegation.lead")}</p>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      <form onSubmit={create} noValidate>
        <ErrorSummary summary={form.summary} />
        <TextField id="deputy" type="email" autoComplete="off" label={t("delegation.deputy")} width="20" {...form.bind("deputy")} />
        <TextField id="from" type="date" label={t("delegation.from")} width="10" {...form.bind("from")} />
        <TextField id="to" type="date" label={t("delegation.to")} width="10" {...form.bind("to")} />
        <Radios
          name="kind"
          legend={t("delegation.kind")}
          value={form.values.kind}
          inline
          options={[
            { value: "plh", label: t("delegation.plh") },
            { value: "plt", label: t("delegation.plt") },
          ]}
          onChange={(v) => form.setValues({ ...form.values, kind: v })}
        />
        <SubmitButton busy={form.submitting} className="button--secondary">
          {t("delegation.create")}
        </SubmitButton>
      </form>
      {list.data && list.data.length > 0 && (
        <>
          <h3>{t("delegation.list")}</h3>
          <ul>
            {list.data.map((d) => (
              <li key={d.id}>
                {t("delegation.row", {
                  kind: kindLabel(d.kind),
                  deputy: d.deputy.name,
                  principal: d.principal.name,
                  from: formatDate(d.from),
                  to: formatDate(d.to),
                })}{" "}
                {d.revokedAt ? (
                  <span className="muted">({t("delegation.revoked")})</span>
                ) : (
                  <button type="button" className="link-button" onClick={() => revoke(d.id)}>
                    {t("delegation.revoke")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
