/** The service's versions: number, draft or published, when published. */
import { useTranslation } from "react-i18next";
import { DataTable } from "../../../ui/DataTable.tsx";
import { formatDateTime } from "../../../ui/misc.tsx";
import type { ServiceVersion } from "../types.ts";

export function VersionHistory({ versions, tz }: { versions: ServiceVersion[]; tz?: string }) {
  const { t } = useTranslation();
  const title = t("staffCases.editor.history");
  return (
    <>
      <h2>{title}</h2>
      <DataTable
        caption={title}
        rows={versions}
        rowKey={(v) => String(v.version)}
        columns={[
          { key: "version", header: "v", className: "num", cell: (v) => v.version },
          {
            key: "status",
            header: t("staffCases.editor.status"),
            cell: (v) => (v.status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")),
          },
          { key: "published", header: t("staffCases.editor.publishedAt"), cell: (v) => (v.published_at ? formatDateTime(v.published_at, tz) : "—") },
        ]}
      />
    </>
  );
}
