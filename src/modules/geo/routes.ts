import { Type } from "typebox";
import { boundariesLoaded, tenantExtent } from "../../platform/geo.ts";
import type { App, Deps } from "../../platform/http.ts";
import { locateWithNames } from "./service.ts";

/** Public map configuration and point lookup for the tenant of the request. */
export default async function geoRoutes(app: App, deps: Deps) {
  const tags = ["geo"];
  app.get(
    "/api/geo/config",
    {
      schema: {
        tags,
        summary: "Map settings of this pemda: tile layer, centre [lat, lon], zoom, bbox [minLon, minLat, maxLon, maxLat]",
        response: {
          200: Type.Object({
            tileUrl: Type.String(),
            tileAttribution: Type.String(),
            center: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
            zoom: Type.Union([Type.Integer(), Type.Null()]),
            bbox: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()]),
            boundariesLoaded: Type.Boolean(),
          }),
        },
      },
    },
    async (req) => {
      const extent = await tenantExtent(deps.db, req.tenant.id);
      return {
        tileUrl: deps.config.mapTileUrl,
        tileAttribution: deps.config.mapTileUrl ? deps.config.mapAttribution : "",
        center: extent ? ([extent.center[1], extent.center[0]] as [number, number]) : null,
        zoom: extent?.zoom ?? null,
        bbox: extent?.bbox ?? null,
        boundariesLoaded: await boundariesLoaded(deps.db, req.tenant.id),
      };
    },
  );

  app.get(
    "/api/geo/locate",
    {
      config: { rateLimit: { max: Math.min(deps.config.rateLimitPerMinute, 120), timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Which kelurahan/kecamatan of this pemda holds the point (inside=null: unknown, no boundaries loaded)",
        querystring: Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) }),
        response: {
          200: Type.Object({
            inside: Type.Union([Type.Boolean(), Type.Null()]),
            kelurahan: Type.Union([Type.String(), Type.Null()]),
            kelurahanName: Type.Union([Type.String(), Type.Null()]),
            kecamatan: Type.Union([Type.String(), Type.Null()]),
            kecamatanName: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => locateWithNames(deps.db, req.tenant.id, req.query.lat, req.query.lon),
  );
}
