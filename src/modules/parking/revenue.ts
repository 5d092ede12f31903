/**
 * Revenue for Bapenda and Dishub: counted payments per point, jukir and day against the revenue expected from
 * occupancy (capacity × expected occupancy × turnover × the point's lowest tariff), the city / jukir split computed
 * on gross, and points with far fewer paid sessions per slot than similar points (same kind) flagged.
 */
import type { Queryable } from "../../platform/db.ts";
import { addDays, LOW_POINT_RATIO } from "./common.ts";
import * as store from "./store.ts";
import * as pay from "./store-payments.ts";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

/** Expected revenue of a point per day, Rupiah. */
export function expectedPerDay(p: store.PointRow): number {
  const base = p.tariffs.length ? Math.min(...p.tariffs.map((t) => Number(t.amount))) : 0;
  return Math.round(p.capacity * (p.occupancy_pct / 100) * Number(p.turnover_per_day)) * base;
}

const lastOfMonth = (d: string) => {
  const x = new Date(`${d.slice(0, 7)}-01T00:00:00Z`);
  x.setUTCMonth(x.getUTCMonth() + 1, 0);
  return x.toISOString().slice(0, 10);
};
const firstOfNextMonth = (d: string) => addDays(lastOfMonth(d), 1);

/** A period as whole months (read from the monthly totals) and the days before and after them (daily totals). */
export function splitPeriod(from: string, to: string) {
  const mFrom = from.endsWith("-01") ? from : firstOfNextMonth(from);
  const mTo = lastOfMonth(to) === to ? to : addDays(`${to.slice(0, 7)}-01`, -1);
  if (mFrom > mTo) return { months: null, days: [{ from, to }] };
  const days = [];
  if (from < mFrom) days.push({ from, to: addDays(mFrom, -1) });
  if (mTo < to) days.push({ from: addDays(mTo, 1), to });
  return { months: { from: mFrom, to: `${mTo.slice(0, 7)}-01` }, days };
}

export async function revenueReport(q: Queryable, tenantId: string, from: string, to: string) {
  const [points, attendants, totals, byDay] = await Promise.all([
    store.points(q, tenantId),
    store.attendants(q, tenantId),
    pay.revenueTotals(q, tenantId, splitPeriod(from, to)),
    pay.revenueByDay(q, tenantId, from, to),
  ]);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const perPoint = new Map<string, { gross: number; qris: number; cash: number; paid: number; flagged: number; uncounted: number }>();
  const perDay = new Map<string, number>();
  const perAttendant = new Map<string, { gross: number; cash: number }>();
  for (const r of totals) {
    const a = perPoint.get(r.point_id) ?? { gross: 0, qris: 0, cash: 0, paid: 0, flagged: 0, uncounted: 0 };
    a.gross += Number(r.gross);
    a.qris += Number(r.qris);
    a.cash += Number(r.cash);
    a.paid += Number(r.paid);
    a.flagged += Number(r.flagged);
    a.uncounted += Number(r.uncounted);
    perPoint.set(r.point_id, a);
    const t = perAttendant.get(r.attendant_key) ?? { gross: 0, cash: 0 };
    t.gross += Number(r.gross);
    t.cash += Number(r.cash);
    perAttendant.set(r.attendant_key, t);
  }
  for (const r of byDay) perDay.set(r.date, Number(r.gross));
  const active = points.filter((p) => p.active);
  const expectedDaily = active.reduce((n, p) => n + expectedPerDay(p), 0);
  const rows = points.map((p) => {
    const a = perPoint.get(p.id) ?? { gross: 0, qris: 0, cash: 0, paid: 0, flagged: 0, uncounted: 0 };
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      kind: p.kind,
      capacity: p.capacity,
      ...a,
      expected: expectedPerDay(p) * days,
      paidPerSlot: a.paid / p.capacity,
      low: false,
    };
  });
  // Similar points: the same kind; a group needs three points to have a meaningful median.
  for (const kind of ["on_street", "off_street"]) {
    const group = rows.filter((r) => r.kind === kind);
    if (group.length < 3) continue;
    const m = median(group.map((r) => r.paidPerSlot));
    for (const r of group) r.low = m > 0 && r.paidPerSlot < LOW_POINT_RATIO * m;
  }
  const att = attendants.map((a) => {
    const r = perAttendant.get(a.id);
    const gross = Number(r?.gross ?? 0);
    const jukirShare = Math.round((gross * Number(a.share_pct)) / 100);
    return {
      id: a.id,
      name: a.name,
      pointCode: a.point_code,
      gross,
      cash: Number(r?.cash ?? 0),
      sharePct: Number(a.share_pct),
      jukirShare,
      cityShare: gross - jukirShare,
    };
  });
  const dayList: { date: string; gross: number; expected: number }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dayList.push({ date: d, gross: perDay.get(d) ?? 0, expected: expectedDaily });
  const gross = rows.reduce((n, r) => n + r.gross, 0);
  // Gross of payments no attendant took (static QR) goes wholly to the city.
  const jukirShare = att.reduce((n, a) => n + a.jukirShare, 0);
  return {
    from,
    to,
    totals: {
      gross,
      qris: rows.reduce((n, r) => n + r.qris, 0),
      cash: rows.reduce((n, r) => n + r.cash, 0),
      expected: expectedDaily * days,
      flagged: rows.reduce((n, r) => n + r.flagged, 0),
      uncounted: rows.reduce((n, r) => n + r.uncounted, 0),
      jukirShare,
      cityShare: gross - jukirShare,
    },
    days: dayList,
    points: rows.map(({ paidPerSlot, ...r }) => ({ ...r, paidPerSlot: Math.round(paidPerSlot * 100) / 100 })),
    attendants: att,
  };
}
