/**
 * The public ranking of units (docs/complaints.md, "Closing the loop"): by SLA kept (closed within the case's SLA ÷
 * closed) and by fixes confirmed by citizens (confirmed ÷ closed), with the numbers behind each rank. Standard
 * competition ranking (1, 2, 2, 4): equal rates share a rank; units with nothing closed are unranked (null).
 */
import type { Db } from "../../platform/db.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { parseDate } from "./public.ts";
import { rankingRows, type RankingRow } from "./store-loop.ts";

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);

/** Ranks of `items` by `value` (higher first); null values get no rank. */
function ranks<T>(items: T[], value: (x: T) => number | null): Map<T, number | null> {
  const sorted = items.filter((x) => value(x) !== null).sort((a, b) => (value(b) as number) - (value(a) as number));
  const out = new Map<T, number | null>(items.map((x) => [x, null]));
  sorted.forEach((x, i) => {
    const prev = sorted[i - 1];
    out.set(x, prev !== undefined && value(prev) === value(x) ? (out.get(prev) as number) : i + 1);
  });
  return out;
}

export async function unitRanking(db: Db, tenant: Tenant, fromS?: string, toS?: string) {
  const now = new Date();
  const to = parseDate(toS, "to", tenant.timezone) ?? now;
  const toEnd = toS && /^\d{4}-\d{2}-\d{2}$/.test(toS) ? new Date(to.getTime() + 86_400_000) : to;
  const from = parseDate(fromS, "from", tenant.timezone) ?? new Date(toEnd.getTime() - 365 * 86_400_000);
  const rows = await rankingRows(db, tenant.id, from, toEnd);
  const sla = (u: RankingRow) => rate(u.closed_on_time, u.closed);
  const confirmed = (u: RankingRow) => rate(u.confirmed, u.closed);
  const bySla = ranks(rows, sla);
  const byConfirmed = ranks(rows, confirmed);
  const units = rows
    .map((u) => ({
      unitCode: u.unit_code,
      unitName: u.unit_name,
      closed: u.closed,
      closedOnTime: u.closed_on_time,
      slaKept: sla(u),
      slaRank: bySla.get(u) ?? null,
      fixes: u.fixes,
      confirmed: u.confirmed,
      unconfirmed: u.unconfirmed,
      awaiting: u.awaiting,
      rejections: u.rejections,
      recurrences: u.recurrences,
      confirmedRate: confirmed(u),
      confirmedRank: byConfirmed.get(u) ?? null,
    }))
    .sort((a, b) => (a.confirmedRank ?? 1e9) - (b.confirmedRank ?? 1e9) || (a.slaRank ?? 1e9) - (b.slaRank ?? 1e9) || a.unitName.localeCompare(b.unitName));
  return { from, to: toEnd, units };
}
