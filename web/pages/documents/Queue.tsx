/** /konsol/tanda-tangan — the signer's queue: preview each PDF, sign one or many with the passphrase; certificate; Plt./Plh. */
import { useState } from "react";
import { post, ProblemError } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { ErrorSummary, PasswordField, Radios, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { kindLabel, useDocsT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";
import { todayInCity } from "../../ui/time.ts";

interface QueueItem {
  id: string;
  title: string;
  caseId: string;
  caseNumber: string | null;
  applicantName: string | null;
  unit: { id: string; name: string };
  role: string;
  delegation: { id: string; kind: "plt" | "plh"; principalName: string } | null;
  createdAt: string;
}

interface Certificate {
  id: string;
  subject: string;
  serial: string;
  notAfter: string;
  revokedAt: string | null;
}

interface Delegation {
  id: string;
  kind: "plt" | "plh";
  principal: { name: string };
  deputy: { name: string };
  from: string;
  to: string;
  revokedAt: string | null;
}

interface SignResponse {
  signed: number;
  failed: number;
  results: Array<{ id: string; status: "signed" | "failed"; code: string; number?: string }>;
}

export default function SigningQueue() {
  const { t } = useDocsT();
  const { session } = useSession();
  const queue = useData<QueueItem[]>("/api/documents/queue");
  const certs = useData<Certificate[]>("/api/documents/certificates");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  const form = useForm({ passphrase: "" }, { labels: { passphrase: t("queue.passphrase") } });
  const items = queue.data ?? [];
  const active = certs.data?.find((c) => !c.revokedAt);

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));

  const sign = form.submit(
    (v) => {
      const errs: Record<string, string> = {};
      if (!v.passphrase) errs.passphrase = t("queue.passphraseMissing");
      if (selected.size === 0) errs.docs = t("queue.noneSelected");
      return errs;
    },
    async (v) => {
      const ids = items.filter((i) => selected.has(i.id)).map((i) => i.id);
      const r = await post<SignResponse>("/api/documents/sign", { ids, passphrase: v.passphrase });
      form.setValues({ passphrase: "" });
      setSelected(new Set());
      const failed = r.results.filter((x) => x.status === "failed");
      setNotice(
        failed.length
          ? {
              kind: "warning",
              text: `${t("queue.signed", { count: r.signed })} ${t("queue.failed", { count: failed.length, codes: failed.map((f) => f.code).join(", ") })}`,
            }
          : { kind: "success", text: t("queue.signed", { count: r.signed }) },
      );
      queue.reload();
    },
  );

  return (
    <>
      <BackLink href="/konsol">{t("queue.back")}</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("queue.title")}</PageTitle>
      <p>{t("queue.lead")}</p>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>

      <h2>{t("queue.heading")}</h2>
      {queue.error && <Notice kind="warning">{queue.error.title}</Notice>}
      {!queue.data && !queue.error && <Loading />}
      {queue.data && items.length === 0 && <p data-testid="queue-empty">{t("queue.empty")}</p>}
      {items.length > 0 && (
        <form onSubmit={sign} noValidate>
          <div className="doc-queue__all">
            <input type="checkbox" id="docs" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))} />
            <label htmlFor="docs">{t("queue.selectAll", { count: items.length })}</label>
          </div>
          {form.errors.docs && <p className="field__error">{form.errors.docs}</p>}
          <ul className="doc-queue" data-testid="queue">
            {items.map((d) => (
              <li key={d.id} className="doc-queue__item">
                <input type="checkbox" id={`doc-${d.id}`} checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
                <div className="doc-queue__body">
                  <label htmlFor={`doc-${d.id}`}>
                    {d.title} · {t("queue.case", { number: d.caseNumber ?? "-" })}
                  </label>
                  <p className="doc-queue__meta">
                    {d.applicantName && t("queue.applicant", { name: d.applicantName })} · {t("queue.unit", { name: d.unit.name })} · {formatDate(d.createdAt)}
                  </p>
                  {d.delegation && (
                    <p className="doc-queue__meta">
                      <strong className="tag tag--orange">
                        {t("queue.delegated", { kind: kindLabel(d.delegation.kind), name: d.delegation.principalName })}
                      </strong>
                    </p>
                  )}
                  <a
                    href={`/api/documents/${d.id}/preview`}
                    target="_blank"
                    rel="noopener"
                    aria-label={t("queue.previewOf", { title: d.title, number: d.caseNumber ?? "" })}
                  >
                    {t("queue.preview")}
                  </a>
                </div>
              </li>
            ))}
          </ul>
          <div className="panel">
            <h3>{t("queue.signHeading")}</h3>
            <PasswordField id="passphrase" label={t("queue.passphrase")} hint={t("queue.passphraseHint")} autoComplete="off" {...form.bind("passphrase")} />
            <SubmitButton busy={form.submitting}>{t("queue.sign", { count: selected.size })}</SubmitButton>
          </div>
        </form>
      )}

      <CertificatePanel active={active} loaded={!!certs.data} reload={certs.reload} />
      {hasPermission(session, "documents.delegate") && <DelegationPanel />}
    </>
  );
}

function CertificatePanel({ active, loaded, reload }: { active: Certificate | undefined; loaded: boolean; reload: () => void }) {
  const { t } = useDocsT();
  const [done, setDone] = useState(false);
  const form = useForm(
    { newPassphrase: "", confirm: "", nip: "" },
    { labels: { passphrase: t("cert.passphrase"), nip: t("cert.nip") }, fieldMap: { passphrase: "newPassphrase" } },
  );
  const issue = form.submit(
    (v) => {
      const errs: Record<string, string> = {};
      if (v.newPassphrase.length < 8) errs.newPassphrase = t("cert.passphraseHint");
      else if (v.newPassphrase !== v.confirm) errs.confirm = t("cert.mismatch");
      return errs;
    },
    async (v) => {
      await post("/api/documents/certificates", { passphrase: v.newPassphrase, ...(v.nip.trim() ? { nip: v.nip.trim() } : {}) });
      form.setValues({ newPassphrase: "", confirm: "", nip: "" });
      setDone(true);
      reload();
    },
  );
  if (!loaded) return null;
  const fields = (
    <form onSubmit={issue} noValidate>
      <ErrorSummary summary={form.summary} />
      <PasswordField
        id="newPassphrase"
        label={t("cert.passphrase")}
        hint={t("cert.passphraseHint")}
        autoComplete="new-password"
        {...form.bind("newPassphrase")}
      />
      <PasswordField id="confirm" label={t("cert.confirm")} autoComplete="new-password" {...form.bind("confirm")} />
      <TextField id="nip" label={t("cert.nip")} width="20" inputMode="numeric" {...form.bind("nip")} />
      <SubmitButton busy={form.submitting} className="button--secondary">
        {active ? t("cert.renew") : t("cert.issue")}
      </SubmitButton>
    </form>
  );
  return (
    <Section className="panel" titleId="cert-title" title={t("cert.title")}>
      <div aria-live="polite">{done && <Notice>{t("cert.issued")}</Notice>}</div>
      {active ? (
        <>
          <p data-testid="cert-active">
            {t("cert.active", { subject: active.subject, serial: active.serial.slice(0, 16), until: formatDate(active.notAfter) })}
          </p>
          <details>
            <summary>{t("cert.renew")}</summary>
            <p>{t("cert.renewLead")}</p>
            {fields}
          </details>
        </>
      ) : (
        <>
          <p>{t("cert.none")}</p>
          {fields}
        </>
      )}
    </Section>
  );
}

function DelegationPanel() {
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
