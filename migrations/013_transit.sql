-- Public transport (BRT) tracking with GTFS: the tenant's imported GTFS static feed (kept as the zip Dishub
-- uploaded, served again at /gtfs/static.zip and parsed into memory per version), the latest position of each
-- vehicle, and a bounded history of positions (pruned by age by the transit job).
CREATE TABLE transit_feeds (
  tenant_id text PRIMARY KEY REFERENCES tenants(id),
  version integer NOT NULL,
  zip bytea NOT NULL,
  summary jsonb NOT NULL,
  imported_by uuid,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE transit_vehicles (
  tenant_id text NOT NULL REFERENCES tenants(id),
  vehicle_id text NOT NULL,
  label text,
  trip_id text,
  route_id text,
  start_date text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  bearing real,
  speed real,
  reported_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- 'api:<api key id>', 'mqtt' or 'simulator'
  source text NOT NULL,
  PRIMARY KEY (tenant_id, vehicle_id)
);

CREATE TABLE transit_positions (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  vehicle_id text NOT NULL,
  trip_id text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  bearing real,
  speed real,
  reported_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transit_positions_vehicle ON transit_positions (tenant_id, vehicle_id, reported_at DESC);
CREATE INDEX transit_positions_received ON transit_positions (received_at);
