/** /konsol/pesan — Kominfo watches message delivery: recent SMS, WhatsApp and e-mail with status, provider id, error, attempts. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { choices, SelectField } from "../../ui/form.tsx";
import { useLabels } from "../../ui/labels.ts";
import { formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import type { ApiResponse } from "../../api.ts";

type Status = MessageRow["status"];
type MessageRow = ApiResponse<"/api/admin/messages", "get">["items"][number];

const STATUSES: Status[] = ["queued", "sent", "recorded", "failed"];
const TAG: Record<Status, string> = { queued: "tag--orange", sent: "tag--green", recorded: "tag--grey", failed: "tag--red" };

export default function Messages() {
  const { t } = useTranslation();
  const label = useLabels();
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
              {label.messageStatus(s)}: {data.counts[s]}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <SelectField
          id="message-status"
          label={t("messages.filter")}
          value={status}
          onChange={(e) => setStatus(e.target.value as "" | Status)}
          blank={t("messages.all")}
          options={choices(STATUSES, (s) => label.messageStatus(s))}
        />
      </div>
      {error ? (
        <Notice kind="warning">{error.title}</Notice>
      ) : !data ? (
        <Loading />
      ) : (
        <DataTable
          caption={t("messages.title")}
          empty={t("messages.none")}
          rows={data.items}
          rowKey={(m) => m.id}
          csv={{ filename: "pengiriman-pesan.csv" }}
          columns={[
            { key: "at", header: t("messages.at"), value: (m) => m.createdAt, sort: true, cell: (m) => formatDateTime(m.createdAt, tz) },
            {
              key: "channel",
              header: t("messages.channel"),
              value: (m) => m.channel,
              sort: true,
              cell: (m) => label.channel(m.channel),
            },
            {
              // A message to an e-Lapor reporter keeps no address on its row (sealed, docs/complaints.md).
              key: "recipient",
              header: t("messages.recipient"),
              cellClassName: (m) => (m.recipient ? "mono" : undefined),
              value: (m) => m.recipient || t("outbox.sealed"),
              cell: (m) => m.recipient || t("outbox.sealed"),
            },
            { key: "kind", header: t("messages.kind"), cellClassName: "mono", value: (m) => m.template, sort: true, cell: (m) => m.template },
            {
              key: "status",
              header: t("messages.statusCol"),
              value: (m) => label.messageStatus(m.status),
              sort: true,
              cell: (m) => (
                <>
                  <span className={`tag ${TAG[m.status]}`}>{label.messageStatus(m.status)}</span>
                  {m.status === "queued" && m.nextAttemptAt && (
                    <div className="field__hint">{t("messages.next", { at: formatDateTime(m.nextAttemptAt, tz) })}</div>
                  )}
                </>
              ),
            },
            { key: "attempts", header: t("messages.attempts"), className: "num", value: (m) => m.attempts, sort: true, cell: (m) => m.attempts },
            {
              key: "provider",
              header: t("messages.provider"),
              value: (m) => m.provider,
              cell: (m) => (
                <>
                  {m.provider ?? "—"}
                  {m.providerMessageId && <div className="mono break">{m.providerMessageId}</div>}
                </>
              ),
            },
            { key: "error", header: t("messages.error"), cellClassName: "break", value: (m) => m.lastError, cell: (m) => m.lastError ?? "" },
          ]}
        />
      )}
    </>
  );
}
