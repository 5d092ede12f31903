/**
 * The live bus map: a route's shapes, its stops and the buses reporting now. Leaflet is loaded on demand
 * (its own chunk); without tiles (tileUrl "") the shapes, stops and buses still show on a plain background.
 * Popups are built with DOM nodes and textContent.
 */
import { useEffect, useRef } from "react";
import { useLeafletMap } from "../../ui/useLeafletMap.ts";
import { clock, type LiveVehicle, type RouteDetail, routeColor, useTransitT } from "./shared.tsx";

export interface MapConfig {
  tileUrl: string;
  tileAttribution: string;
}

interface Props {
  config: MapConfig;
  route: RouteDetail;
  vehicles: LiveVehicle[];
  onStop?: (stopId: string) => void;
}

export default function BusMap({ config, route, vehicles, onStop }: Props) {
  const { t, i18n } = useTransitT();
  const stopRef = useRef(onStop);
  stopRef.current = onStop;

  const { el, layers, failed } = useLeafletMap({
    key: config.tileUrl,
    tileUrl: config.tileUrl,
    tileAttribution: config.tileAttribution,
    zoomLabels: [t("zoomIn"), t("zoomOut")],
    options: () => ({ center: [-2.976, 104.755], zoom: 12 }),
    setup: (L, map) => ({ network: L.layerGroup().addTo(map), buses: L.layerGroup().addTo(map) }),
  });

  // The route: shapes and stops; the view fits the route when it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw per route
  useEffect(() => {
    const s = layers;
    if (!s) return;
    s.network.clearLayers();
    const color = routeColor(route);
    const bounds: [number, number][] = [];
    for (const d of route.directions) {
      s.L.polyline(d.points, { color, weight: 5, opacity: 0.75, interactive: false }).addTo(s.network);
      bounds.push(...d.points);
    }
    for (const stop of route.stops) {
      const m = s.L.circleMarker([stop.lat, stop.lon], { radius: 6, color, weight: 3, fillColor: "#fff", fillOpacity: 1 });
      const box = document.createElement("div");
      const title = document.createElement("strong");
      title.textContent = t("stopPopup", { name: stop.name });
      box.append(title);
      m.bindPopup(box);
      m.on("click", () => stopRef.current?.(stop.id));
      m.addTo(s.network);
    }
    if (bounds.length) s.map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
  }, [layers, route.id]);

  // The buses.
  useEffect(() => {
    const s = layers;
    if (!s) return;
    s.buses.clearLayers();
    for (const v of vehicles) {
      const span = document.createElement("span");
      span.className = "bus-marker";
      span.style.background = routeColor(route);
      span.textContent = route.shortName.slice(0, 3);
      const icon = s.L.divIcon({ className: "", html: span.outerHTML, iconSize: [26, 26], iconAnchor: [13, 13] });
      const box = document.createElement("div");
      const title = document.createElement("strong");
      title.textContent = v.headsign ? t("busLine", { label: v.label, headsign: v.headsign }) : v.label;
      const sub = document.createElement("p");
      sub.textContent = t("reportedAt", { time: clock(v.reportedAt, i18n.language) });
      box.append(title, sub);
      s.L.marker([v.lat, v.lon], { icon, keyboard: false, title: v.label, alt: v.label }).bindPopup(box).addTo(s.buses);
    }
  }, [layers, vehicles, route, t, i18n.language]);

  return (
    <div className="bus-map">
      <section ref={el} className="bus-map__map" aria-label={t("mapLabel", { route: route.shortName || route.longName })} />
      {!layers && !failed && <p className="bus-map__status muted">{t("mapLoading")}</p>}
      {failed && <p className="bus-map__status">{t("mapFailed")}</p>}
    </div>
  );
}
