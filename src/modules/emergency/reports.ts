/** Response-time reports per type or kecamatan (median, p90), with CSV. */
import type { Db } from "../../platform/db.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { typeOf } from "./model.ts";
import * as store from "./store.ts";

// ---- response-time reports ------------------------------------------------------------------------

export interface ResponseRow {
  key: string;
  label: string;
  incidents: number;
  closed: number;
  falseAlarms: number;
  dispatchMedian: number | null;
  dispatchP90: number | null;
  arrivalMedian: number | null;
  arrivalP90: number | null;
}

/**
 * Response times in seconds from the call to the first dispatch and to the first unit on scene, median
 * and 90th percentile, per incident type or per kecamatan, for incidents received between two local
 * dates (inclusive) of the tenant's time zone.
 */
export async function responseTimes(
  db: Db,
  tenant: Tenant,
  by: "type" | "kecamatan",
  from: string,
  to: string,
  locale: "id" | "en" = "id",
): Promise<ResponseRow[]> {
  const rows = await store.responseTimeRows(db, tenant.id, tenant.timezone, by, from, to);
  const round = (n: number | null) => (n === null ? null : Math.round(Number(n)));
  return rows.map((r) => ({
    key: r.key,
    label: by === "type" ? (typeOf(r.key)?.label[locale] ?? r.key) : (r.label ?? (r.key === "-" ? (locale === "en" ? "Unknown" : "Tidak diketahui") : r.key)),
    incidents: r.incidents,
    closed: r.closed,
    falseAlarms: r.false_alarms,
    dispatchMedian: round(r.dm),
    dispatchP90: round(r.d90),
    arrivalMedian: round(r.am),
    arrivalP90: round(r.a90),
  }));
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
};

export function responseCsv(rows: ResponseRow[], by: "type" | "kecamatan", locale: "id" | "en"): string {
  const head =
    locale === "en"
      ? [
          by === "type" ? "Type" : "Kecamatan",
          "Incidents",
          "Closed",
          "False alarms",
          "Dispatch median (s)",
          "Dispatch p90 (s)",
          "Arrival median (s)",
          "Arrival p90 (s)",
        ]
      : [
          by === "type" ? "Jenis" : "Kecamatan",
          "Kejadian",
          "Ditutup",
          "Laporan palsu",
          "Median pemberangkatan (detik)",
          "P90 pemberangkatan (detik)",
          "Median tiba (detik)",
          "P90 tiba (detik)",
        ];
  const lines = [head.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push([r.label, r.incidents, r.closed, r.falseAlarms, r.dispatchMedian, r.dispatchP90, r.arrivalMedian, r.arrivalP90].map(csvCell).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
