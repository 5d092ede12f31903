/** Open price alerts and their resolution. */
import { post } from "../../api.ts";
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
  if (!data.length) return <p>{t("console.noAlerts")}</p>;
  return (
    <div className="table-wrap">
      <table className="table price-table">
        <caption className="visually-hidden">{t("console.tabAlerts")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("col.commodity")}</th>
            <th scope="col">{t("col.date")}</th>
            <th scope="col">{t("col.alertKind")}</th>
            <th scope="col" className="num">
              {t("col.value")}
            </th>
            <th scope="col">{t("col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((a) => (
            <tr key={a.id}>
              <th scope="row">{pick(a.name, lang)}</th>
              <td data-label={t("col.date")}>{shortDate(a.date, lang)}</td>
              <td data-label={t("col.alertKind")}>
                {t(`console.kind.${a.kind}`, { threshold: a.kind === "week-rise" ? a.threshold : rupiah(a.threshold, lang) })}
              </td>
              <td className="num" data-label={t("col.value")}>
                {rupiah(a.value, lang)}
                {a.changePct != null ? ` (${a.changePct > 0 ? "+" : ""}${a.changePct}%)` : ""}
              </td>
              <td data-label={t("col.actions")}>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => post(`/api/prices/alerts/${a.id}/resolve`).then(reload)}
                >
                  {t("console.resolve")}
                  <span className="visually-hidden"> {pick(a.name, lang)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
