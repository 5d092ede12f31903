/** The case's key facts: state, applicant, unit, submitted, due dates. */
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime } from "../../../ui/misc.tsx";
import { StatusTag } from "../../../ui/StatusTag.tsx";
import { type Kecamatan, regionName, SlaBadge, useLocalized } from "../shared.tsx";
import type { StaffCase } from "../types.ts";

export function CaseHeader({ c, regions, tz }: { c: StaffCase; regions: Kecamatan[]; tz?: string }) {
  const { t } = useTranslation();
  const L = useLocalized();
  return (
    <dl className="summary-list case-head">
      <div>
        <dt>{t("staffCases.case.state")}</dt>
        <dd>
          <strong data-testid="case-state">{L(c.stateLabel)}</strong> {!c.isOpen && <StatusTag tone="grey">{t("staffCases.case.closed")}</StatusTag>}
        </dd>
      </div>
      <div>
        <dt>{t("staffCases.case.applicant")}</dt>
        <dd>{c.applicantName}</dd>
      </div>
      <div>
        <dt>{t("staffCases.case.unit")}</dt>
        <dd>
          {c.unit?.name ?? "—"}
          {c.kelurahan && c.kelurahan !== c.unit?.code && <span className="muted"> · {regionName(regions, c.kelurahan)}</span>}
        </dd>
      </div>
      <div>
        <dt>{t("staffCases.case.submitted")}</dt>
        <dd>{c.submittedAt ? formatDateTime(c.submittedAt, tz) : "—"}</dd>
      </div>
      <div>
        <dt>{t("staffCases.case.due")}</dt>
        <dd>
          {c.slaDueAt ? formatDate(c.slaDueAt, tz) : "—"} {c.isOpen && <SlaBadge sla={c.sla === "none" ? null : c.sla} escalated={c.escalated} />}
          {c.isOpen && c.stateDueAt && (
            <span className="muted">
              {" "}
              · {t("staffCases.case.stateDue")}: {formatDate(c.stateDueAt, tz)}
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}
