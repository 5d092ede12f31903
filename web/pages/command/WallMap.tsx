/**
 * The wall's live map (Leaflet, loaded on demand): open incidents coloured by priority, open e-Lapor report
 * clusters as sized circles, cameras as keyboard-reachable icons coloured by status, buses as small dots.
 * Tiles are darkened by CSS; without tiles the map shows a dark grid.
 */
import type * as Leaflet from "leaflet";
import { useEffect, useRef, useState } from "react";
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

let leafletPromise: Promise<typeof Leaflet> | null = null;
function loadLeaflet() {
  leafletPromise ??= Promise.all([import("leaflet"), import("leaflet/dist/leaflet.css")]).then(([m]) => {
    const mod = m as unknown as { default?: typeof Leaflet } & typeof Leaflet;
    return mod.default ?? mod;
  });
  return leafletPromise;
}

export const PRIORITY_COLORS: Record<number, string> = { 1: "#ff4d4f", 2: "#ff9f1a", 3: "#ffd60a" };

function center(config: GeoConfig): [number, number] {
  const c = config.center;
  if (c) return Math.abs(c[0]) > 20 && Math.abs(c[1]) <= 20 ? [c[1], c[0]] : c;
  const b = config.bbox;
  return b ? [(b[1] + b[3]) / 2, (b[0] + b[2]) / 2] : [-2.976, 104.775];
}

export default function WallMap({ config, incidents, reports, cameras, buses, sensors, onCamera }: Props) {
  const { t } = useCommandT();
  const el = useRef<HTMLElement>(null);
  const state = useRef<{
    L: typeof Leaflet;
    map: Leaflet.Map;
    incidents: Leaflet.LayerGroup;
    reports: Leaflet.LayerGroup;
    cameras: Leaflet.LayerGroup;
    buses: Leaflet.LayerGroup;
    sensors: Leaflet.LayerGroup;
  } | null>(null);
  const [ready, setReady] = useState(false);
  const fitted = useRef(false);
  const [failed, setFailed] = useState(false);
  const camRef = useRef(onCamera);
  camRef.current = onCamera;
  const tRef = useRef(t);
  tRef.current = t;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once per config
  useEffect(() => {
    let live = true;
    let ro: ResizeObserver | null = null;
    loadLeaflet().then(
      (L) => {
        if (!live || !el.current) return;
        const map = L.map(el.current, {
          center: center(config),
          zoom: config.zoom ?? 12,
          attributionControl: !!config.tileUrl,
          zoomControl: true,
          keyboard: true,
        });
        if (config.tileUrl) L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
        if (config.bbox) {
          const [minLon, minLat, maxLon, maxLat] = config.bbox;
          L.rectangle(
            [
              [minLat, minLon],
              [maxLat, maxLon],
            ],
            { color: "#7b8794", weight: 1.5, dashArray: "6 6", fill: false, interactive: false },
          ).addTo(map);
          if (!config.center)
            map.fitBounds([
              [minLat, minLon],
              [maxLat, maxLon],
            ]);
        }
        const zin = el.current.querySelector(".leaflet-control-zoom-in");
        const zout = el.current.querySelector(".leaflet-control-zoom-out");
        zin?.setAttribute("aria-label", "Zoom +");
        zout?.setAttribute("aria-label", "Zoom −");
        // Panes keep the stacking fixed however often a layer is redrawn: reports, buses, incidents, cameras.
        for (const [name, z] of [
          ["wall-reports", 350],
          ["wall-buses", 380],
          ["wall-incidents", 420],
        ] as const) {
          const pane = map.createPane(name);
          pane.style.zIndex = String(z);
        }
        state.current = {
          L,
          map,
          reports: L.layerGroup().addTo(map),
          buses: L.layerGroup().addTo(map),
          sensors: L.layerGroup().addTo(map),
          incidents: L.layerGroup().addTo(map),
          cameras: L.layerGroup().addTo(map),
        };
        ro = new ResizeObserver(() => map.invalidateSize());
        ro.observe(el.current);
        setReady(true);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      ro?.disconnect();
      state.current?.map.remove();
      state.current = null;
    };
  }, [config.tileUrl, config.center?.[0], config.center?.[1]]);

  useEffect(() => {
    const s = state.current;
    if (!ready || !s) return;
    s.incidents.clearLayers();
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
        }).addTo(s.incidents);
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
        .addTo(s.incidents);
    }
  }, [ready, incidents]);

  useEffect(() => {
    const s = state.current;
    if (!ready || !s) return;
    s.reports.clearLayers();
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
      }).addTo(s.reports);
    }
  }, [ready, reports]);

  useEffect(() => {
    const s = state.current;
    if (!ready || !s) return;
    s.cameras.clearLayers();
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
      m.addTo(s.cameras);
    }
  }, [ready, cameras]);

  // Once, when the first data is there: frame everything (the city's extent stays the fallback).
  useEffect(() => {
    const s = state.current;
    if (!ready || !s || fitted.current) return;
    const pts: [number, number][] = [
      ...incidents.map((i) => [i.lat, i.lon] as [number, number]),
      ...reports.map((r) => [r.lat, r.lon] as [number, number]),
      ...cameras.filter((c) => c.lat != null && c.lon != null).map((c) => [c.lat as number, c.lon as number] as [number, number]),
    ];
    if (pts.length < 2) return;
    fitted.current = true;
    s.map.fitBounds(pts, { padding: [40, 40], maxZoom: 15 });
  }, [ready, incidents, reports, cameras]);

  useEffect(() => {
    const s = state.current;
    if (!ready || !s) return;
    s.buses.clearLayers();
    for (const b of buses) {
      s.L.circleMarker([b.lat, b.lon], { radius: 3.5, stroke: false, fillColor: "#a5b4fc", fillOpacity: 0.9, interactive: false, pane: "wall-buses" }).addTo(
        s.buses,
      );
    }
  }, [ready, buses]);

  useEffect(() => {
    const s = state.current;
    if (!ready || !s) return;
    s.sensors.clearLayers();
    for (const x of sensors) {
      const icon = s.L.divIcon({
        className: "wall-sensor-icon",
        html: `<span class="wall-sensor${x.severity ? ` wall-sensor--${x.severity}` : ""}"></span>`,
        iconSize: [16, 16],
        iconAnchor: [8, 8],
      });
      const title = tRef.current("wall.sensorTitle", { source: x.source, kind: x.kind, value: x.value ?? "", unit: x.unit ?? "" });
      s.L.marker([x.lat, x.lon], { icon, keyboard: false, title, pane: "wall-buses" }).addTo(s.sensors);
    }
  }, [ready, sensors]);

  return (
    <div className="wall-map-shell">
      <section ref={el} className={`wall-map${config.tileUrl ? "" : " wall-map--blank"}`} aria-label={t("wall.mapLabel")} />
      {!ready && !failed && <p className="wall-map__status">{t("common.loading")}</p>}
      {failed && <p className="wall-map__status">{t("wall.loadFailed", { error: "Leaflet" })}</p>}
    </div>
  );
}
