/** /konsol/pesan — Kominfo watches message delivery: recent SMS, WhatsApp and e-mail with status, provider id, error, attempts. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../session.tsx";
import { SelectField } from "../../ui/form.tsx";
import { formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import type { ApiResponse } from "../../api.ts";

type Status = MessageRow["status"];
type MessageRow = ApiResponse<"/api/admin/messages", "get">["items"][number];

const STATUSES: Status[] = ["queued", "sent", "recorded", "failed"];
const TAG: Record<Status, string> = { queued: "tag--orange", sent: "tag--green", recorded: "tag--grey", failed: "tag--red" };

export default function Messages() {
  const { t } = useTranslation();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [status, setStatus] = useState<"" | Status>("");
  const { data, error } = useData<{ items: MessageRow[]; counts: Record<Status, number> }>(`/api/admin/messages?limit=200${status ? `&status=${status}` : ""}`);

  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("messages.title")}</PageTitle>
      <p>{t("messages.lead")}</p>
      {data && (
        <ul className="tags" aria-label={t("messages.countsLabel")}>
          {STATUSES.map((s) => (
            <li key={s} className={`tag ${TAG[s]}`}>
              {t(`messages.status.${s}`)}: {data.counts[s]}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <SelectField id="message-status" label={t("messages.filter")} value={status} onChange={(e) => setStatus(e.target.value as "" | Status)}>
          <option value="">{t("messages.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`messages.status.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {error ? (
        <Notice kind="warning">{error.title}</Notice>
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <p>{t("messages.none")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label={t("messages.title")}>
          <table className="table table--dense">
            <caption className="visually-hidden">{t("messages.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("messages.at")}</th>
                <th scope="col">{t("messages.channel")}</th>
                <th scope="col">{t("messages.recipient")}</th>
                <th scope="col">{t("messages.kind")}</th>
                <th scope="col">{t("messages.statusCol")}</th>
                <th scope="col" className="num">
                  {t("messages.attempts")}
                </th>
                <th scope="col">{t("messages.provider")}</th>
                <th scope="col">{t("messages.error")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt, tz)}</td>
                  <td>{t(`messages.channels.${m.channel}`, { defaultValue: m.channel })}</td>
                  {/* A message to an e-Lapor reporter keeps no address on its row (sealed, docs/complaints.md). */}
                  <td className={m.recipient ? "mono" : undefined}>{m.recipient || t("outbox.sealed")}</td>
                  <td className="mono">{m.template}</td>
                  <td>
                    <span className={`tag ${TAG[m.status]}`}>{t(`messages.status.${m.status}`)}</span>
                    {m.status === "queued" && m.nextAttemptAt && (
                      <div className="field__hint">{t("messages.next", { at: formatDateTime(m.nextAttemptAt, tz) })}</div>
                    )}
                  </td>
                  <td className="num">{m.attempts}</td>
                  <td>
                    {m.provider ?? "—"}
                    {m.providerMessageId && <div className="mono break">{m.providerMessageId}</div>}
                  </td>
                  <td className="break">{m.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
