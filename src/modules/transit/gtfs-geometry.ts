/** Lines along a trip: cumulative distances, projecting a position onto the line, the point at a distance. */
import { distanceMeters } from "../../platform/geo.ts";
import type { Line } from "./gtfs-model.ts";

export function lineOf(pts: [number, number][]): Line {
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + distanceMeters({ lat: pts[i - 1][0], lon: pts[i - 1][1] }, { lat: pts[i][0], lon: pts[i][1] }));
  return { pts, cum };
}

/** The point of the line nearest to (lat, lon), searched from segment `from` on: distance along and off the line, metres. */
export function project(line: Line, lat: number, lon: number, from = 0): { along: number; off: number; segment: number } {
  const k = Math.cos((lat * Math.PI) / 180) * 111_320;
  const kLat = 110_540;
  let best = { along: 0, off: Number.POSITIVE_INFINITY, segment: 0 };
  if (line.pts.length === 1) return { along: 0, off: distanceMeters({ lat, lon }, { lat: line.pts[0][0], lon: line.pts[0][1] }), segment: 0 };
  for (let i = Math.max(0, from); i < line.pts.length - 1; i++) {
    const [aLat, aLon] = line.pts[i];
    const [bLat, bLon] = line.pts[i + 1];
    const ax = 0;
    const ay = 0;
    const bx = (bLon - aLon) * k;
    const by = (bLat - aLat) * kLat;
    const px = (lon - aLon) * k;
    const py = (lat - aLat) * kLat;
    const len2 = bx * bx + by * by;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * bx + (py - ay) * by) / len2));
    const dx = px - t * bx;
    const dy = py - t * by;
    const off = Math.sqrt(dx * dx + dy * dy);
    if (off < best.off - 0.01) best = { along: line.cum[i] + t * (line.cum[i + 1] - line.cum[i]), off, segment: i };
  }
  return best;
}

/** The point at a distance along the line, with the bearing of its segment (degrees from north). */
export function pointAt(line: Line, along: number): { lat: number; lon: number; bearing: number } {
  const { pts, cum } = line;
  if (pts.length === 1) return { lat: pts[0][0], lon: pts[0][1], bearing: 0 };
  let i = 0;
  while (i < pts.length - 2 && cum[i + 1] < along) i++;
  const seg = cum[i + 1] - cum[i];
  const t = seg > 0 ? Math.max(0, Math.min(1, (along - cum[i]) / seg)) : 0;
  const lat = pts[i][0] + t * (pts[i + 1][0] - pts[i][0]);
  const lon = pts[i][1] + t * (pts[i + 1][1] - pts[i][1]);
  const y = (pts[i + 1][1] - pts[i][1]) * Math.cos((lat * Math.PI) / 180);
  const x = pts[i + 1][0] - pts[i][0];
  const bearing = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  return { lat, lon, bearing };
}
