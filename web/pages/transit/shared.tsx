/** Bus Trans Musi: API shapes and the lazy "transit" i18n namespace. */
import type { ApiResponse } from "../../api.ts";
import en from "../../i18n/transit.en.json" with { type: "json" };
import id from "../../i18n/transit.id.json" with { type: "json" };
import "./transit.css";
import { formatTime } from "../../ui/time.ts";
import { lazyNamespace } from "../../ui/namespace.ts";

export const useTransitT = lazyNamespace("transit", id, en);

export interface TransitRoute {
  id: string;
  shortName: string;
  longName: string;
  color: string | null;
  textColor: string | null;
}
export interface TransitStop {
  id: string;
  code: string | null;
  name: string;
  lat: number;
  lon: number;
}
export interface RouteDetail extends TransitRoute {
  directions: { directionId: number | null; headsign: string; points: [number, number][] }[];
  stops: TransitStop[];
}
export interface LiveVehicle {
  id: string;
  label: string;
  lat: number;
  lon: number;
  bearing: number | null;
  routeId: string | null;
  tripId: string | null;
  headsign: string | null;
  reportedAt: string;
  delaySeconds: number | null;
}
export type Arrival = ApiResponse<"/api/transit/stops/{id}/arrivals", "get">["arrivals"][number];

/** Wall-clock time in the city (the tenant's zone), HH:MM. */
export const clock = (iso: string, _lang: string) => formatTime(iso);

export const routeColor = (r: { color: string | null } | undefined) => `#${r?.color ?? "155D9C"}`;
