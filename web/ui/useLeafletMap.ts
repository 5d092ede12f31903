/**
 * One way to put a Leaflet map on a page. Leaflet and its CSS are loaded on demand (their own chunk, fetched only
 * when a map is shown); without tiles (tileUrl "") the map still shows its layers on the page's background.
 * The hook creates the map once per `key`, names the zoom buttons, follows the container's size and tears down.
 */
import type * as Leaflet from "leaflet";
import { type RefObject, useEffect, useRef, useState } from "react";

let leafletPromise: Promise<typeof Leaflet> | null = null;
export function loadLeaflet(): Promise<typeof Leaflet> {
  leafletPromise ??= Promise.all([import("leaflet"), import("leaflet/dist/leaflet.css")]).then(([m]) => {
    const mod = m as unknown as { default?: typeof Leaflet } & typeof Leaflet;
    return mod.default ?? mod;
  });
  return leafletPromise;
}

/** A city's map settings as the geo endpoints give them: centre [lat, lon], extent [minLon, minLat, maxLon, maxLat]. */
export interface MapSettings {
  tileUrl: string;
  tileAttribution: string;
  center?: [number, number] | null;
  zoom?: number | null;
  bbox?: [number, number, number, number] | null;
}

/** The centre as [lat, lon] (also when given as [lon, lat], Indonesia: |lat| ≤ 11), else the extent's middle. */
export function mapCenter(config: MapSettings, fallback: [number, number]): [number, number] {
  const c = config.center;
  if (c) return Math.abs(c[0]) > 20 && Math.abs(c[1]) <= 20 ? [c[1], c[0]] : c;
  const b = config.bbox;
  return b ? [(b[1] + b[3]) / 2, (b[0] + b[2]) / 2] : fallback;
}

/** The city's extent as a dashed outline (not clickable). */
export function drawExtent(L: typeof Leaflet, map: Leaflet.Map, bbox: [number, number, number, number], color: string) {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const bounds: [number, number][] = [
    [minLat, minLon],
    [maxLat, maxLon],
  ];
  L.rectangle(bounds, { color, weight: 1.5, dashArray: "6 6", fill: false, interactive: false }).addTo(map);
  return bounds;
}

export type MapState<S> = { L: typeof Leaflet; map: Leaflet.Map } & S;

interface Options<S> {
  tileUrl: string;
  tileAttribution?: string;
  /** The map's options (centre, zoom …); attribution follows the tiles, keyboard and zoom control are on. */
  options: () => Leaflet.MapOptions;
  /** Names of the zoom-in and zoom-out buttons, in the page's language. */
  zoomLabels: [string, string];
  /** Adds what the page needs once the map exists (layer groups, panes, handlers) and returns it. */
  setup: (L: typeof Leaflet, map: Leaflet.Map, container: HTMLElement) => S;
  /** The map is made again when this changes. */
  key: string;
}

/** `layers` is null until the map is there: effects that draw depend on it. */
export function useLeafletMap<S extends object>(opts: Options<S>): { el: RefObject<HTMLElement | null>; layers: MapState<S> | null; failed: boolean } {
  const el = useRef<HTMLElement>(null);
  const [layers, setLayers] = useState<MapState<S> | null>(null);
  const [failed, setFailed] = useState(false);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is made again when the key changes; the options are read through a ref
  useEffect(() => {
    let live = true;
    let made: Leaflet.Map | null = null;
    let ro: ResizeObserver | null = null;
    const o = optsRef.current;
    loadLeaflet().then(
      (L) => {
        const container = el.current;
        if (!live || !container) return;
        const map = L.map(container, { attributionControl: !!o.tileUrl, zoomControl: true, keyboard: true, ...o.options() });
        if (o.tileUrl) L.tileLayer(o.tileUrl, { attribution: o.tileAttribution, maxZoom: 19 }).addTo(map);
        // Leaflet's zoom buttons are links; give them names in the page language.
        for (const [cls, label] of [
          [".leaflet-control-zoom-in", o.zoomLabels[0]],
          [".leaflet-control-zoom-out", o.zoomLabels[1]],
        ]) {
          container.querySelector(cls)?.setAttribute("aria-label", label);
          container.querySelector(cls)?.setAttribute("title", label);
        }
        made = map;
        const state = { L, map, ...o.setup(L, map, container) };
        ro = new ResizeObserver(() => map.invalidateSize());
        ro.observe(container);
        setLayers(state);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      ro?.disconnect();
      made?.remove();
      setLayers(null);
    };
  }, [opts.key]);

  return { el, layers, failed };
}

/**
 * Draws the layer group `group` of the map again whenever its `items` change (and when the map is there): the group
 * is emptied, then `draw` adds the items' markers to it.
 */
export function useMapLayer<K extends string, S extends Record<K, Leaflet.LayerGroup>, T>(
  layers: MapState<S> | null,
  group: K,
  items: T,
  draw: (s: MapState<S>, group: Leaflet.LayerGroup, items: T) => void,
) {
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useEffect(() => {
    if (!layers) return;
    const g = layers[group];
    g.clearLayers();
    drawRef.current(layers, g, items);
  }, [layers, group, items]);
}
