/**
 * The wall's live map (Leaflet, loaded on demand): open incidents coloured by priority, open e-Lapor report
 * clusters as sized circles, cameras as keyboard-reachable icons coloured by status, buses as small dots.
 * Tiles are darkened by CSS; without tiles the map shows a dark grid.
 */
import { useEffect, useRef } from "react";
import { drawExtent, mapCenter, useLeafletMap, useMapLayer } from "../../ui/useLeafletMap.ts";
import type { GeoConfig } from "../lapor/shared.tsx";
import type { Camera, Sensor } from "./i18n.ts";
import { useCommandT } from "./i18n.ts";

export interface WallIncident {
  id: string;
  number: string;
  type: string;
  priority: number;
  state: string;
  lat: number;
  lon: number;
  fresh?: boolean;
}

export interface Bus {
  id: string;
  label: string;
  lat: number;
  lon: number;
}

interface Props {
  config: GeoConfig;
  incidents: WallIncident[];
  reports: { lat: number; lon: number; count: number }[];
  cameras: Camera[];
  buses: Bus[];
  sensors: Sensor[];
  onCamera: (c: Camera) => void;
}

export const PRIORITY_COLORS: Record<number, string> = { 1: "#ff4d4f", 2: "#ff9f1a", 3: "#ffd60a" };

export default function WallMap({ config, incidents, reports, cameras, buses, sensors, onCamera }: Props) {
  const { t } = useCommandT();
  const fitted = useRef(false);
  const camRef = useRef(onCamera);
  camRef.current = onCamera;
  const tRef = useRef(t);
  tRef.current = t;

  const { el, layers, failed } = useLeafletMap({
    key: `${config.tileUrl}|${config.center?.[0]}|${config.center?.[1]}`,
    tileUrl: config.tileUrl,
    tileAttribution: config.tileAttribution,
    zoomLabels: ["Zoom +", "Zoom −"],
    options: () => ({ center: mapCenter(config, [-2.976, 104.775]), zoom: config.zoom ?? 12 }),
    setup: (L, map) => {
      if (config.bbox) {
        const extent = drawExtent(L, map, config.bbox, "#7b8794");
        if (!config.center) map.fitBounds(extent);
      }
      // Panes keep the stacking fixed however often a layer is redrawn: reports, buses, incidents, cameras.
      for (const [name, z] of [
        ["wall-reports", 350],
        ["wall-buses", 380],
        ["wall-incidents", 420],
      ] as const) {
        const pane = map.createPane(name);
        pane.style.zIndex = String(z);
      }
      const group = () => L.layerGroup().addTo(map);
      return { reports: group(), buses: group(), sensors: group(), incidents: group(), cameras: group() };
    },
  });

  useMapLayer(layers, "incidents", incidents, (s, g, incidents) => {
    // Low priority first so high priority draws on top.
    for (const inc of [...incidents].sort((a, b) => b.priority - a.priority)) {
      const color = PRIORITY_COLORS[inc.priority] ?? PRIORITY_COLORS[2];
      if (inc.fresh) {
        s.L.circleMarker([inc.lat, inc.lon], {
          radius: 22,
          color,
          weight: 3,
          fill: false,
          className: "wall-ring",
          interactive: false,
          pane: "wall-incidents",
        }).addTo(g);
      }
      s.L.circleMarker([inc.lat, inc.lon], {
        radius: inc.priority === 1 ? 11 : 9,
        color: "#0b0f14",
        weight: 2,
        fillColor: color,
        fillOpacity: 1,
        className: `wall-incident wall-incident--p${inc.priority}`,
        pane: "wall-incidents",
      })
        .bindTooltip(
          `${inc.number} · ${tRef.current(`types.${inc.type}`, { defaultValue: inc.type })} · ${tRef.current(`states.${inc.state}`, { defaultValue: inc.state })}`,
          {
            direction: "top",
          },
        )
        .addTo(g);
    }
  });

  useMapLayer(layers, "reports", reports, (s, g, reports) => {
    const max = Math.max(1, ...reports.map((r) => r.count));
    for (const r of reports) {
      const k = r.count / max;
      s.L.circleMarker([r.lat, r.lon], {
        radius: 6 + 22 * Math.sqrt(k),
        stroke: true,
        color: "#38bdf8",
        weight: 1,
        fillColor: "#38bdf8",
        fillOpacity: 0.28,
        interactive: false,
        pane: "wall-reports",
      }).addTo(g);
    }
  });

  useMapLayer(layers, "cameras", cameras, (s, g, cameras) => {
    for (const c of cameras) {
      if (c.lat == null || c.lon == null || !c.active) continue;
      const status = tRef.current(`wall.cameraStatus.${c.streamUrl ? c.status : "noUrl"}`, { defaultValue: c.status });
      const icon = s.L.divIcon({
        className: "wall-cam-icon",
        html: `<span class="wall-cam wall-cam--${c.status}"></span>`,
        iconSize: [22, 22],
        iconAnchor: [11, 11],
      });
      const m = s.L.marker([c.lat, c.lon], { icon, keyboard: true, title: `${tRef.current("wall.camera", { name: c.name })} (${status})` });
      m.on("click", () => camRef.current(c));
      m.addTo(g);
    }
  });

  // Once, when the first data is there: frame everything (the city's extent stays the fallback).
  useEffect(() => {
    const s = layers;
    if (!s || fitted.current) return;
    const pts: [number, number][] = [
      ...incidents.map((i) => [i.lat, i.lon] as [number, number]),
      ...reports.map((r) => [r.lat, r.lon] as [number, number]),
      ...cameras.filter((c) => c.lat != null && c.lon != null).map((c) => [c.lat as number, c.lon as number] as [number, number]),
    ];
    if (pts.length < 2) return;
    fitted.current = true;
    s.map.fitBounds(pts, { padding: [40, 40], maxZoom: 15 });
  }, [layers, incidents, reports, cameras]);

  useMapLayer(layers, "buses", buses, (s, g, buses) => {
    for (const b of buses) {
      s.L.circleMarker([b.lat, b.lon], { radius: 3.5, stroke: false, fillColor: "#a5b4fc", fillOpacity: 0.9, interactive: false, pane: "wall-buses" }).addTo(g);
    }
  });

  useMapLayer(layers, "sensors", sensors, (s, g, sensors) => {
    for (const x of sensors) {
      const icon = s.L.divIcon({
        className: "wall-sensor-icon",
        html: `<span class="wall-sensor${x.severity ? ` wall-sensor--${x.severity}` : ""}"></span>`,
        iconSize: [16, 16],
        iconAnchor: [8, 8],
      });
      const title = tRef.current("wall.sensorTitle", { source: x.source, kind: x.kind, value: x.value ?? "", unit: x.unit ?? "" });
      s.L.marker([x.lat, x.lon], { icon, keyboard: false, title, pane: "wall-buses" }).addTo(g);
    }
  });

  return (
    <div className="wall-map-shell">
      <section ref={el} className={`wall-map${config.tileUrl ? "" : " wall-map--blank"}`} aria-label={t("wall.mapLabel")} />
      {!layers && !failed && <p className="wall-map__status">{t("common.loading")}</p>}
      {failed && <p className="wall-map__status">{t("wall.loadFailed", { error: "Leaflet" })}</p>}
    </div>
  );
}
