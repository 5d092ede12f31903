/** /konsol/api-keys — keys for the Open311 GeoReport API: list, create (the key is shown once), revoke. */
import { useRef, useState } from "react";
import { post, ProblemError } from "../../../api.ts";
import { ErrorSummary, useForm, Field } from "../../../ui/form.tsx";
import { BackLink, formatDateTime, Loading, Notice, PageTitle } from "../../../ui/misc.tsx";
import { useData } from "../../citizen/shared.tsx";
import { useLaporT } from "../shared.tsx";

interface ApiKey {
  id: string;
  name: string;
  prefix?: string | null;
  createdAt: string;
  createdBy?: string | null;
  createdByName?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

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
        <section className="notice notice--success key-once" aria-labelledby="key-once-title">
          <h2 id="key-once-title" className="notice__title">
            {t("staff.keyCreated", { name: created.name })}
          </h2>
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
        </section>
      )}

      <form className="panel" onSubmit={create} noValidate>
        <h2>{t("staff.keyNew")}</h2>
        <Field id="name" label={t("staff.keyName")} hint={t("staff.keyNameHint")} error={form.errors.name} errorPrefix={false}>
          <input
            id="name"
            className="input input--w20"
            value={form.values.name}
            onChange={form.set("name")}
            maxLength={80}
            aria-describedby={`name-hint${form.errors.name ? " name-error" : ""}`}
            aria-invalid={form.errors.name ? true : undefined}
          />
        </Field>
        <button type="submit" className="button" aria-disabled={form.submitting || undefined}>
          {t("staff.keyCreate")}
        </button>
      </form>

      <h2 id="keys-list">{t("staff.keysList")}</h2>
      {error ? (
        <p className="notice notice--warning">{error.title}</p>
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{t("staff.keysEmpty")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard
        <section className="table-wrap" aria-labelledby="keys-list" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("staff.keyName")}</th>
                <th scope="col">{t("staff.keyPrefix")}</th>
                <th scope="col">{t("staff.keyCreatedAt")}</th>
                <th scope="col">{t("staff.keyLastUsed")}</th>
                <th scope="col">{t("staff.keyState")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("staff.keyActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} className={k.revokedAt ? "is-disabled" : undefined}>
                  <th scope="row" className="break">
                    {k.name}
                  </th>
                  <td className="mono">{k.prefix ? `${k.prefix}…` : "—"}</td>
                  <td>
                    {formatDateTime(k.createdAt)}
                    {k.createdByName && <span className="muted"> · {k.createdByName}</span>}
                  </td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t("staff.keyNeverUsed")}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="tag tag--grey">{t("staff.keyIsRevoked")}</span>
                    ) : (
                      <span className="tag tag--green">{t("staff.keyActive")}</span>
                    )}
                  </td>
                  <td className="actions">
                    {!k.revokedAt &&
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
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
