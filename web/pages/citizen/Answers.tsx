/** A submitted answer shown back to the citizen, and a case error notice. */
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import type { ProblemError } from "../../api.ts";
import { formatDate, MessagePage } from "../../ui/misc.tsx";
import { type CaseFile, type CaseView, type FormField, type Region, useLoc } from "./shared.tsx";

import { isEmpty } from "./applicationState.tsx";
import { FileLinks } from "../../ui/FileLinks.tsx";

export function CaseError({ error }: { error: ProblemError }) {
  const { t } = useTranslation("citizen");
  const gone = error.status === 404 || error.status === 403;
  return (
    <MessagePage
      title={gone ? t("case.notFound") : t("common.error")}
      body={gone ? t("case.notFoundBody") : error.title}
      href="/layanan-saya"
      link={t("common.backToMine")}
    />
  );
}

/** Human-readable answer for the check page and the case page. */
export function AnswerValue({ f, value, files, regions }: { f: FormField; value: unknown; files: CaseFile[]; regions: Region[] | null }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  if (f.type === "file") {
    const mine = files.filter((x) => x.field === f.name);
    if (!mine.length) return <span className="muted">{t("check.none")}</span>;
    return <FileLinks files={mine} />;
  }
  if (isEmpty(value) && f.type !== "checkbox") return <span className="muted">{t("check.none")}</span>;
  if (f.type === "address") {
    const a = value as Record<string, string>;
    const kec = regions?.find((r) => r.code === a.kecamatan);
    const kel = kec?.kelurahan.find((k) => k.code === a.kelurahan);
    return (
      <>
        {a.street}
        {a.rt || a.rw ? `, RT ${a.rt ?? "-"}/RW ${a.rw ?? "-"}` : ""}
        <br />
        {kel?.name ?? a.kelurahan}, {kec?.name ?? a.kecamatan}
      </>
    );
  }
  if (f.type === "checkbox") return <>{value === true ? t("check.yes") : t("check.no")}</>;
  if (f.type === "choice") return <>{loc(f.options?.find((o) => o.value === value)?.label) || String(value)}</>;
  if (f.type === "multichoice") {
    const arr = Array.isArray(value) ? (value as string[]) : [];
    return <>{arr.map((v) => loc(f.options?.find((o) => o.value === v)?.label) || v).join(", ")}</>;
  }
  if (f.type === "date" && typeof value === "string") return <>{formatDate(value)}</>;
  return <span className="pre-wrap">{String(value)}</span>;
}

/** /permohonan/:id/periksa — check your answers, then submit (or resubmit after a correction). */

/** A case the citizen can no longer change: its name, why, and a link to the case. */
export function NotEditable({ c }: { c: CaseView }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  return <MessagePage title={loc(c.service.name)} body={t("form.notEditable")} href={`/layanan-saya/${c.id}`} link={t("form.viewCase")} />;
}

/** The case's answers as a summary list; `action` adds a cell per answer (e.g. "Ubah"). */
export function AnswerList({
  c,
  regions,
  className,
  action,
}: {
  c: CaseView;
  regions: Region[] | null;
  className?: string;
  action?: (f: FormField) => ReactNode;
}) {
  const loc = useLoc();
  return (
    <dl className={className ?? "summary-list"}>
      {c.form.fields.map((f) => (
        <div key={f.name}>
          <dt>{loc(f.label)}</dt>
          <dd>
            <AnswerValue f={f} value={c.data[f.name]} files={c.files} regions={regions} />
          </dd>
          {action?.(f)}
        </div>
      ))}
    </dl>
  );
}
