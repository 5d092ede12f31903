-- e-Parking (docs/parking.md): Dishub's parking points with their tariffs (perda) and attendants (jukir), parking
-- sessions a jukir opens by plate, and payments (QRIS through a payment gateway, or cash the jukir records).
-- Payments are immutable: a correction is a new row pointing at the one it corrects.

INSERT INTO staff_roles (name) VALUES ('jukir') ON CONFLICT DO NOTHING;

CREATE TABLE parking_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9-]{1,16}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('on_street', 'off_street')),
  address text,
  lat double precision,
  lon double precision,
  capacity integer NOT NULL CHECK (capacity > 0),
  -- Expected occupancy (percent of capacity) and vehicles per slot per day: the expected revenue.
  occupancy_pct integer NOT NULL DEFAULT 60 CHECK (occupancy_pct BETWEEN 1 AND 100),
  turnover_per_day numeric(5, 2) NOT NULL DEFAULT 4 CHECK (turnover_per_day > 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, id)
);

CREATE TABLE parking_tariffs (
  tenant_id text NOT NULL,
  point_id uuid NOT NULL,
  vehicle_type text NOT NULL CHECK (vehicle_type IN ('motor', 'mobil', 'truk', 'bus')),
  -- per entry (sekali parkir) or per hour (progresif)
  mode text NOT NULL CHECK (mode IN ('entry', 'hour')),
  amount integer NOT NULL CHECK (amount > 0 AND amount <= 1000000),
  PRIMARY KEY (tenant_id, point_id, vehicle_type),
  FOREIGN KEY (tenant_id, point_id) REFERENCES parking_points (tenant_id, id)
);

CREATE TABLE parking_attendants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  user_id uuid REFERENCES users(id),
  point_id uuid NOT NULL,
  name text NOT NULL,
  -- The unguessable code on the ID card's QR (public page /jukir/<code>).
  card_code text NOT NULL CHECK (card_code ~ '^[A-Za-z0-9]{8,40}$'),
  -- The jukir's share of gross revenue, percent (the city keeps the rest).
  share_pct numeric(5, 2) NOT NULL DEFAULT 70 CHECK (share_pct >= 0 AND share_pct <= 100),
  photo_file_id text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, card_code),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, point_id) REFERENCES parking_points (tenant_id, id)
);
CREATE INDEX parking_attendants_user ON parking_attendants (tenant_id, user_id);

CREATE TABLE parking_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  point_id uuid NOT NULL,
  attendant_id uuid,
  plate text NOT NULL,
  vehicle_type text NOT NULL,
  hours integer NOT NULL DEFAULT 1 CHECK (hours BETWEEN 1 AND 48),
  expected_amount integer NOT NULL,
  -- The merchant order id sent to the gateway (QRIS tag 62 reference).
  order_id text NOT NULL,
  gateway text NOT NULL,
  qris text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, order_id),
  FOREIGN KEY (tenant_id, point_id) REFERENCES parking_points (tenant_id, id)
);

CREATE TABLE parking_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  point_id uuid NOT NULL,
  attendant_id uuid,
  session_id uuid REFERENCES parking_sessions(id),
  method text NOT NULL CHECK (method IN ('qris_static', 'qris_dynamic', 'cash', 'correction')),
  gateway text,
  gateway_txn_id text,
  order_id text,
  vehicle_type text,
  amount integer NOT NULL,
  expected_amount integer,
  -- Counted in revenue? An amount not matching the tariff is flagged and not counted.
  counted boolean NOT NULL,
  flag text CHECK (flag IN ('amount-mismatch', 'session-already-paid', 'cash', 'correction')),
  corrects_id uuid REFERENCES parking_payments(id),
  note text,
  business_date date NOT NULL,
  paid_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, point_id) REFERENCES parking_points (tenant_id, id)
);
-- A gateway transaction is recorded once: replays of its callback find this row.
CREATE UNIQUE INDEX parking_payments_txn ON parking_payments (tenant_id, gateway, gateway_txn_id) WHERE gateway_txn_id IS NOT NULL;
CREATE INDEX parking_payments_day ON parking_payments (tenant_id, business_date, point_id) INCLUDE (amount, counted, method, attendant_id, flag);

CREATE FUNCTION parking_payments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'parking_payments are immutable: record a correction instead';
END;
$$;
CREATE TRIGGER parking_payments_no_change BEFORE UPDATE OR DELETE ON parking_payments
  FOR EACH ROW EXECUTE FUNCTION parking_payments_immutable();

