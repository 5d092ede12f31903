import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import * as store from "./store.ts";
import { addDays, changePct } from "./common.ts";
import { listCommodities } from "./markets.ts";

// ---- alerts -----------------------------------------------------------------------------------------

/**
 * Runs the rules for commodities on a date: the city average (all markets with a price that day) against the
 * average a week earlier (the latest day with prices 7–10 days before) and against the reference price. Each
 * (commodity, date, rule) raises at most one alert: stored, audited, and emitted as `prices.alert`.
 */
export async function evaluateAlerts(q: Queryable, tenantId: string, commodityIds: string[], date: string): Promise<number> {
  const all = await listCommodities(q, tenantId, false);
  let raised = 0;
  for (const id of commodityIds) {
    const c = all.find((x) => x.id === id);
    if (!c) continue;
    const now = await store.cityAverage(q, tenantId, id, date, date);
    if (!now) continue;
    const before = await store.cityAverage(q, tenantId, id, addDays(date, -10), addDays(date, -7));
    const change = changePct(now.avg, before?.avg);
    const candidates: { kind: string; value: number; threshold: number; change: number | null }[] = [];
    if (change != null && change > c.alertWeekPct) candidates.push({ kind: "week-rise", value: now.avg, threshold: c.alertWeekPct, change });
    if (c.referencePrice != null && now.avg > c.referencePrice)
      candidates.push({ kind: "above-reference", value: now.avg, threshold: c.referencePrice, change: changePct(now.avg, c.referencePrice) });
    for (const a of candidates) {
      const row = await q.one<{ id: string }>(
        `INSERT INTO price_alerts (tenant_id, commodity_id, date, kind, value, threshold, change_pct) VALUES ($1, $2, $3::date, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, commodity_id, date, kind) DO NOTHING RETURNING id`,
        [tenantId, id, date, a.kind, a.value, a.threshold, a.change],
      );
      if (!row) continue;
      raised++;
      const payload = {
        alertId: row.id,
        commodity: c.code,
        commodityName: c.name.id,
        unit: c.unit,
        date,
        kind: a.kind,
        cityAverage: a.value,
        threshold: a.threshold,
        changePct: a.change,
        previousAverage: before?.avg ?? null,
        referenceLabel: a.kind === "above-reference" ? c.referenceLabel : null,
      };
      await emit(q, tenantId, "prices.alert", payload);
      await audit(q, { tenantId, actorId: null, action: "prices.alert-raised", subjectType: "price_alert", subjectId: row.id, data: payload });
    }
  }
  return raised;
}

export interface Alert {
  id: string;
  commodity: string;
  name: { id: string; en: string };
  unit: string;
  date: string;
  kind: string;
  value: number;
  threshold: number;
  changePct: number | null;
  createdAt: string;
  resolvedAt: string | null;
}

export async function listAlerts(q: Queryable, tenantId: string, openOnly: boolean): Promise<Alert[]> {
  return (await store.alerts(q, tenantId, openOnly)).map((a) => ({
    id: a.id,
    commodity: a.commodity_code,
    name: { id: a.name_id, en: a.name_en },
    unit: a.unit,
    date: a.date,
    kind: a.kind,
    value: Number(a.value),
    threshold: Number(a.threshold),
    changePct: a.change_pct == null ? null : Number(a.change_pct),
    createdAt: new Date(a.created_at).toISOString(),
    resolvedAt: a.resolved_at ? new Date(a.resolved_at).toISOString() : null,
  }));
}

export async function resolveAlert(q: Queryable, tenantId: string, id: string, actorId: string): Promise<void> {
  const row = await q.one<{ id: string }>(
    "UPDATE price_alerts SET resolved_at = coalesce(resolved_at, now()), resolved_by = coalesce(resolved_by, $3) WHERE tenant_id = $1 AND id = $2 RETURNING id",
    [tenantId, id, actorId],
  );
  if (!row) throw notFound("price-alert-not-found");
  await audit(q, { tenantId, actorId, action: "prices.alert-resolved", subjectType: "price_alert", subjectId: id, data: {} });
}
