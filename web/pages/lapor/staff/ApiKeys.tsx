/** /konsol/api-keys — keys for the Open311 GeoReport API: list, create (the key is shown once), revoke. */
import { useRef, useState } from "react";
import { type ApiResponse, post, ProblemError } from "../../../api.ts";
import { ErrorSummary, SubmitButton, TextField, useForm } from "../../../ui/form.tsx";
import { BackLink, formatDateTime, Loading, Notice, PageTitle } from "../../../ui/misc.tsx";
import { useData } from "../../citizen/shared.tsx";
import { useLaporT } from "../shared.tsx";
import { DataTable } from "../../../ui/DataTable.tsx";
import { StatusTag } from "../../../ui/StatusTag.tsx";
import { Section } from "../../../ui/Section.tsx";

type ApiKey = ApiResponse<"/api/admin/api-keys", "get">[number];

export default function ApiKeys() {
  const { t } = useLaporT();
  const { data, error, reload } = useData<{ items: ApiKey[] } | ApiKey[]>("/api/admin/api-keys");
  const items = data == null ? null : Array.isArray(data) ? data : data.items;
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  const [confirm, setConfirm] = useState<string>("");
  const keyRef = useRef<HTMLElement>(null);
  const form = useForm({ name: "" }, { labels: { name: t("staff.keyName") } });

  const create = form.submit(
    (v): Record<string, string> => (v.name.trim().length < 3 ? { name: t("staff.keyNameMissing") } : {}),
    async (v) => {
      const r = await post<{ id: string; key?: string; apiKey?: string; secret?: string; name?: string }>("/api/admin/api-keys", { name: v.name.trim() });
      setCreated({ name: r.name ?? v.name.trim(), key: r.key ?? r.apiKey ?? r.secret ?? "" });
      setCopied(false);
      setNotice(null);
      form.setValues({ name: "" });
      reload();
      setTimeout(() => keyRef.current?.focus(), 0);
    },
  );

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      // Clipboard refused: select the text so the user can copy it by hand.
      const range = document.createRange();
      if (keyRef.current) {
        range.selectNodeContents(keyRef.current);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setNotice({ kind: "warning", text: t("staff.keyCopyFailed") });
    }
  };

  const revoke = async (k: ApiKey) => {
    try {
      await post(`/api/admin/api-keys/${k.id}/revoke`);
      setConfirm("");
      setNotice({ kind: "success", text: t("staff.keyRevoked", { name: k.name }) });
      reload();
    } catch (err) {
      setNotice({ kind: "warning", text: err instanceof ProblemError ? err.title : String(err) });
    }
  };

  return (
    <>
      <BackLink href="/konsol">{t("staff.backConsole")}</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("staff.keysTitle")}</PageTitle>
      <p>{t("staff.keysLead")}</p>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>
      {created && (
        <Section
          className="notice notice--success key-once"
          titleId="key-once-title"
          title={t("staff.keyCreated", { name: created.name })}
          titleClassName="notice__title"
        >
          <p>{t("staff.keyOnce")}</p>
          <p>
            <code className="secret key-once__key" ref={keyRef} tabIndex={-1} data-testid="api-key">
              {created.key}
            </code>
          </p>
          <div className="button-group">
            <button type="button" className="button button--secondary button--small" onClick={copy}>
              {t("staff.keyCopy")}
            </button>
            <span role="status">{copied ? t("staff.keyCopied") : ""}</span>
            <button type="button" className="link-button" onClick={() => setCreated(null)}>
              {t("staff.keyDone")}
            </button>
          </div>
        </Section>
      )}

      <form className="panel" onSubmit={create} noValidate>
        <h2>{t("staff.keyNew")}</h2>
        <TextField id="name" label={t("staff.keyName")} hint={t("staff.keyNameHint")} errorPrefix={false} width="20" maxLength={80} {...form.bind("name")} />
        <SubmitButton busy={form.submitting}>{t("staff.keyCreate")}</SubmitButton>
      </form>

      <h2 id="keys-list">{t("staff.keysList")}</h2>
      {error ? (
        <p className="notice notice--warning">{error.title}</p>
      ) : !items ? (
        <Loading />
      ) : (
        <DataTable
          caption={t("staff.keysList")}
          className="table"
          empty={<span className="muted">{t("staff.keysEmpty")}</span>}
          rows={items}
          rowKey={(k) => k.id}
          rowDisabled={(k) => !!k.revokedAt}
          columns={[
            { key: "name", header: t("staff.keyName"), rowHeader: true, cellClassName: "break", cell: (k) => k.name },
            { key: "prefix", header: t("staff.keyPrefix"), cellClassName: "mono", cell: (k) => (k.prefix ? `${k.prefix}…` : "—") },
            {
              key: "createdAt",
              header: t("staff.keyCreatedAt"),
              cell: (k) => (
                <>
                  {formatDateTime(k.createdAt)}
                  {k.createdByName && <span className="muted"> · {k.createdByName}</span>}
                </>
              ),
            },
            { key: "lastUsed", header: t("staff.keyLastUsed"), cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t("staff.keyNeverUsed")) },
            {
              key: "state",
              header: t("staff.keyState"),
              cell: (k) =>
                k.revokedAt ? <StatusTag tone="grey">{t("staff.keyIsRevoked")}</StatusTag> : <StatusTag tone="green">{t("staff.keyActive")}</StatusTag>,
            },
            {
              key: "actions",
              header: <span className="visually-hidden">{t("staff.keyActions")}</span>,
              cellClassName: "actions",
              cell: (k) =>
                !k.revokedAt &&
                (confirm === k.id ? (
                  <span className="button-group">
                    <button type="button" className="button button--warning button--small" onClick={() => revoke(k)}>
                      {t("staff.keyRevokeYes")}
                      <span className="visually-hidden"> {k.name}</span>
                    </button>
                    <button type="button" className="button button--secondary button--small" onClick={() => setConfirm("")}>
                      {t("mine.cancel")}
                    </button>
                  </span>
                ) : (
                  <button type="button" className="button button--quiet button--quiet-danger button--small" onClick={() => setConfirm(k.id)}>
                    {t("staff.keyRevoke")}
                    <span className="visually-hidden"> {k.name}</span>
                  </button>
                )),
            },
          ]}
        />
      )}
    </>
  );
}
