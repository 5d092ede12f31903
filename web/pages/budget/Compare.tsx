/** Two versions of the budget side by side: the lines whose amounts differ. */
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Comparison as Cmp, rupiah, useBudgetT } from "./shared.tsx";
import { Card } from "../../ui/Section.tsx";

export function Comparison({ year, a, b, onClose }: { year: number; a: number; b: number; onClose: () => void }) {
  const { t, i18n } = useBudgetT();
  const lang = i18n.language;
  const { data, error } = useData<Cmp>(`/api/public/budget/${year}/versions?a=${a}&b=${b}`);
  if (error) return <p role="alert">{error.title}</p>;
  if (!data) return <Loading />;
  return (
    <Card titleId="ang-cmp" title={t("compareTitle", { a, b })} className="budget-compare" level={3}>
      <DataTable
        caption={t("compareTitle", { a, b })}
        rowKey={(r) => r.lineKey}
        rows={data.rows}
        cellLabels
        columns={[
          { key: "line", header: t("cmp.line"), cell: (r) => `${r.unit ?? ""} · ${r.description ?? r.lineKey}`, rowHeader: true },
          { key: "code", header: t("cmp.code"), cell: (r) => <code>{`${r.subActivity ?? ""} / ${r.account ?? ""}`}</code> },
          { key: "a", header: t("cmp.a", { n: a }), className: "num", cell: (r) => rupiah(r.a, lang) },
          { key: "b", header: t("cmp.b", { n: b }), className: "num", cell: (r) => rupiah(r.b, lang) },
          { key: "d", header: t("cmp.delta"), className: "num", cell: (r) => rupiah(r.delta, lang) },
        ]}
        foot={
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t("cmp.total")}
              </th>
              <td className="num">{rupiah(data.a.total, lang)}</td>
              <td className="num">{rupiah(data.b.total, lang)}</td>
              <td className="num">{rupiah(data.b.total - data.a.total, lang)}</td>
            </tr>
          </tfoot>
        }
      />
      <button type="button" className="button button--secondary" onClick={onClose}>
        {t("cmp.close")}
      </button>
    </Card>
  );
}
