/** The call taker's form values, number parsing and the server lookups behind the form (kelurahan of a point, nearby incidents). */
import { useEffect, useState } from "react";
import { get, type schemas } from "../../../api.ts";
import type { Incident } from "../i18n.ts";

export type Values = {
  callerName: string;
  callerPhone: string;
  gps: string;
  address: string;
  lat: string;
  lon: string;
  type: string;
  priority: string;
  notes: string;
  kelurahan: string;
};
export const EMPTY: Values = { callerName: "", callerPhone: "", gps: "", address: "", lat: "", lon: "", type: "", priority: "", notes: "", kelurahan: "" };

export type Kecamatan = schemas["Region"];
/** GET /api/geo/locate: inside=null when the city has no boundaries loaded and the point is within its extent. */
export type Located = {
  inside: boolean | null;
  kelurahan: string | null;
  kelurahanName: string | null;
  kecamatan: string | null;
  kecamatanName: string | null;
};
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "id", { numeric: true });

export const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.replace(",", ".")));
export const validLat = (s: string) => Number.isFinite(num(s)) && Math.abs(num(s)) <= 90;
export const validLon = (s: string) => Number.isFinite(num(s)) && Math.abs(num(s)) <= 180;

/** A debounced GET that follows its inputs; a stale or failed answer gives `fallback`. */
function useDebouncedGet<T>(url: string | null, delay: number, fallback: T, onResult?: (r: T) => void): T {
  const [value, setValue] = useState<T>(fallback);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL only; fallback and onResult are fixed per caller
  useEffect(() => {
    if (!url) {
      setValue(fallback);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      get<T>(url).then(
        (r) => {
          if (!live) return;
          setValue(r);
          onResult?.(r);
        },
        () => live && setValue(fallback),
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [url]);
  return value;
}

/** Which kelurahan holds the point (debounced 400 ms); null until known, or for another point than the current one. */
export function useLocated(lat: number | null, lon: number | null, onFound: (r: Located) => void): Located | null {
  const url = lat != null && lon != null ? `/api/geo/locate?lat=${lat}&lon=${lon}` : null;
  const [at, setAt] = useState<string | null>(null);
  const r = useDebouncedGet<Located | null>(url, 400, null, (found) => {
    if (!found) return;
    setAt(url);
    onFound(found);
  });
  return r && at === url ? r : null;
}

/** Similar open incidents nearby (same type, 500 m, last hour; debounced 350 ms). */
export function useNearby(type: string, lat: number | null, lon: number | null): Incident[] {
  const url = type && lat != null && lon != null ? `/api/emergency/incidents/nearby?type=${encodeURIComponent(type)}&lat=${lat}&lon=${lon}` : null;
  const r = useDebouncedGet<{ items: Incident[] } | null>(url, 350, null);
  return url ? (r?.items ?? []) : [];
}
