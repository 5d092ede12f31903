-- Harga bahan pokok (staple food prices), kept by Dinas Perdagangan: markets, commodities (the PIHPS grid),
-- daily prices per market with every correction kept as a new version, and price alerts.

CREATE TABLE price_markets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,40}$'),
  name text NOT NULL,
  -- PIHPS market types: pasar tradisional, pasar modern, pedagang besar, produsen.
  kind text NOT NULL CHECK (kind IN ('traditional', 'modern', 'wholesale', 'producer')),
  kecamatan_code text,
  address text,
  lat double precision,
  lon double precision,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, id)
);

CREATE TABLE price_commodities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,60}$'),
  name_id text NOT NULL,
  name_en text NOT NULL,
  -- 'kg' or 'liter': prices are Rupiah per unit.
  unit text NOT NULL CHECK (unit IN ('kg', 'liter')),
  grp text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  -- National reference price (HET / HAP) where one applies, Rupiah per unit, and where it comes from.
  reference_price integer CHECK (reference_price > 0),
  reference_label text,
  -- Alert when the city average rises more than this many percent week on week.
  alert_week_pct numeric(6, 2) NOT NULL DEFAULT 10 CHECK (alert_week_pct > 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, id)
);

-- One row per version of a (market, commodity, date) price. A correction supersedes the current row and adds
-- a new one (version + 1): nothing is overwritten. The current price has superseded_at IS NULL.
CREATE TABLE price_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  market_id uuid NOT NULL,
  commodity_id uuid NOT NULL,
  date date NOT NULL,
  price integer NOT NULL CHECK (price > 0),
  version integer NOT NULL DEFAULT 1,
  source text NOT NULL CHECK (source IN ('grid', 'import', 'api', 'seed')),
  -- The value was questioned (far from the previous price) and stored on explicit confirmation.
  confirmed boolean NOT NULL DEFAULT false,
  entered_by uuid,
  entered_at timestamptz NOT NULL DEFAULT now(),
  superseded_at timestamptz,
  FOREIGN KEY (tenant_id, market_id) REFERENCES price_markets (tenant_id, id),
  FOREIGN KEY (tenant_id, commodity_id) REFERENCES price_commodities (tenant_id, id)
);
CREATE UNIQUE INDEX price_entries_current ON price_entries (tenant_id, commodity_id, market_id, date) INCLUDE (price) WHERE superseded_at IS NULL;
-- City-average series of a commodity (a date range over every market) and the day views (every price of a day).
CREATE INDEX price_entries_series ON price_entries (tenant_id, commodity_id, date) INCLUDE (market_id, price) WHERE superseded_at IS NULL;
CREATE INDEX price_entries_by_date ON price_entries (tenant_id, date) INCLUDE (commodity_id, market_id, price) WHERE superseded_at IS NULL;
CREATE INDEX price_entries_history ON price_entries (tenant_id, market_id, commodity_id, date, version);

CREATE TABLE price_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL,
  commodity_id uuid NOT NULL,
  date date NOT NULL,
  -- 'week-rise': the city average rose more than alert_week_pct week on week; 'above-reference': above HET/HAP.
  kind text NOT NULL CHECK (kind IN ('week-rise', 'above-reference')),
  value numeric(14, 2) NOT NULL,
  threshold numeric(14, 2) NOT NULL,
  change_pct numeric(8, 2),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid,
  FOREIGN KEY (tenant_id, commodity_id) REFERENCES price_commodities (tenant_id, id),
  UNIQUE (tenant_id, commodity_id, date, kind)
);
CREATE INDEX price_alerts_open ON price_alerts (tenant_id, created_at DESC) WHERE resolved_at IS NULL;
