/** /konsol/aplikasi — Kominfo's registry of OPD apps and the OpenID Connect clients issued to them. */
import { useState } from "react";
import { post, ProblemError } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { type Errors, ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { type OidcClient, type RegistryApp, useSsoT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

export default function Apps() {
  const { t } = useSsoT();
  const apps = useData<RegistryApp[]>("/api/admin/registry/apps");
  const clients = useData<OidcClient[]>("/api/admin/oidc/clients");
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  const [secret, setSecret] = useState<{ clientId: string; secret: string } | null>(null);

  const appForm = useForm(
    { key: "", name: "", ownerUnitCode: "", url: "" },
    { labels: { key: t("field.key"), name: t("field.name"), ownerUnitCode: t("field.owner"), url: t("field.url") } },
  );
  const register = appForm.submit(
    (v): Errors => ({
      ...(/^[a-z0-9][a-z0-9-]{1,62}$/.test(v.key) ? {} : { key: t("errKey") }),
      ...(v.name.trim().length >= 2 ? {} : { name: t("errName") }),
    }),
    async (v) => {
      await post("/api/admin/registry/apps", {
        key: v.key,
        name: v.name.trim(),
        ...(v.ownerUnitCode.trim() ? { ownerUnitCode: v.ownerUnitCode.trim() } : {}),
        ...(v.url.trim() ? { url: v.url.trim() } : {}),
      });
      appForm.setValues({ key: "", name: "", ownerUnitCode: "", url: "" });
      apps.reload();
    },
  );

  const clientForm = useForm(
    { app: "", clientName: "", redirect: "" },
    { labels: { app: t("field.clientApp"), clientName: t("field.clientName"), redirect: t("field.redirect") } },
  );
  const create = clientForm.submit(
    (v): Errors => ({
      ...(v.app ? {} : { app: t("errApp") }),
      ...(v.clientName.trim() ? {} : { clientName: t("errName") }),
      ...(/^https?:\/\/\S+$/.test(v.redirect.trim()) ? {} : { redirect: t("errRedirect") }),
    }),
    async (v) => {
      const r = await post<{ client_id: string; client_secret?: string }>("/api/admin/oidc/clients", {
        app: v.app,
        name: v.clientName.trim(),
        redirectUris: [v.redirect.trim()],
      });
      setSecret({ clientId: r.client_id, secret: r.client_secret ?? "" });
      clientForm.setValues({ app: "", clientName: "", redirect: "" });
      clients.reload();
    },
  );

  const act = async (url: string, done: (body: Record<string, string>) => string) => {
    try {
      const body = await post<Record<string, string>>(url);
      setNotice({ kind: "success", text: done(body) });
      clients.reload();
    } catch (err) {
      setNotice({ kind: "warning", text: err instanceof ProblemError ? err.title : String(err) });
    }
  };

  return (
    <>
      <BackLink href="/konsol">Konsol</BackLink>
      <ErrorSummary summary={appForm.summary ?? clientForm.summary} />
      <PageTitle>{t("appsTitle")}</PageTitle>
      <p>{t("appsLead")}</p>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>
      {secret && (
        <Notice kind="success" title={secret.clientId}>
          {t("secretOnce")} <code>{secret.secret}</code>
        </Notice>
      )}
      {apps.data ? (
        <DataTable
          caption={t("appsCaption")}
          captionVisible
          rows={apps.data}
          rowKey={(a) => a.id}
          columns={[
            { key: "name", header: t("col.name"), rowHeader: true, cell: (a) => a.name, sort: true, value: (a) => a.name },
            { key: "owner", header: t("col.owner"), cell: (a) => a.ownerUnitName ?? "—" },
            { key: "hosting", header: t("col.hosting"), cell: (a) => t(`hosting.${a.hosting}`) },
            {
              key: "status",
              header: t("col.status"),
              cell: (a) => (
                <StatusTag tone={a.status === "production" ? "green" : a.status === "retired" ? "grey" : "orange"}>{t(`status.${a.status}`)}</StatusTag>
              ),
            },
            {
              key: "api",
              header: t("col.api"),
              cell: (a) => (a.apiKeys ? `${a.apiKeys} · ${a.lastApiCall ? formatDateTime(a.lastApiCall) : "—"}` : "—"),
            },
            {
              key: "review",
              header: t("col.review"),
              cell: (a) => (
                <>
                  {a.reviewDue ?? "—"} {a.reviewOverdue && <StatusTag tone="red">{t("overdue")}</StatusTag>}
                </>
              ),
            },
          ]}
        />
      ) : (
        <Loading />
      )}
      <Section className="card" titleId="register-title" title={t("registerTitle")}>
        <form onSubmit={register} noValidate>
          <TextField id="key" label={t("field.key")} hint={t("field.keyHint")} {...appForm.bind("key")} width="20" />
          <TextField id="name" label={t("field.name")} {...appForm.bind("name")} />
          <TextField id="ownerUnitCode" label={t("field.owner")} {...appForm.bind("ownerUnitCode")} width="20" />
          <TextField id="url" label={t("field.url")} {...appForm.bind("url")} />
          <SubmitButton busy={appForm.submitting}>{t("register")}</SubmitButton>
        </form>
      </Section>
      {clients.data ? (
        <DataTable
          caption={t("clientsCaption")}
          captionVisible
          rows={clients.data}
          rowKey={(c) => c.clientId}
          columns={[
            { key: "name", header: t("col.name"), rowHeader: true, cell: (c) => c.name },
            { key: "app", header: t("col.app"), cell: (c) => c.appName },
            { key: "clientId", header: t("col.clientId"), cell: (c) => <code>{c.clientId}</code> },
            { key: "grants", header: t("col.grants"), cell: (c) => c.grantTypes.join(", ") },
            { key: "signIns", header: t("col.signIns"), cell: (c) => String(c.signIns), sort: true, value: (c) => c.signIns },
            { key: "last", header: t("col.lastSignIn"), cell: (c) => (c.lastSignIn ? formatDateTime(c.lastSignIn) : "—") },
            {
              key: "actions",
              header: t("col.actions"),
              cell: (c) =>
                c.revokedAt ? (
                  <StatusTag tone="grey">{t("revoked")}</StatusTag>
                ) : (
                  <button
                    type="button"
                    className="link-button link-button--danger"
                    onClick={() => void act(`/api/admin/oidc/clients/${c.clientId}/revoke`, () => `${t("revoked")}: ${c.name}`)}
                  >
                    {t("revoke")} <span className="visually-hidden">{c.name}</span>
                  </button>
                ),
            },
          ]}
        />
      ) : (
        <Loading />
      )}
      <Section className="card" titleId="client-title" title={t("clientTitle")}>
        <form onSubmit={create} noValidate>
          <SelectField id="app" label={t("field.clientApp")} {...clientForm.bind("app")}>
            <option value="">—</option>
            {(apps.data ?? [])
              .filter((a) => a.status !== "retired")
              .map((a) => (
                <option key={a.key} value={a.key}>
                  {a.name}
                </option>
              ))}
          </SelectField>
          <TextField id="clientName" label={t("field.clientName")} {...clientForm.bind("clientName")} />
          <TextField id="redirect" label={t("field.redirect")} hint={t("field.redirectHint")} {...clientForm.bind("redirect")} />
          <SubmitButton busy={clientForm.submitting}>{t("createClient")}</SubmitButton>
        </form>
      </Section>
      <p>
        <button type="button" className="button button--secondary" onClick={() => void act("/api/admin/oidc/keys/rotate", (b) => t("rotated", { kid: b.kid }))}>
          {t("rotate")}
        </button>
      </p>
    </>
  );
}
