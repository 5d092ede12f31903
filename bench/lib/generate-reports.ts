// Bulk e-Lapor reports for the nearby-duplicate scenarios: BENCH_REPORTS complaint cases plus their
// complaint_details rows, written with INSERT … SELECT generate_series in batches (bench/README.md).
//
// Points and H3 cells stay consistent without H3 in SQL: the res-9 cells covering the Palembang extent
// are computed here in JS (h3-js, like the app), each with its centre and the radius of the disk
// inscribed in its hexagon. SQL picks a cell per row (weighted: denser in the centre and a few
// district centres) and places the point at a random offset from the cell's centre of at most 90 % of
// that inscribed radius, so the point lies inside the cell and its stored h3 is exactly
// latLngToCell(lat, lon, 9). A random sample of generated rows is re-checked with h3Cell after.
import { cellToBoundary, cellToLatLng, polygonToCells } from "h3-js";
import type { Db } from "../../src/platform/db.ts";
import { H3_RES, h3Cell } from "../../src/platform/geo.ts";
import { TENANT } from "./generate.ts";

const CITIZEN_EMAIL = "warga@example.com";
const BATCH = 100_000;
/** Slots of the weighted cell table: a row takes slot hash(g) mod SLOTS. */
const SLOTS = 200_000;
/** Metres per degree of latitude on the sphere geo.distanceMeters uses (R = 6,371,008.8 m). */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;

/** Palembang: [minLon, minLat, maxLon, maxLat]. */
export const PALEMBANG_BBOX: [number, number, number, number] = [104.62, -3.09, 104.87, -2.86];
/** Where reports cluster: the old centre (Pasar 16 Ilir / Ampera) and district centres; [lat, lon, weight, sigma km]. */
export const REPORT_CLUSTERS: Array<[number, number, number, number]> = [
  [-2.99, 104.758, 4, 2.5], // centre: 16 Ilir, Ampera, Jl. Sudirman
  [-2.955, 104.735, 2, 1.2], // Kemuning / Jl. Demang Lebar Daun
  [-2.93, 104.705, 2, 1.2], // Sukarami / Km 12
  [-2.96, 104.795, 2, 1.2], // Kenten / Kalidoni
  [-3.02, 104.785, 2, 1.2], // Jakabaring
  [-3.005, 104.72, 2, 1.2], // Bukit Kecil / Gandus
];
/** The dense area the nearby scenario looks in: within ~1.5 km of the centre cluster. */
export const DENSE_CENTRE = { lat: REPORT_CLUSTERS[0][0], lon: REPORT_CLUSTERS[0][1] };

/** Share of reports per category (real complaint categories of catalog/lapor.yaml); unknown keys are skipped. */
const CATEGORY_WEIGHTS: Record<string, number> = {
  "lapor-sampah": 20,
  "lapor-jalan-rusak": 18,
  "lapor-lampu-jalan": 12,
  "lapor-banjir-drainase": 10,
  "lapor-pohon-tumbang": 4,
  "lapor-parkir-liar": 6,
  "lapor-adminduk": 6,
  "lapor-pungli": 2,
  "lapor-kesehatan": 4,
  "lapor-pendidikan": 3,
  "lapor-lingkungan-kelurahan": 7,
  "lapor-aspirasi": 4,
  "lapor-informasi": 2,
  "lapor-lainnya": 2,
};

export interface GenerateReportsResult {
  reportsBefore: number;
  reportsGenerated: number;
  reportsAfter: number;
  openAfter: number;
  cells: number;
  categories: number;
  /** Sampled generated rows whose h3 was recomputed from lat/lon in JS, and how many matched. */
  h3Check: { sampled: number; matched: number };
  /** Open public reports of the densest cell (all categories) and of the average cell. */
  openPerCell: { max: number; mean: number };
  setupSeconds: number;
  reportSeconds: number;
  analyzeSeconds: number;
  totalSeconds: number;
}

const count = async (db: Db, sql: string) => Number((await db.one<{ n: string | number }>(sql, [TENANT]))!.n);

/** Distance in metres from (0,0) to the segment a–b, in a local plane (metres). */
function segmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

interface Cell {
  i: number;
  h3: string;
  lat: number;
  lon: number;
  /** Max offset from the centre in metres: 90 % of the inscribed radius. */
  jit: number;
  kel_i: number;
  n: number;
}

