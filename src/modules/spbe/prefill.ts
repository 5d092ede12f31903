/**
 * Evidence Balai already holds, offered beside the indicators that name a `prefill` key in their framework file:
 * services online (catalog), SLA compliance (case engine), user satisfaction from e-Lapor ratings (complaints).
 */
import type { Queryable } from "../../platform/db.ts";
import { serviceCounts } from "../catalog/index.ts";
import { serviceLevelStats } from "../cases/index.ts";
import { ratingStats } from "../complaints/index.ts";

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

export async function prefill(q: Queryable, tenantId: string, year: number) {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const services = await serviceCounts(q, tenantId);
  const sla = await serviceLevelStats(q, tenantId, from, to);
  const ratings = await ratingStats(q, tenantId, from, to);
  return {
    year,
    "services-online": { ...services, pct: pct(services.online, services.active), source: "catalog" },
    "sla-compliance": { ...sla, pct: pct(sla.closedWithinSla, sla.closed), source: "cases" },
    usage: { submitted: sla.submitted, source: "cases" },
    satisfaction: { ...ratings, source: "complaints (e-Lapor ratings 1–5)" },
    complaints: { ...ratings, submitted: sla.submitted, source: "complaints" },
    // The app registry and SSO (issue 17 parts 1–2) are built separately; their counts join here when merged.
    "sso-apps": { available: false, source: "registry (not in this branch)" },
  };
}
