import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, type OutboxMessage } from "../api.ts";
import { useSession } from "../session.tsx";
import { ErrorSummary, useForm } from "../ui/form.tsx";
import { useLabels } from "../ui/labels.ts";
import { formatDateTime, Loading, PageTitle } from "../ui/misc.tsx";
import { NotFound } from "./NotFound.tsx";

/** One-time codes are in these messages only (a report number like LSAM-2026-000012 is not a code). */
const CODE_TEMPLATE = /^accounts\..*-code$/;

/**
 * Demo and development only (BALAI_DEV_OUTBOX), for Kominfo admins (the route guards `outbox.read`): the
 * newest messages, so sign-up and reset codes can be read. Messages to e-Lapor reporters show no recipient.
 */
export default function Outbox() {
  const { session } = useSession();
  if (session && !session.devOutbox) return <NotFound />;
  return <OutboxList />;
}

function OutboxList() {
  const { t } = useTranslation();
  const label = useLabels();
  const { session } = useSession();
  const [rows, setRows] = useState<OutboxMessage[] | null>(null);
  const page = useForm({}, {});
  const { showProblem, clear } = page;
  const load = useCallback(async () => {
    try {
      const list = await get<OutboxMessage[]>("/api/dev/outbox");
      list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      setRows(list);
      clear();
    } catch (err) {
      showProblem(err);
      setRows([]);
    }
  }, [clear, showProblem]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <PageTitle>{t("outbox.title")}</PageTitle>
      <p>{t("outbox.lead")}</p>
      <p>
        <button type="button" className="button button--secondary" onClick={load}>
          {t("outbox.refresh")}
        </button>
      </p>
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t("outbox.none")}</p>
      ) : (
        <ol className="outbox">
          {rows.map((m) => {
            const code = CODE_TEMPLATE.test(m.template) ? m.body.match(/\b\d{6}\b/)?.[0] : undefined;
            return (
              <li key={m.id} className="card outbox__item">
                <p className="card__kicker">
                  {label.channel(m.channel)} · {formatDateTime(m.createdAt, session?.tenant.timezone)} · {label.messageStatus(m.status)}
                </p>
                <h2 className="card__title h4 break">
                  {t("outbox.to")} {m.sealed ? t("outbox.sealed") : m.recipient}
                </h2>
                {m.subject && <p className="outbox__subject">{m.subject}</p>}
                {code && (
                  <p>
                    {t("outbox.code")}{" "}
                    <strong className="otp" data-testid="outbox-code">
                      {code}
                    </strong>
                  </p>
                )}
                <p className="outbox__body">{m.body}</p>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
