/** Open price alerts and their resolution. */
import { post } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { pick, rupiah, shortDate, usePricesT } from "./shared.tsx";

interface Alert {
  id: string;
  commodity: string;
  name: { id: string; en: string };
  unit: string;
  date: string;
  kind: string;
  value: number;
  threshold: number;
  changePct: number | null;
}

export function Alerts() {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const { data, error, reload } = useData<Alert[]>("/api/prices/alerts");
  if (error) return <p role="alert">{error.title}</p>;
  if (!data) return <Loading />;
  return (
    <DataTable
      caption={t("console.tabAlerts")}
      className="table table--cards price-table"
      wrap="div"
      cellLabels
      empty={t("console.noAlerts")}
      rows={data}
      rowKey={(a) => a.id}
      csv={{ filename: "peringatan-harga.csv" }}
      columns={[
        { key: "commodity", header: t("col.commodity"), rowHeader: true, value: (a) => pick(a.name, lang), sort: true, cell: (a) => pick(a.name, lang) },
        { key: "date", header: t("col.date"), value: (a) => a.date, sort: true, cell: (a) => shortDate(a.date, lang) },
        {
          key: "kind",
          header: t("col.alertKind"),
          value: (a) => t(`console.kind.${a.kind}`, { threshold: a.kind === "week-rise" ? a.threshold : rupiah(a.threshold, lang) }),
          sort: true,
          cell: (a) => t(`console.kind.${a.kind}`, { threshold: a.kind === "week-rise" ? a.threshold : rupiah(a.threshold, lang) }),
        },
        {
          key: "value",
          header: t("col.value"),
          className: "num",
          value: (a) => a.value,
          sort: true,
          cell: (a) => `${rupiah(a.value, lang)}${a.changePct != null ? ` (${a.changePct > 0 ? "+" : ""}${a.changePct}%)` : ""}`,
        },
        {
          key: "actions",
          header: t("col.actions"),
          cell: (a) => (
            <button type="button" className="button button--secondary button--small" onClick={() => post(`/api/prices/alerts/${a.id}/resolve`).then(reload)}>
              {t("console.resolve")}
              <span className="visually-hidden"> {pick(a.name, lang)}</span>
            </button>
          ),
        },
      ]}
    />
  );
}
