import type { Extent } from "../../platform/geo.ts";

/**
 * Approximate map extents of the cities we seed (bbox [minLon, minLat, maxLon, maxLat], centre
 * [lon, lat], GeoJSON order). Importing kelurahan boundaries replaces a tenant's extent with the exact
 * union of its polygons; until then these tell "outside the city" and centre the maps.
 */
export const KNOWN_EXTENTS: Record<string, Extent> = {
  // Kota Palembang (≈ lon 104.62–104.87, lat −3.09…−2.86), with a small margin: a wrong "outside" is worse than "unknown".
  "16.71": { bbox: [104.6, -3.1, 104.88, -2.84], center: [104.7458, -2.9761], zoom: 12 },
  // Kota Malang (≈ lon 112.57–112.70, lat −8.05…−7.90), with the same margin.
  "35.73": { bbox: [112.56, -8.06, 112.71, -7.88], center: [112.6326, -7.9666], zoom: 13 },
};
