/** e-Puskesmas screens: the lazy "health" i18n namespace, API shapes from the contract, the live-state hook. */
import "./health.css";
import { useEffect, useState } from "react";
import type { schemas } from "../../api.ts";
import en from "../../i18n/health.en.json" with { type: "json" };
import id from "../../i18n/health.id.json" with { type: "json" };
import { todayInCity } from "../../ui/time.ts";
import { lazyNamespace } from "../../ui/namespace.ts";

export const useHealthT = lazyNamespace("health", id, en);

export type Facility = schemas["HealthFacility"] & { address: string | null; unitCode: string; distanceMeters?: number };
export type Booking = schemas["HealthBooking"] & { token?: string; patientName?: string | null; facilityName?: string; poliName?: string };
export type FacilityDetail = schemas["HealthFacilityDetail"];
export type TicketState = schemas["HealthTicket"];
export type DisplayState = schemas["HealthDisplay"];
export type CounterRow = schemas["HealthCounterRow"];
export type CounterState = schemas["HealthCounter"];
export type DashRow = schemas["HealthDashRow"];
export type Dashboard = schemas["HealthDashboard"];
export type AdminFacility = schemas["HealthAdminFacility"];

export const STATE_TONE = { booked: "kind", hadir: "orange", called: "green", served: "grey", tidak_hadir: "red", batal: "grey" } as const;

/** Follows a Server-Sent Events stream of `event: state`; `online` is false while the browser reconnects. */
export function useLiveState<T>(url: string | null, initial: T | null = null) {
  const [state, setState] = useState<T | null>(initial);
  const [online, setOnline] = useState(true);
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url);
    es.addEventListener("state", (e) => {
      setOnline(true);
      setState(JSON.parse((e as MessageEvent).data) as T);
    });
    es.onerror = () => setOnline(false);
    es.onopen = () => setOnline(true);
    return () => es.close();
  }, [url]);
  return { state, online };
}

/** Today in the city (the tenant's zone). */
export const todayLocal = () => todayInCity();
