/** /konsol/registri — Kominfo's official social-media accounts (with reviews) and the city's servers with their load. */
import { useState } from "react";
import { post, ProblemError } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { BackLink, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { Link } from "wouter";
import { type Infrastructure, type PendingPage, type SocialAccount, useSsoT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

export default function Registry() {
  const { t } = useSsoT();
  const { session } = useSession();
  const social = useData<SocialAccount[]>("/api/admin/registry/social");
  const infra = useData<Infrastructure>("/api/admin/infra");
  const pending = useData<PendingPage[]>("/api/admin/opd-pages/pending");
  const [notice, setNotice] = useState("");
  const canManage = hasPermission(session, "registry.manage");

  const review = async (s: SocialAccount, verified: boolean) => {
    try {
      await post(`/api/admin/registry/social/${s.id}/review`, { verified });
      social.reload();
      setNotice(`${s.platform} ${s.handle}: ${verified ? t("verified") : t("unverified")}`);
    } catch (err) {
      setNotice(err instanceof ProblemError ? err.title : String(err));
    }
  };

  return (
    <>
      <BackLink href="/konsol">Konsol</BackLink>
      <PageTitle>{t("registryTitle")}</PageTitle>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      <Section titleId="pending-title" title={t("pendingTitle")}>
        {pending.data?.length ? (
          <ul>
            {pending.data.map((p) => (
              <li key={p.code}>
                <Link href={`/konsol/opd/${p.code}`}>{p.name}</Link> — {formatDateTime(p.draftAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("pendingNone")}</p>
        )}
      </Section>
      {social.data ? (
        <DataTable
          caption={t("socialCaption")}
          captionVisible
          rows={social.data}
          rowKey={(s) => s.id}
          columns={[
            { key: "opd", header: t("col2.opd"), cell: (s) => s.unitName },
            { key: "platform", header: t("col2.platform"), cell: (s) => s.platform },
            {
              key: "handle",
              header: t("col2.handle"),
              rowHeader: true,
              cell: (s) => (
                <a href={s.url} rel="noopener">
                  {s.handle}
                </a>
              ),
            },
            { key: "admin", header: t("col2.admin"), cell: (s) => s.adminName },
            {
              key: "verification",
              header: t("col2.verification"),
              cell: (s) => (
                <StatusTag tone={s.verification === "verified" ? "green" : "orange"}>
                  {s.verification === "verified" ? t("verified") : t("unverified")}
                </StatusTag>
              ),
            },
            {
              key: "review",
              header: t("col2.review"),
              cell: (s) => (
                <>
                  {s.reviewDue} {s.reviewOverdue && <StatusTag tone="red">{t("overdue")}</StatusTag>}
                </>
              ),
            },
            ...(canManage
              ? [
                  {
                    key: "actions",
                    header: t("col2.actions"),
                    cell: (s: SocialAccount) => (
                      <span className="button-group">
                        <button type="button" className="link-button" onClick={() => void review(s, true)}>
                          {t("markVerified")} <span className="visually-hidden">{s.handle}</span>
                        </button>
                        <button type="button" className="link-button" onClick={() => void review(s, false)}>
                          {t("markUnverified")} <span className="visually-hidden">{s.handle}</span>
                        </button>
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <Loading />
      )}
      {infra.data ? (
        <>
          <p>
            {t("totals", { vcpu: infra.data.total.vcpu, mem: infra.data.total.memoryGb, needVcpu: infra.data.need.vcpu, needMem: infra.data.need.memoryGb })}{" "}
            <StatusTag tone={infra.data.fits ? "green" : "red"}>{infra.data.fits ? t("fitsYes") : t("fitsNo")}</StatusTag>
          </p>
          <DataTable
            caption={t("serversCaption")}
            captionVisible
            rows={infra.data.servers}
            rowKey={(s) => s.id}
            columns={[
              { key: "server", header: t("col2.server"), rowHeader: true, cell: (s) => `${s.name} (${s.location})` },
              { key: "capacity", header: t("col2.capacity"), cell: (s) => `${s.vcpu} vCPU · ${s.memoryGb} GB · ${s.storageGb} GB disk` },
              { key: "need", header: t("col2.need"), cell: (s) => `${s.vcpuNeed} vCPU · ${s.memoryGbNeed} GB` },
              { key: "apps", header: t("col2.apps"), cell: (s) => s.apps.map((a) => a.name).join(", ") || "—" },
              {
                key: "balai",
                header: t("col2.balai"),
                cell: (s) =>
                  s.balai
                    ? `CPU ${s.balai.cpuPercent}% (24 j maks ${s.balai.peakCpuPercent24h}%) · ${s.balai.rssMb} MB · load ${s.balai.load1} · ${formatDateTime(s.balai.at)}`
                    : "—",
              },
              {
                key: "fits",
                header: t("col2.fits"),
                cell: (s) => <StatusTag tone={s.fits ? "green" : "red"}>{s.fits ? t("fitsYes") : t("fitsNo")}</StatusTag>,
              },
            ]}
          />
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}
