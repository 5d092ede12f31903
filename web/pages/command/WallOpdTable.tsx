/** The wall's table of cases per OPD: open, overdue, today. */
import { useEffect, useRef, useState } from "react";
import { DataTable } from "../../ui/DataTable.tsx";
import { duration, type Overview, useCommandT } from "./i18n.ts";

export function OpdTable({ overview, lang }: { overview: Overview | null; lang: string }) {
  const { t } = useCommandT();
  const box = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(8);
  // biome-ignore lint/correctness/useExhaustiveDependencies: measure again once the table exists
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const row = el.querySelector("tbody tr") as HTMLElement | null;
      const head = el.querySelector("thead") as HTMLElement | null;
      if (!row) return;
      const rowH = row.getBoundingClientRect().height || 1;
      const avail = el.clientHeight - (head?.getBoundingClientRect().height ?? 0) - rowH; // one row's room for the footer
      setFit(Math.max(1, Math.floor(avail / rowH)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [overview != null]);
  if (!overview) return null;
  const rows = [...overview.opds].sort((a, b) => b.overdue - a.overdue || b.incidentsToday - a.incidentsToday || b.openCases - a.openCases);
  const shown = rows.length > fit + 1 ? rows.slice(0, fit) : rows;
  return (
    <div ref={box} className="wall-table-box">
      <DataTable
        caption={t("wall.opdTitle")}
        className="wall-table"
        wrap="none"
        rows={shown}
        rowKey={(o) => o.unitId}
        columns={[
          {
            key: "name",
            header: t("wall.opd.name"),
            rowHeader: true,
            cellProps: (o) => ({ title: o.name }),
            cell: (o) => (
              <>
                <span className="wall-table__code">{o.code}</span> {o.name}
              </>
            ),
          },
          { key: "openCases", header: t("wall.opd.openCases"), className: "num", cell: (o) => o.openCases },
          {
            key: "overdue",
            header: t("wall.opd.overdue"),
            className: "num",
            cellClassName: (o) => (o.overdue ? "wall-table__warn" : undefined),
            cell: (o) => o.overdue,
          },
          { key: "incidentsToday", header: t("wall.opd.incidentsToday"), className: "num", cell: (o) => o.incidentsToday },
          { key: "avgResponse", header: t("wall.opd.avgResponse"), className: "num", cell: (o) => duration(o.avgResponseSeconds, lang) },
        ]}
        foot={
          rows.length > shown.length && (
            <tfoot>
              <tr>
                <td colSpan={5}>{t("wall.opdMore", { n: rows.length - shown.length })}</td>
              </tr>
            </tfoot>
          )
        }
      />
    </div>
  );
}