/** The res-9 cells covering the extent, with centre, safe jitter radius, a kelurahan block and their number of slots. */
function cellsOf(nkel: number): Cell[] {
  const [minLon, minLat, maxLon, maxLat] = PALEMBANG_BBOX;
  const ring = [
    [minLat, minLon],
    [minLat, maxLon],
    [maxLat, maxLon],
    [maxLat, minLon],
    [minLat, minLon],
  ];
  // Kelurahan: the extent cut into a grid of ≥ nkel blocks (spatially coherent, not the real boundaries).
  const cols = Math.ceil(Math.sqrt(nkel));
  const rows = Math.ceil(nkel / cols);
  const raw = polygonToCells(ring, H3_RES).map((h3) => {
    const [lat, lon] = cellToLatLng(h3);
    const kx = Math.cos((lat * Math.PI) / 180) * M_PER_DEG;
    const pts = cellToBoundary(h3).map(([la, lo]) => [(lo - lon) * kx, (la - lat) * M_PER_DEG]);
    let inradius = Number.POSITIVE_INFINITY;
    for (let k = 0; k < pts.length; k++) {
      const [ax, ay] = pts[k];
      const [bx, by] = pts[(k + 1) % pts.length];
      inradius = Math.min(inradius, segmentDistance(ax, ay, bx, by));
    }
    let w = 1;
    for (const [cLat, cLon, weight, sigmaKm] of REPORT_CLUSTERS) {
      const dy = (lat - cLat) * M_PER_DEG;
      const dx = (lon - cLon) * kx;
      w += weight * Math.exp(-(dx * dx + dy * dy) / (2 * (sigmaKm * 1000) ** 2));
    }
    const col = Math.min(cols - 1, Math.floor(((lon - minLon) / (maxLon - minLon)) * cols));
    const row = Math.min(rows - 1, Math.floor(((lat - minLat) / (maxLat - minLat)) * rows));
    return { h3, lat, lon, jit: 0.9 * inradius, kel_i: Math.max(0, row * cols + col) % nkel, w };
  });
  const total = raw.reduce((a, c) => a + c.w, 0);
  return raw.map((c, i) => ({ i, h3: c.h3, lat: c.lat, lon: c.lon, jit: c.jit, kel_i: c.kel_i, n: Math.max(1, Math.round((c.w / total) * SLOTS)) }));
}

/**
 * Adds `reports` complaint reports (cases of kind complaint + complaint_details) to the demo tenant:
 * ~20 % open (submitted / in_progress / responded, last 30 days), the rest closed over two years with
 * the lapor workflow's terminal states. Numbers `PREFIX-YYYY-<seq>` with seq above every counter; the
 * counters are bumped after. Runs ANALYZE on both tables.
 */
