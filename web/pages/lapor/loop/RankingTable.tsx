/** The OPD ranking on /laporan/statistik: by SLA kept and by fixes confirmed by citizens, with the numbers behind each rank. */
import type { schemas } from "../../../api.ts";
import { type Column, DataTable } from "../../../ui/DataTable.tsx";
import { useData } from "../../citizen/shared.tsx";
import { formatNumber } from "../shared.tsx";
import { useLoopT } from "./i18n.ts";
import { Section } from "../../../ui/Section.tsx";

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
  const score = (rankV: number | null, rateV: number | null, part: number, whole: number) => (
    <>
      <strong>{rank(rankV)}</strong> {pct(rateV)}
      <br />
      <span className="muted">{t("rank.ofClosed", { n: n(part), d: n(whole) })}</span>
    </>
  );
  const columns: Column<Row>[] = [
    { key: "unit", header: t("rank.unit"), cell: (r) => r.unitName, value: (r) => r.unitName, rowHeader: true, sort: true },
    {
      key: "confirmed",
      header: t("rank.confirmedRate"),
      cell: (r) => score(r.confirmedRank, r.confirmedRate, r.confirmed, r.closed),
      value: (r) => r.confirmedRate,
      sort: true,
    },
    {
      key: "sla",
      header: t("rank.sla"),
      cell: (r) => score(r.slaRank, r.slaKept, r.closedOnTime, r.closed),
      value: (r) => r.slaKept,
      sort: true,
    },
    {
      key: "citizens",
      header: t("rank.citizens"),
      cell: (r) => t("rank.notes", { rejections: n(r.rejections), recurrences: n(r.recurrences), unconfirmed: n(r.unconfirmed), awaiting: n(r.awaiting) }),
      value: (r) => r.rejections,
    },
  ];
  return (
    <Section titleId="t-ranking" title={t("rank.title")}>
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
    </Section>
  );
}
