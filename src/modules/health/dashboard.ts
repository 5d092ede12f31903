/** The Dinkes dashboard: visits, mean waiting time (check-in to call) and no-show rate per puskesmas, poli, doctor, day. */
import type { Queryable } from "../../platform/db.ts";
import { type StatGroup, stats } from "./store-stats.ts";

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

export async function dashboard(q: Queryable, tenantId: string, from: string, to: string, facilityId: string | null) {
  const groups: StatGroup[] = ["facility", "poli", "doctor", "day"];
  const out: Record<string, unknown> = { from, to };
  for (const by of groups) {
    const rows = await stats(q, tenantId, by, from, to, facilityId);
    out[by] = rows.map((r) => ({
      key: r.key,
      label: r.label,
      facility: r.facility,
      booked: r.booked,
      served: r.served,
      noShow: r.no_show,
      cancelled: r.cancelled,
      // No-shows among the numbers that reached an end at the puskesmas (served or tidak hadir).
      noShowRate: rate(r.no_show, r.served + r.no_show),
      avgWaitMinutes: r.avg_wait_min,
    }));
  }
  return out as {
    from: string;
    to: string;
    facility: DashRow[];
    poli: DashRow[];
    doctor: DashRow[];
    day: DashRow[];
  };
}

export interface DashRow {
  key: string;
  label: string;
  facility: string | null;
  booked: number;
  served: number;
  noShow: number;
  cancelled: number;
  noShowRate: number | null;
  avgWaitMinutes: number | null;
}
