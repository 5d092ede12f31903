-- Geo: kelurahan/kecamatan boundaries per tenant (GeoJSON, imported by `balai regions boundaries import`)
-- and the tenant's map extent (used to centre maps and, without boundaries, to tell "outside the city").

CREATE TABLE region_boundaries (
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  level text NOT NULL CHECK (level IN ('kelurahan','kecamatan')),
  name text NOT NULL,
  geometry jsonb NOT NULL,
  min_lat double precision NOT NULL,
  min_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code),
  CHECK (geometry->>'type' IN ('Polygon','MultiPolygon')),
  CHECK (min_lat <= max_lat AND min_lon <= max_lon)
);
CREATE INDEX region_boundaries_bbox ON region_boundaries (tenant_id, min_lat, max_lat);

-- {bbox:[minLon,minLat,maxLon,maxLat], center:[lon,lat], zoom}; null = unknown.
ALTER TABLE tenants ADD COLUMN extent jsonb;

-- Stores seeded before this migration: the known cities' approximate extents (new tenants get it on creation).
UPDATE tenants SET extent = '{"bbox":[104.6,-3.1,104.88,-2.84],"center":[104.7458,-2.9761],"zoom":12}'::jsonb WHERE id = '16.71' AND extent IS NULL;
UPDATE tenants SET extent = '{"bbox":[112.56,-8.06,112.71,-7.88],"center":[112.6326,-7.9666],"zoom":13}'::jsonb WHERE id = '35.73' AND extent IS NULL;
