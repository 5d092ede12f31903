import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditEntry, type AuditVerify, get } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";

const PAGE = 100;

function compact(data: unknown): string {
  if (data == null) return "";
  const s = typeof data === "string" ? data : JSON.stringify(data);
  return s === "{}" ? "" : s;
}

export default function Audit() {
  const { t } = useTranslation();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const page = useForm({}, {});
  const { showProblem } = page;

  const load = useCallback(
    async (before?: number) => {
      try {
        const list = await get<AuditEntry[]>(`/api/admin/audit?limit=${PAGE}${before ? `&before=${before}` : ""}`);
        setRows((old) => (before ? [...(old ?? []), ...list] : list));
        setMore(list.length === PAGE);
      } catch (err) {
        showProblem(err);
      }
    },
    [showProblem],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    try {
      setVerify(await get<AuditVerify>("/api/admin/audit/verify"));
    } catch (err) {
      page.showProblem(err);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <PageTitle caption={session?.tenant.name}>{t("audit.title")}</PageTitle>
      <p>{t("audit.lead")}</p>
      <div className="toolbar">
        <button type="button" className="button" onClick={runVerify} aria-disabled={verifying || undefined}>
          {verifying ? t("audit.verifying") : t("audit.verify")}
        </button>
      </div>
      <div aria-live="polite">
        {verify &&
          (verify.ok ? (
            <Notice title={t("audit.okTitle")}>{t("audit.okBody", { count: verify.checked })}</Notice>
          ) : (
            <Notice kind="warning" title={t("audit.badTitle")}>
              {t("audit.badBody", {
                count: verify.checked,
                seq: verify.firstBad?.seq ?? "?",
                lane: verify.firstBad?.lane ?? "?",
                reason: verify.firstBad?.reason ?? "",
              })}
            </Notice>
          ))}
      </div>
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label={t("audit.title")}>
          <table className="table table--dense">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("audit.seq")}
                </th>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.subject")}</th>
                <th scope="col">{t("audit.data")}</th>
                <th scope="col">{t("audit.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="num mono">{r.id}</td>
                  <td className="nowrap">{formatDateTime(r.at, tz)}</td>
                  <td>{r.actorName ?? <span className="muted">{t("audit.system")}</span>}</td>
                  <td className="mono">{r.action}</td>
                  <td>
                    {r.subjectType && <span className="muted">{r.subjectType} </span>}
                    {r.subjectId && (
                      <span className="mono" title={r.subjectId}>
                        {r.subjectId.slice(0, 8)}
                      </span>
                    )}
                  </td>
                  <td className="mono data-cell">{compact(r.data)}</td>
                  <td className="mono" title={r.hash}>
                    {r.hash.slice(0, 10)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {more && rows && (
        <p>
          <button type="button" className="button button--secondary" onClick={() => load(rows[rows.length - 1].id)}>
            {t("audit.older")}
          </button>
        </p>
      )}
    </>
  );
}
