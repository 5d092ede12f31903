import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditEntry, type AuditVerify, get } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
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
      ) : (
        <DataTable
          caption={t("audit.title")}
          empty={t("audit.none")}
          rows={rows}
          rowKey={(r) => String(r.id)}
          csv={{ filename: "audit.csv" }}
          columns={[
            { key: "seq", header: t("audit.seq"), className: "num", cellClassName: "mono", value: (r) => r.id, sort: true, cell: (r) => r.id },
            { key: "at", header: t("audit.at"), cellClassName: "nowrap", value: (r) => r.at, sort: true, cell: (r) => formatDateTime(r.at, tz) },
            {
              key: "actor",
              header: t("audit.actor"),
              value: (r) => r.actorName ?? t("audit.system"),
              sort: true,
              cell: (r) => r.actorName ?? <span className="muted">{t("audit.system")}</span>,
            },
            { key: "action", header: t("audit.action"), cellClassName: "mono", value: (r) => r.action, sort: true, cell: (r) => r.action },
            {
              key: "subject",
              header: t("audit.subject"),
              value: (r) => [r.subjectType, r.subjectId].filter(Boolean).join(" "),
              sort: true,
              cell: (r) => (
                <>
                  {r.subjectType && <span className="muted">{r.subjectType} </span>}
                  {r.subjectId && (
                    <span className="mono" title={r.subjectId}>
                      {r.subjectId.slice(0, 8)}
                    </span>
                  )}
                </>
              ),
            },
            { key: "data", header: t("audit.data"), cellClassName: "mono data-cell", value: (r) => compact(r.data), cell: (r) => compact(r.data) },
            {
              key: "hash",
              header: t("audit.hash"),
              cellClassName: "mono",
              value: (r) => r.hash,
              cellProps: (r) => ({ title: r.hash }),
              cell: (r) => `${r.hash.slice(0, 10)}…`,
            },
          ]}
        />
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
