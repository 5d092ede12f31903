/** Small pieces shared by the staff case screens: types, SLA badge, regions lookup. */
import "./staff.css";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, type schemas } from "../../api.ts";
import { StatusTag } from "../../ui/StatusTag.tsx";

export type Sla = "on_time" | "due_soon" | "overdue" | null;
export type Localized = schemas["L"];

/** A row of GET /api/inbox (the contract's InboxItem). */
export type InboxRow = schemas["InboxItem"];

export type Kecamatan = schemas["Region"];

/** Picks the current language from a {id, en} label (falls back to Indonesian). */
export function useLocalized() {
  const { i18n } = useTranslation();
  return (l: Localized | string | null | undefined) => {
    if (l == null) return "";
    if (typeof l === "string") return l;
    return (i18n.language === "en" ? l.en : l.id) || l.id || l.en || "";
  };
}

/** The SLA state as the API gives it ("on_time" | "due_soon" | "overdue"; anything else reads "none"). */
export function SlaBadge({ sla, escalated }: { sla: Sla | string; escalated?: boolean }) {
  const { t } = useTranslation();
  const tone = sla === "overdue" ? "red" : sla === "due_soon" ? "orange" : sla === "on_time" ? "green" : "grey";
  return (
    <span className="nowrap">
      <StatusTag tone={tone}>{tone !== "grey" ? t(`staffCases.sla.${sla}`) : t("staffCases.sla.none")}</StatusTag>
      {escalated && (
        <>
          {" "}
          <StatusTag tone="red" title={t("staffCases.sla.escalated")}>
            ▲ {t("staffCases.sla.escalated")}
          </StatusTag>
        </>
      )}
    </span>
  );
}

let regionsCache: Promise<Kecamatan[]> | null = null;

/** The tenant's kecamatan with their kelurahan (GET /api/regions), fetched once per page load. */
export function useRegions(): Kecamatan[] {
  const [regions, setRegions] = useState<Kecamatan[]>([]);
  useEffect(() => {
    regionsCache ??= get<Kecamatan[]>("/api/regions").catch(() => {
      regionsCache = null;
      return [];
    });
    let live = true;
    void regionsCache.then((r) => live && setRegions(r));
    return () => {
      live = false;
    };
  }, []);
  return regions;
}

export function regionName(regions: Kecamatan[], code: string | undefined | null): string {
  if (!code) return "";
  for (const k of regions) {
    if (k.code === code) return k.name;
    const l = k.kelurahan.find((x) => x.code === code);
    if (l) return l.name;
  }
  return code;
}
