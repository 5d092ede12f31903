import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { type ApiResponse, get } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { Notice } from "../../ui/misc.tsx";

export type DecreeStatus = ApiResponse<"/api/admin/holidays/status", "get">;

/**
 * For Kominfo admins from 1 November: next year's SKB (libur nasional & cuti bersama) has not been entered.
 * `status` when the page already has it; otherwise it is fetched. `link` points to the holidays page.
 */
export function DecreeWarning({ status, link = true }: { status?: DecreeStatus | null; link?: boolean }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const allowed = hasPermission(session, "calendar.manage");
  const [fetched, setFetched] = useState<DecreeStatus | null>(null);
  useEffect(() => {
    if (!allowed || status !== undefined) return;
    get<DecreeStatus>("/api/admin/holidays/status")
      .then(setFetched)
      .catch(() => setFetched(null));
  }, [allowed, status]);
  const missing = (status === undefined ? fetched : status)?.nextYearMissing;
  if (!allowed || !missing) return null;
  return (
    <Notice kind="warning" title={t("staffCases.holidays.missingTitle", { year: missing.year })}>
      <p>
        {t("staffCases.holidays.missingBody", { year: missing.year })}
        {link && (
          <>
            {" "}
            <Link href="/konsol/hari-libur">{t("staffCases.holidays.missingLink")}</Link>
          </>
        )}
      </p>
    </Notice>
  );
}
