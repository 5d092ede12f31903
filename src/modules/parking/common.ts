/** e-Parking basics: vehicle types, the parking units (Dishub, Bapenda), dates in the tenant's zone, QRIS merchant fields. */
import type { Queryable } from "../../platform/db.ts";
import type { PaymentConfig } from "../../platform/payments/config.ts";
import { addDays, localDate } from "../../platform/workdays.ts";
import { subtreeOfCode } from "../admin/index.ts";
import { buildQris } from "./qris.ts";
import type { PointRow, TariffRow } from "./store.ts";

export const VEHICLE_TYPES = ["motor", "mobil", "truk", "bus"] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];
export const POINT_KINDS = ["on_street", "off_street"] as const;
/** Merchant category code of parking lots and garages. */
export const PARKING_MCC = "7523";
/** Share of gross that goes to the jukir unless set per attendant (Mataram: 70 % jukir, 30 % city). */
export const DEFAULT_JUKIR_SHARE = 70;
/** A point whose paid sessions per slot fall below this fraction of the median of similar points is flagged. */
export const LOW_POINT_RATIO = 0.5;

export type Locale = "id" | "en";
export const msg = (locale: Locale, id: string, en: string) => (locale === "en" ? en : id);

export const todayIn = (tz: string, now = new Date()) => localDate(now, tz);
export { addDays };

/** Dishub's units (registering points and jukir) and Bapenda's (revenue), with the units under them. */
export async function parkingUnits(q: Queryable, tenantId: string, which: "manage" | "revenue"): Promise<string[]> {
  const dishub = await subtreeOfCode(q, tenantId, "DISHUB");
  return which === "manage" ? dishub : [...dishub, ...(await subtreeOfCode(q, tenantId, "BAPENDA"))];
}

export const tariffOf = (p: PointRow, vt: string): TariffRow | undefined => p.tariffs.find((t) => t.vehicle_type === vt);

/** The reference a static QR carries (tag 62/05): S-<point code>-<vehicle type>. */
export const staticReference = (pointCode: string, vt: string) => `S-${pointCode}-${vt}`;
export function parseStaticReference(ref: string): { pointCode: string; vehicleType: string } | undefined {
  const m = /^S-([A-Z0-9-]{1,16})-(motor|mobil|truk|bus)$/.exec(ref);
  return m ? { pointCode: m[1], vehicleType: m[2] } : undefined;
}

/** A QRIS for a point: static (per vehicle type, the tariff as amount when charged per entry) or dynamic (per session). */
export function pointQris(c: PaymentConfig, p: PointRow, o: { dynamic: boolean; amount?: number; reference: string }): string {
  return buildQris({
    dynamic: o.dynamic,
    acquirerDomain: c.gateway === "dev" ? "ID.BALAI.DEV" : `ID.CO.${c.gateway.toUpperCase()}`,
    merchantPan: `93600${c.nmid.replace(/\D/g, "").slice(-10).padStart(10, "0")}`,
    merchantId: p.code,
    nmid: c.nmid,
    mcc: PARKING_MCC,
    amount: o.amount,
    merchantName: `${c.merchantName} ${p.code}`.slice(0, 25),
    merchantCity: c.merchantCity.slice(0, 15),
    reference: o.reference,
    terminal: p.code,
  });
}
