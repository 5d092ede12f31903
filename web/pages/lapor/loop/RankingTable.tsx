/** The OPD ranking on /laporan/statistik: by SLA kept and by fixes confirmed by citizens, with the numbers behind each rank. */
import type { schemas } from "../../../api.ts";
import { type Column, DataTable } from "../../../ui/DataTable.tsx";
import { useData } from "../../citizen/shared.tsx";
import { formatNumber } from "../shared.tsx";
import { useLoopT } from "./i18n.ts";

type Row = schemas["LaporRanking"]["units"][number];

export function RankingTable({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useLoopT();
  const lang = i18n.language;
  const q = new URLSearchParams();
  if (from) q.set("from", from);
  if (to) q.set("to", to);
  const { data } = useData<schemas["LaporRanking"]>(`/api/public/lapor/ranking${q.size ? `?${q}` : ""}`);
  if (!data) return null;
  const n = (v: number) => formatNumber(v, lang);
  const pct = (v: number | null) => (v == null ? "—" : `${formatNumber(v * 100, lang, 1)}%`);
  const rank = (v: number | null) => (v == null ? "—" : `#${v}`);
  const num = (key: keyof Row, header: string, cell?: (r: Row) => string): Column<Row> => ({
    key,
    header,
    className: "num",
    value: (r) => r[key] as number | null,
    cell: cell ?? ((r) => n(r[key] as number)),
    sort: true,
  });
  const columns: Column<Row>[] = [
    { key: "unit", header: t("rank.unit"), cell: (r) => r.unitName, value: (r) => r.unitName, rowHeader: true, sort: true },
    num("confirmedRank", t("rank.rankConfirmed"), (r) => rank(r.confirmedRank)),
    num("confirmedRate", t("rank.confirmedRate"), (r) => pct(r.confirmedRate)),
    num("confirmed", t("rank.confirmed")),
    num("rejections", t("rank.rejections")),
    num("recurrences", t("rank.recurrences")),
    num("unconfirmed", t("rank.unconfirmed")),
    num("awaiting", t("rank.awaiting")),
    num("slaRank", t("rank.rankSla"), (r) => rank(r.slaRank)),
    num("slaKept", t("rank.sla"), (r) => pct(r.slaKept)),
    num("closedOnTime", t("rank.onTime")),
    num("closed", t("rank.closed")),
  ];
  return (
    <section aria-labelledby="t-ranking">
      <h2 id="t-ranking">{t("rank.title")}</h2>
      <p className="muted">{t("rank.lead")}</p>
      <DataTable
        columns={columns}
        rows={data.units.filter((u) => u.closed > 0)}
        rowKey={(r) => r.unitCode}
        caption={t("rank.caption")}
        empty={t("rank.empty")}
        cellLabels
        csv={{ filename: "peringkat-opd.csv", label: "CSV" }}
      />
    </section>
  );
}
