/**
 * A Leaflet map, loaded on demand (the library is its own chunk, fetched only when a map is shown).
 * Works without tiles (tileUrl ""): a neutral background, the city's extent and the markers still show.
 * Popups are built with DOM nodes and textContent: text from users never becomes HTML.
 */
import type * as Leaflet from "leaflet";
import { useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { drawExtent, mapCenter, useLeafletMap } from "../../ui/useLeafletMap.ts";
import type { GeoConfig } from "./shared.tsx";
import { useLaporT } from "./shared.tsx";

export interface MapPoint {
  key: string;
  lat: number;
  lon: number;
  title: string;
  subtitle?: string;
  href?: string;
  tone?: "open" | "done" | "other";
}

export interface HeatCell {
  lat: number;
  lon: number;
  count: number;
}

export interface MapApi {
  center: () => [number, number];
  bbox: () => [number, number, number, number];
  flyTo: (lat: number, lon: number, zoom?: number) => void;
}

interface Props {
  /** Element id of the map (for error summary links). */
  id?: string;
  describedBy?: string;
  config: GeoConfig;
  /** Accessible name of the map region. */
  label: string;
  pin?: { lat: number; lon: number } | null;
  onPick?: (lat: number, lon: number) => void;
  points?: MapPoint[];
  cells?: HeatCell[];
  /** Fit the view to the points once they arrive. */
  fit?: boolean;
  onReady?: (api: MapApi) => void;
  className?: string;
}

const TONES = { open: "#155d9c", done: "#00703c", other: "#505a5f" } as const;

export default function MapView({ id, describedBy, config, label, pin, onPick, points, cells, fit, onReady, className }: Props) {
  const { t } = useLaporT();
  const [, navigate] = useLocation();
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const readyRef = useRef(onReady);
  readyRef.current = onReady;
  const navRef = useRef(navigate);
  navRef.current = navigate;

  const { el, layers, failed } = useLeafletMap<{ pin?: Leaflet.Marker; layer: Leaflet.LayerGroup }>({
    key: `${config.tileUrl}|${config.center?.[0]}|${config.center?.[1]}`,
    tileUrl: config.tileUrl,
    tileAttribution: config.tileAttribution,
    zoomLabels: [t("map.zoomIn"), t("map.zoomOut")],
    options: () => ({ center: mapCenter(config, [-2.5, 118]), zoom: config.zoom ?? (config.center || config.bbox ? 12 : 5) }),
    setup: (L, map, container) => {
      if (config.bbox) drawExtent(L, map, config.bbox, "#505a5f");
      map.on("click", (e: Leaflet.LeafletMouseEvent) => pickRef.current?.(round(e.latlng.lat), round(e.latlng.lng)));
      // Keyboard: arrows move the map (Leaflet), Enter drops the pin at the centre (marked by a crosshair on focus).
      container.addEventListener("keydown", (e) => {
        if (e.key !== "Enter" || e.target !== container || !pickRef.current) return;
        e.preventDefault();
        const c = map.getCenter();
        pickRef.current(round(c.lat), round(c.lng));
      });
      readyRef.current?.({
        center: () => {
          const c = map.getCenter();
          return [round(c.lat), round(c.lng)];
        },
        bbox: () => {
          const b = map.getBounds();
          return [round(b.getWest()), round(b.getSouth()), round(b.getEast()), round(b.getNorth())];
        },
        flyTo: (lat, lon, zoom) => map.setView([lat, lon], zoom ?? Math.max(map.getZoom(), 16)),
      });
      return { layer: L.layerGroup().addTo(map) };
    },
  });

  // The pin.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the pin's coordinates, not its object identity
  useEffect(() => {
    const s = layers;
    if (!s) return;
    if (!pin) {
      s.pin?.remove();
      s.pin = undefined;
      return;
    }
    if (!s.pin) {
      const icon = s.L.divIcon({ className: "map-pin-icon", html: '<span class="map-pin"></span>', iconSize: [28, 40], iconAnchor: [14, 40] });
      s.pin = s.L.marker([pin.lat, pin.lon], { icon, keyboard: false, draggable: !!onPick }).addTo(s.map);
      s.pin.on("dragend", () => {
        const p = s.pin?.getLatLng();
        if (p) pickRef.current?.(round(p.lat), round(p.lng));
      });
    } else {
      s.pin.setLatLng([pin.lat, pin.lon]);
    }
    if (!s.map.getBounds().pad(-0.1).contains([pin.lat, pin.lon])) s.map.panTo([pin.lat, pin.lon]);
  }, [layers, pin?.lat, pin?.lon, !!onPick]);

  // Report markers and heat cells.
  useEffect(() => {
    const s = layers;
    if (!s) return;
    s.layer.clearLayers();
    const bounds: [number, number][] = [];
    for (const p of points ?? []) {
      const m = s.L.circleMarker([p.lat, p.lon], {
        radius: 8,
        color: "#fff",
        weight: 2,
        fillColor: TONES[p.tone ?? "open"],
        fillOpacity: 0.9,
      });
      const box = document.createElement("div");
      const title = document.createElement(p.href ? "a" : "strong");
      title.textContent = p.title;
      if (p.href) {
        const href = p.href;
        (title as HTMLAnchorElement).href = href;
        title.addEventListener("click", (e) => {
          e.preventDefault();
          navRef.current(href);
        });
      }
      box.append(title);
      if (p.subtitle) {
        const sub = document.createElement("p");
        sub.textContent = p.subtitle;
        box.append(sub);
      }
      m.bindPopup(box);
      m.addTo(s.layer);
      bounds.push([p.lat, p.lon]);
    }
    const max = Math.max(1, ...(cells ?? []).map((c) => c.count));
    for (const c of cells ?? []) {
      const k = c.count / max;
      s.L.circleMarker([c.lat, c.lon], {
        radius: 8 + 18 * Math.sqrt(k),
        stroke: false,
        fillColor: heatColor(k),
        fillOpacity: 0.55 + 0.3 * k,
        interactive: false,
      }).addTo(s.layer);
      bounds.push([c.lat, c.lon]);
    }
    if (fit && bounds.length) s.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }, [layers, points, cells, fit]);

  return (
    <div className={`map-shell${className ? ` ${className}` : ""}`}>
      <section
        ref={el}
        className={`map${config.tileUrl ? "" : " map--blank"}${onPick ? " map--pick" : ""}`}
        id={id}
        aria-label={label}
        aria-describedby={describedBy}
      />
      {!layers && !failed && <p className="map__status muted">{t("map.loading")}</p>}
      {failed && <p className="map__status">{t("map.failed")}</p>}
    </div>
  );
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function heatColor(k: number) {
  // yellow → orange → red
  const stops = [
    [255, 221, 0],
    [244, 119, 56],
    [180, 35, 24],
  ];
  const x = Math.min(1, Math.max(0, k)) * 2;
  const i = Math.min(1, Math.floor(x));
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  return `rgb(${a.map((v, j) => Math.round(v + (b[j] - v) * f)).join(",")})`;
}
