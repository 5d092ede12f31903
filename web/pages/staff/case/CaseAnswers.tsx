/** The citizen's answers (each shown by its field type), the files staff added, and the case's timeline. */
import { useTranslation } from "react-i18next";
import { useLabels } from "../../../ui/labels.ts";
import { formatDate, formatDateTime } from "../../../ui/misc.tsx";
import { type Kecamatan, regionName, useLocalized } from "../shared.tsx";
import type { CaseEvent, CaseField, CaseFile, StaffCase } from "../types.ts";

export const fmtSize = (n: number) => (n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

function FileLink({ id, file }: { id: string; file?: CaseFile }) {
  return (
    <>
      <a href={`/api/files/${id}`} target="_blank" rel="noreferrer">
        {file?.filename ?? id}
      </a>
      {file && <span className="muted"> ({fmtSize(file.size)})</span>}
    </>
  );
}

function AnswerValue({ f, v, files, regions, tz }: { f: CaseField; v: unknown; files: Map<string, CaseFile>; regions: Kecamatan[]; tz?: string }) {
  const { t } = useTranslation();
  const L = useLocalized();
  if (v === undefined || v === null || v === "") return <span className="muted">{t("staffCases.case.empty")}</span>;
  switch (f.type) {
    case "address": {
      const a = v as { street?: string; rt?: string; rw?: string; kecamatan?: string; kelurahan?: string };
      return (
        <>
          {a.street}
          {(a.rt || a.rw) && ` RT ${a.rt ?? "-"} / RW ${a.rw ?? "-"}`}
          <br />
          {[regionName(regions, a.kelurahan), regionName(regions, a.kecamatan)].filter(Boolean).join(", ")}
        </>
      );
    }
    case "file": {
      const ids = Array.isArray(v) ? (v as string[]) : [String(v)];
      return (
        <ul className="plain-list">
          {ids.map((fid) => (
            <li key={fid}>
              <FileLink id={fid} file={files.get(fid)} />
            </li>
          ))}
        </ul>
      );
    }
    case "choice": {
      const o = f.options?.find((x) => x.value === v);
      return o ? L(o.label) : String(v);
    }
    case "multichoice": {
      const vs = Array.isArray(v) ? v : [v];
      return vs.map((x) => L(f.options?.find((o) => o.value === x)?.label) || String(x)).join(", ");
    }
    case "checkbox":
      return v ? t("staffCases.case.yes") : t("staffCases.case.no");
    case "date":
      return formatDate(String(v), tz);
    case "nik":
    case "phone":
      return <span className="mono">{String(v)}</span>;
    default:
      return <span className="pre-wrap">{typeof v === "object" ? JSON.stringify(v) : String(v)}</span>;
  }
}

export function CaseAnswers({ c, regions, tz }: { c: StaffCase; regions: Kecamatan[]; tz?: string }) {
  const { t } = useTranslation();
  const L = useLocalized();
  const files = new Map(c.files.map((f) => [f.id, f]));
  const staffFiles = c.files.filter((f) => !c.form.fields.some((fl) => fl.type === "file" && fl.name === f.field));
  return (
    <>
      <h2>{t("staffCases.case.answers")}</h2>
      <dl className="summary-list">
        {c.form.fields.map((f) => (
          <div key={f.name}>
            <dt>{L(f.label)}</dt>
            <dd>
              <AnswerValue f={f} v={c.data?.[f.name]} files={files} regions={regions} tz={tz} />
            </dd>
          </div>
        ))}
      </dl>
      {staffFiles.length > 0 && (
        <>
          <h2>{t("staffCases.case.files")}</h2>
          <ul className="plain-list">
            {staffFiles.map((f) => (
              <li key={f.id}>
                <a href={`/api/files/${f.id}`} target="_blank" rel="noreferrer">
                  {f.filename}
                </a>{" "}
                <span className="muted">({fmtSize(f.size)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function CaseTimeline({ events, tz }: { events: CaseEvent[]; tz?: string }) {
  const { t } = useTranslation();
  const label = useLabels();
  return (
    <>
      <h2>{t("staffCases.case.timeline")}</h2>
      <ol className="timeline" data-testid="case-timeline">
        {events.map((e, i) => {
          const did = e.action ? label.action(e.actionLabel, e.action) : "";
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: events are append-only and never reordered
            <li key={i} className="timeline__item">
              <p className="timeline__when muted">{formatDateTime(e.at, tz)}</p>
              <p className="timeline__what">
                <strong>{e.toLabel && e.kind !== "comment" ? label.pick(e.toLabel) : label.eventKind(e.kind)}</strong>
                {did && <span className="muted"> · {did}</span>}
                {e.actorName && (
                  <span className="muted">
                    {" "}
                    · {t("staffCases.case.by", { name: e.actorName })}
                    {e.actorRole && ` (${label.role(e.actorRole)})`}
                  </span>
                )}
              </p>
              {e.comment && <p className="timeline__comment pre-wrap">{e.comment}</p>}
            </li>
          );
        })}
      </ol>
    </>
  );
}