export async function generateReports(db: Db, opts: { reports: number; log?: (msg: string) => void }): Promise<GenerateReportsResult> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const reportsBefore = await count(db, "SELECT count(*) AS n FROM complaint_details WHERE tenant_id = $1");
  const citizen = await db.one<{ id: string }>("SELECT id FROM users WHERE tenant_id = $1 AND email = $2", [TENANT, CITIZEN_EMAIL]);
  if (!citizen) throw new Error(`demo citizen ${CITIZEN_EMAIL} not found`);

  for (const t of ["bench_rcell", "bench_rslot", "bench_rcat", "bench_rcatslot", "bench_rkel"]) await db.query(`DROP TABLE IF EXISTS ${t}`);
  // Categories: the real e-Lapor services (not the bench's "-v<n>" copies), with classification and routing.
  await db.query(
    `CREATE TEMP TABLE bench_rcat AS
    SELECT (row_number() OVER (ORDER BY s.key) - 1)::int AS i, s.key, s.prefix, s.current_version AS version, s.owner_unit_id,
           v.spec->'complaint'->>'classification' AS classification,
           coalesce((v.spec->'complaint'->>'anonymousAllowed')::boolean, false) AS anon_ok,
           v.spec->'complaint'->'routing'->>'local' AS local,
           u.id AS routed_unit_id
      FROM services s
      JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      LEFT JOIN org_units u ON u.tenant_id = s.tenant_id AND u.code = v.spec->'complaint'->'routing'->>'unit'
     WHERE s.tenant_id = $1 AND s.kind = 'complaint' AND s.active AND v.spec ? 'complaint' AND s.key = ANY(string_to_array($2, ','))`,
    [TENANT, Object.keys(CATEGORY_WEIGHTS).join(",")],
  );
  const cats = await db.query<{ i: number; key: string; prefix: string }>("SELECT i, key, prefix FROM bench_rcat ORDER BY i");
  if (!cats.length) throw new Error("no e-Lapor complaint categories found (catalog/lapor.yaml not seeded?)");
  // 100 category slots by weight.
  const weights = cats.map((c) => CATEGORY_WEIGHTS[c.key] ?? 0);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const catSlots: number[] = [];
  cats.forEach((c, k) => {
    const n = Math.round((weights[k] / wsum) * 100);
    for (let j = 0; j < n; j++) catSlots.push(c.i);
  });
  while (catSlots.length < 100) catSlots.push(cats[0].i);
  catSlots.length = 100;
  await db.query(
    "CREATE TEMP TABLE bench_rcatslot AS SELECT (ordinality - 1)::int AS s, cat::int AS cat FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS x(cat, ordinality)",
    [catSlots],
  );
  await db.query(
    `CREATE TEMP TABLE bench_rkel AS
    SELECT (row_number() OVER (ORDER BY k.code) - 1)::int AS i, k.id, k.code, p.code AS kec_code
      FROM org_units k JOIN org_units p ON p.id = k.parent_id
     WHERE k.tenant_id = $1 AND k.kind = 'kelurahan'`,
    [TENANT],
  );
  const nkel = Number((await db.one<{ n: number }>("SELECT count(*)::int AS n FROM bench_rkel"))!.n);
  if (!nkel) throw new Error("no kelurahan org units found");

  const cells = cellsOf(nkel);
  await db.query("CREATE TEMP TABLE bench_rcell (i int PRIMARY KEY, h3 text, lat float8, lon float8, jit float8, kel_i int, n int)");
  for (let k = 0; k < cells.length; k += 5000) {
    await db.query(
      "INSERT INTO bench_rcell SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, h3 text, lat float8, lon float8, jit float8, kel_i int, n int)",
      [cells.slice(k, k + 5000)],
    );
  }
  await db.query(
    `CREATE TEMP TABLE bench_rslot AS
    SELECT (row_number() OVER (ORDER BY c.i, s) - 1)::int AS s, c.i AS cell FROM bench_rcell c, generate_series(1, c.n) s`,
  );
  await db.query("ALTER TABLE bench_rslot ADD PRIMARY KEY (s)");
  const nslots = Number((await db.one<{ n: number }>("SELECT count(*)::int AS n FROM bench_rslot"))!.n);
  await db.query("ANALYZE bench_rcell");
  await db.query("ANALYZE bench_rslot");
  // Numbers above every existing counter (the cases generator does the same), so they never clash.
  const offset = (await db.one<{ m: number }>("SELECT coalesce(max(last), 0)::int + 1000 AS m FROM case_counters WHERE tenant_id = $1", [TENANT]))!.m;
  const t1 = performance.now();
  log(
    `reports: ${cells.length.toLocaleString("en-US")} H3 res-${H3_RES} cells over the extent, ${nslots.toLocaleString("en-US")} weighted slots, ${cats.length} categories (${((t1 - t0) / 1000).toFixed(1)} s)`,
  );

  // u(k): a uniform [0,1) number per row and purpose, from a hash of g (deterministic; no volatile random()).
  const u = (k: number) => `((hashint8(g::bigint * 32 + ${k})::bigint + 2147483648)::float8 / 4294967296.0)`;
  for (let from = 1; from <= opts.reports; from += BATCH) {
    const to = Math.min(opts.reports, from + BATCH - 1);
    const tb = performance.now();
    await db.query(
      `WITH src AS MATERIALIZED (
         SELECT g, gen_random_uuid() AS id, cat.key, cat.prefix, cat.version, cat.owner_unit_id, cat.classification,
                coalesce(CASE WHEN cat.local = 'kelurahan' THEN k.id END, cat.routed_unit_id) AS routed_unit_id,
                ce.h3, ce.lat + p.r * cos(p.a) / ${M_PER_DEG} AS lat, ce.lon + p.r * sin(p.a) / (${M_PER_DEG} * cos(radians(ce.lat))) AS lon,
                k.code AS kel_code, k.kec_code, cat.anon_ok AND ${u(9)} < 0.1 AS anonymous, ${u(10)} < 0.03 AS confidential,
                ${u(11)} < 0.005 AS hidden, st.state, st.open, st.outcome, t.sub,
                CASE WHEN st.open THEN NULL ELSE least(now(), t.sub + ${u(12)} * interval '20 days') END AS closed_at,
                ${u(13)} AS r1, ${u(14)} AS r2
           FROM generate_series($1::int, $2::int) g
           JOIN bench_rslot sl ON sl.s = (mod(hashint8(g::bigint * 32 + 1)::bigint + 2147483648, $3::bigint))::int
           JOIN bench_rcell ce ON ce.i = sl.cell
           JOIN bench_rcatslot cs ON cs.s = (mod(hashint8(g::bigint * 32 + 2)::bigint + 2147483648, 100))::int
           JOIN bench_rcat cat ON cat.i = cs.cat
           JOIN bench_rkel k ON k.i = ce.kel_i
           CROSS JOIN LATERAL (SELECT ce.jit * sqrt(${u(3)}) AS r, 2 * pi() * ${u(4)} AS a, ${u(5)} AS so, ${u(6)} AS ss) p
           CROSS JOIN LATERAL (SELECT
               CASE WHEN p.so < 0.2 THEN (CASE WHEN p.ss < 0.4 THEN 'submitted' WHEN p.ss < 0.85 THEN 'in_progress' ELSE 'responded' END)
                    ELSE (CASE WHEN p.ss < 0.6 THEN 'selesai' WHEN p.ss < 0.7 THEN 'tidak_dapat_ditindaklanjuti' WHEN p.ss < 0.78 THEN 'bukan_kewenangan'
                               WHEN p.ss < 0.9 THEN 'duplikat' ELSE 'diarsipkan' END) END AS state,
               p.so < 0.2 AS open,
               CASE WHEN p.so < 0.2 THEN NULL WHEN p.ss < 0.6 THEN 'success' WHEN p.ss < 0.78 THEN 'failure' WHEN p.ss < 0.9 THEN 'withdrawn' ELSE 'failure' END AS outcome) st
           CROSS JOIN LATERAL (SELECT now() - ${u(7)} * (CASE WHEN st.open THEN interval '30 days' ELSE interval '730 days' END) AS sub) t
       ),
       ins AS (
         INSERT INTO cases (id, tenant_id, number, tracking_token, service_key, service_version, kind, applicant_id, applicant_name, data,
                            state, is_open, outcome, version, assignee_unit_id, kecamatan_code, kelurahan_code, lat, lng, h3,
                            sla_due_at, state_due_at, escalated_at, submitted_at, closed_at, created_at, updated_at)
         SELECT s.id, $4, s.prefix || '-' || to_char(s.sub, 'YYYY') || '-' || lpad((s.g + $5::int)::text, greatest(6, length((s.g + $5::int)::text)), '0'),
                md5(s.id::text || s.g::text), s.key, s.version, 'complaint', $6::uuid,
                CASE WHEN s.anonymous THEN NULL ELSE 'Warga Bench ' || (s.g % 5000) END, '{}'::jsonb,
                s.state, s.open, s.outcome, CASE WHEN s.state = 'submitted' THEN 1 ELSE 3 END,
                CASE WHEN s.state IN ('submitted', 'diarsipkan') OR s.routed_unit_id IS NULL THEN s.owner_unit_id ELSE s.routed_unit_id END,
                s.kec_code, s.kel_code, s.lat, s.lon, s.h3,
                s.sub + interval '14 days',
                CASE s.state WHEN 'submitted' THEN s.sub + interval '4 days' WHEN 'in_progress' THEN s.sub + interval '9 days' END,
                -- overdue open reports count as escalated already, so the server's escalation job leaves them alone
                CASE WHEN s.state = 'submitted' AND s.sub + interval '4 days' < now() THEN s.sub + interval '4 days 1 hour'
                     WHEN s.state = 'in_progress' AND s.sub + interval '9 days' < now() THEN s.sub + interval '9 days 1 hour' END,
                s.sub, s.closed_at, s.sub,
                -- answered reports were answered within the last 20 h, so the auto-close job (> 1 day) leaves them alone
                CASE WHEN s.state = 'responded' THEN greatest(s.sub, now() - s.r1 * interval '20 hours')
                     WHEN s.open THEN least(now(), s.sub + s.r1 * interval '3 days') ELSE s.closed_at END
           FROM src s
         RETURNING id
       )
       INSERT INTO complaint_details (case_id, tenant_id, service_key, classification, title, description, lat, lon, h3, kelurahan_code, kecamatan_code,
                                      routed_unit_id, reporter_id, anonymous, confidential, support_count, rating, rated_at, first_response_at, hidden, created_at)
       SELECT s.id, $4, s.key, s.classification, CASE WHEN s.g % 3 = 0 THEN 'Laporan warga ' || s.g END,
              'Laporan bench #' || s.g || ': mohon ditindaklanjuti segera, kondisi sudah beberapa hari.', s.lat, s.lon, s.h3, s.kel_code, s.kec_code,
              s.routed_unit_id, $6::uuid, s.anonymous, s.confidential, floor(s.r2 * s.r2 * s.r2 * 25)::int,
              CASE WHEN NOT s.open AND s.r2 < 0.4 THEN 1 + (s.g % 5) END,
              CASE WHEN NOT s.open AND s.r2 < 0.4 THEN s.closed_at + interval '1 day' END,
              CASE WHEN s.state <> 'submitted' THEN s.sub + s.r1 * interval '2 days' END,
              s.hidden, s.sub
         FROM ins JOIN src s ON s.id = ins.id`,
      [from, to, nslots, TENANT, offset, citizen.id],
    );
    log(`reports ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
  }
  // New reports number after the generated ones, whatever the category and year.
  await db.query(
    `INSERT INTO case_counters (tenant_id, prefix, year, last)
     SELECT $1, c.prefix, y, $2::int FROM bench_rcat c
      CROSS JOIN generate_series(extract(year FROM now())::int - 3, extract(year FROM now())::int + 1) y
     ON CONFLICT (tenant_id, prefix, year) DO UPDATE SET last = GREATEST(case_counters.last, EXCLUDED.last)`,
    [TENANT, offset + opts.reports],
  );
  const t2 = performance.now();
  await db.query("ANALYZE cases");
  await db.query("ANALYZE complaint_details");
  const t3 = performance.now();
  log(`reports: counters bumped, ANALYZE cases + complaint_details in ${((t3 - t2) / 1000).toFixed(1)} s`);

  // lat/lon ↔ h3: recompute the cell of a random sample in JS.
  const sample = await db.query<{ lat: number; lon: number; h3: string }>(
    "SELECT lat, lon, h3 FROM complaint_details TABLESAMPLE BERNOULLI (2) WHERE tenant_id = $1 LIMIT 20000",
    [TENANT],
  );
  const matched = sample.filter((r) => h3Cell(Number(r.lat), Number(r.lon)) === r.h3).length;
  if (matched !== sample.length) throw new Error(`generated reports: ${sample.length - matched} of ${sample.length} sampled points are not in their h3 cell`);
  const dens = (await db.one<{ max: number; mean: number }>(
    `SELECT coalesce(max(n), 0)::int AS max, coalesce(avg(n), 0)::float8 AS mean FROM (
       SELECT count(*) AS n FROM cases WHERE tenant_id = $1 AND kind = 'complaint' AND is_open GROUP BY h3) x`,
    [TENANT],
  ))!;
  for (const t of ["bench_rcell", "bench_rslot", "bench_rcat", "bench_rcatslot", "bench_rkel"]) await db.query(`DROP TABLE IF EXISTS ${t}`);
  const reportsAfter = await count(db, "SELECT count(*) AS n FROM complaint_details WHERE tenant_id = $1");
  const openAfter = await count(db, "SELECT count(*) AS n FROM cases WHERE tenant_id = $1 AND kind = 'complaint' AND is_open");
  log(
    `reports: h3 of ${matched.toLocaleString("en-US")}/${sample.length.toLocaleString("en-US")} sampled points recomputed in JS: all match; open per cell: max ${dens.max}, mean ${Number(dens.mean).toFixed(1)}`,
  );
  return {
    reportsBefore,
    reportsGenerated: reportsAfter - reportsBefore,
    reportsAfter,
    openAfter,
    cells: cells.length,
    categories: cats.length,
    h3Check: { sampled: sample.length, matched },
    openPerCell: { max: dens.max, mean: Math.round(Number(dens.mean) * 10) / 10 },
    setupSeconds: (t1 - t0) / 1000,
    reportSeconds: (t2 - t1) / 1000,
    analyzeSeconds: (t3 - t2) / 1000,
    totalSeconds: (performance.now() - t0) / 1000,
  };
}