-- The development gateway's own ledger (what its status query answers); a real gateway keeps this itself.
CREATE TABLE parking_dev_gateway (
  tenant_id text NOT NULL REFERENCES tenants(id),
  txn_id text NOT NULL,
  order_id text NOT NULL,
  amount integer NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'PAID')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, txn_id)
);

-- Imported settlement files and the mismatches each listed.
CREATE TABLE parking_settlements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  gateway text NOT NULL,
  business_date date NOT NULL,
  file_sha256 text NOT NULL,
  lines integer NOT NULL,
  settled_amount bigint NOT NULL,
  mismatches jsonb NOT NULL,
  imported_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parking_settlements_day ON parking_settlements (tenant_id, business_date);

-- Totals kept by a statement trigger in the transaction of every insert, so the revenue report over a year reads
-- thousands of rows instead of every payment: per point, attendant and month; per point, attendant and day (for
-- the partial months at the ends of a period); per day for the whole city. attendant_key is the zero uuid for
-- payments no attendant took (static QR).
CREATE TABLE parking_daily (
  tenant_id text NOT NULL,
  date date NOT NULL,
  point_id uuid NOT NULL,
  attendant_key uuid NOT NULL,
  gross bigint NOT NULL DEFAULT 0,
  qris bigint NOT NULL DEFAULT 0,
  cash bigint NOT NULL DEFAULT 0,
  paid integer NOT NULL DEFAULT 0,
  flagged integer NOT NULL DEFAULT 0,
  uncounted integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, date, point_id, attendant_key)
);
CREATE TABLE parking_monthly (LIKE parking_daily INCLUDING DEFAULTS);
ALTER TABLE parking_monthly RENAME COLUMN date TO month;
ALTER TABLE parking_monthly ADD PRIMARY KEY (tenant_id, month, point_id, attendant_key);
CREATE TABLE parking_city_daily (
  tenant_id text NOT NULL,
  date date NOT NULL,
  gross bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, date)
);

CREATE FUNCTION parking_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH t AS (
    SELECT tenant_id, business_date AS date, point_id, COALESCE(attendant_id, '00000000-0000-0000-0000-000000000000'::uuid) AS attendant_key,
           COALESCE(sum(amount) FILTER (WHERE counted), 0) AS gross,
           COALESCE(sum(amount) FILTER (WHERE counted AND method IN ('qris_static', 'qris_dynamic')), 0) AS qris,
           COALESCE(sum(amount) FILTER (WHERE counted AND method = 'cash'), 0) AS cash,
           count(*) FILTER (WHERE counted AND method IN ('qris_static', 'qris_dynamic')) AS paid,
           count(*) FILTER (WHERE flag IS NOT NULL AND flag <> 'correction') AS flagged,
           count(*) FILTER (WHERE NOT counted) AS uncounted
      FROM new_rows GROUP BY 1, 2, 3, 4
  ), daily AS (
    INSERT INTO parking_daily AS d SELECT * FROM t ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, date, point_id, attendant_key) DO UPDATE SET
      gross = d.gross + EXCLUDED.gross, qris = d.qris + EXCLUDED.qris, cash = d.cash + EXCLUDED.cash,
      paid = d.paid + EXCLUDED.paid, flagged = d.flagged + EXCLUDED.flagged, uncounted = d.uncounted + EXCLUDED.uncounted
    RETURNING 1
  ), monthly AS (
    INSERT INTO parking_monthly AS m
    SELECT tenant_id, date_trunc('month', date)::date, point_id, attendant_key, sum(gross), sum(qris), sum(cash), sum(paid), sum(flagged), sum(uncounted)
      FROM t GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, month, point_id, attendant_key) DO UPDATE SET
      gross = m.gross + EXCLUDED.gross, qris = m.qris + EXCLUDED.qris, cash = m.cash + EXCLUDED.cash,
      paid = m.paid + EXCLUDED.paid, flagged = m.flagged + EXCLUDED.flagged, uncounted = m.uncounted + EXCLUDED.uncounted
    RETURNING 1
  )
  INSERT INTO parking_city_daily AS c SELECT tenant_id, date, sum(gross) FROM t GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (tenant_id, date) DO UPDATE SET gross = c.gross + EXCLUDED.gross;
  RETURN NULL;
END;
$$;
CREATE TRIGGER parking_totals_rollup AFTER INSERT ON parking_payments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parking_totals_add();
