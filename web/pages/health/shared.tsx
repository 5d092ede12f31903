/** e-Puskesmas screens: the lazy "health" i18n namespace, view shapes of the JSON routes, the live-state hook. */
import "./health.css";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { schemas } from "../../api.ts";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/health.en.json" with { type: "json" };
import id from "../../i18n/health.id.json" with { type: "json" };
import { todayInCity } from "../../ui/time.ts";

if (!i18next.hasResourceBundle("id", "health")) i18next.addResourceBundle("id", "health", id);
if (!i18next.hasResourceBundle("en", "health")) i18next.addResourceBundle("en", "health", en);

export const useHealthT = () => useTranslation("health");

export type Facility = schemas["HealthFacility"] & { address: string | null; unitCode: string; distanceMeters?: number };
export type Booking = schemas["HealthBooking"] & { token?: string; patientName?: string | null; facilityName?: string; poliName?: string };

/** GET /api/public/health/facilities/:id (a Json route: the shape the service returns). */
export interface FacilityDetail {
  id: string;
  name: string;
  address: string | null;
  today: string;
  days: { date: string; open: boolean; hours: string | null }[];
  polis: {
    id: string;
    kodepoli: string;
    name: string;
    prefix: string;
    sessions: { date: string; scheduleId: string; kodedokter: number; namadokter: string; jampraktek: string; kapasitas: number; left: number }[];
  }[];
}

export interface TicketState {
  code: string;
  number: number;
  date: string;
  state: "booked" | "hadir" | "called" | "served" | "tidak_hadir" | "batal";
  facilityName: string;
  poliId: string;
  poliName: string;
  namadokter: string;
  jampraktek: string;
  ahead: number;
  nearTurn: boolean;
  nowServing: string | null;
  estimate: string | null;
}

export interface DisplayState {
  poliId: string;
  poliName: string;
  facilityName: string;
  date: string;
  nowServing: { code: string; callCount: number; calledAt: string } | null;
  lastCalled: { code: string; state: string }[];
  waiting: number;
  checkedIn: number;
}

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
