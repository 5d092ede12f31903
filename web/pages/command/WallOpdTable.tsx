/** The wall's table of cases per OPD: open, overdue, today. */
import { useEffect, useRef, useState } from "react";
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
      <table className="wall-table">
        <caption className="visually-hidden">{t("wall.opdTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("wall.opd.name")}</th>
            <th scope="col" className="num">
              {t("wall.opd.openCases")}
            </th>
            <th scope="col" className="num">
              {t("wall.opd.overdue")}
            </th>
            <th scope="col" className="num">
              {t("wall.opd.incidentsToday")}
            </th>
            <th scope="col" className="num">
              {t("wall.opd.avgResponse")}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((o) => (
            <tr key={o.unitId}>
              <th scope="row" title={o.name}>
                <span className="wall-table__code">{o.code}</span> {o.name}
              </th>
              <td className="num">{o.openCases}</td>
              <td className={`num${o.overdue ? " wall-table__warn" : ""}`}>{o.overdue}</td>
              <td className="num">{o.incidentsToday}</td>
              <td className="num">{duration(o.avgResponseSeconds, lang)}</td>
            </tr>
          ))}
        </tbody>
        {rows.length > shown.length && (
          <tfoot>
            <tr>
              <td colSpan={5}>{t("wall.opdMore", { n: rows.length - shown.length })}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
