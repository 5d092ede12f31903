/** What every budget use case gets: the store, the tenant, the actor and how to reach the city's signing key. */
import type { KeyObject } from "node:crypto";
import type { Queryable } from "../../platform/db.ts";

export type Locale = "id" | "en";

/** The city's signing key (the documents module's root CA key) and its certificate fingerprint. */
export interface CityKey {
  key: KeyObject;
  fingerprint: string;
  certPem: string;
}

export interface BudgetCtx {
  tenantId: string;
  timezone: string;
  actorId: string | null;
  locale: Locale;
  /** Opens the city's key inside the transaction (created on first use by the documents module). */
  cityKey(q: Queryable): Promise<CityKey>;
}

export const msg = (locale: Locale, id: string, en: string) => (locale === "en" ? en : id);

/** The tenant's calendar date of an instant. */
export function dayIn(timezone: string, at = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}
