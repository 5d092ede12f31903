/** The case's key facts: state, applicant, unit, submitted, due dates. */
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, SummaryList } from "../../../ui/misc.tsx";
import { StatusTag } from "../../../ui/StatusTag.tsx";
import { type Kecamatan, regionName, SlaBadge, useLocalized } from "../shared.tsx";
import type { StaffCase } from "../types.ts";

export function CaseHeader({ c, regions, tz }: { c: StaffCase; regions: Kecamatan[]; tz?: string }) {
  const { t } = useTranslation();
  const L = useLocalized();
  return (
    <SummaryList
      className="summary-list case-head"
      rows={[
        [
          t("staffCases.case.state"),
          <>
            <strong data-testid="case-state">{L(c.stateLabel)}</strong> {!c.isOpen && <StatusTag tone="grey">{t("staffCases.case.closed")}</StatusTag>}
          </>,
        ],
        [t("staffCases.case.applicant"), c.applicantName],
        [
          t("staffCases.case.unit"),
          <>
            {c.unit?.name ?? "—"}
            {c.kelurahan && c.kelurahan !== c.unit?.code && <span className="muted"> · {regionName(regions, c.kelurahan)}</span>}
          </>,
        ],
        [t("staffCases.case.submitted"), c.submittedAt ? formatDateTime(c.submittedAt, tz) : "—"],
        [
          t("staffCases.case.due"),
          <>
            {c.slaDueAt ? formatDate(c.slaDueAt, tz) : "—"} {c.isOpen && <SlaBadge sla={c.sla === "none" ? null : c.sla} escalated={c.escalated} />}
            {c.isOpen && c.stateDueAt && (
              <span className="muted">
                {" "}
                · {t("staffCases.case.stateDue")}: {formatDate(c.stateDueAt, tz)}
              </span>
            )}
          </>,
        ],
      ]}
    />
  );
}
