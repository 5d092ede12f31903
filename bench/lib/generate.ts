// Bulk data for the volume scenarios: synthetic published services up to BENCH_SERVICES and
// BENCH_CASES generated cases, written straight into the store with INSERT … SELECT generate_series.
import type { Db } from "../../src/platform/db.ts";

export const TENANT = "16.71";
const CITIZEN_EMAIL = "warga@example.com";
const BATCH = 100_000;

export interface GenerateResult {
  servicesBefore: number;
  servicesAfter: number;
  casesBefore: number;
  casesGenerated: number;
  casesAfter: number;
  serviceSeconds: number;
  caseSeconds: number;
  analyzeSeconds: number;
  totalSeconds: number;
}

const count = async (db: Db, sql: string) => Number((await db.one<{ n: string | number }>(sql, [TENANT]))!.n);

/** Tops the demo tenant up to `services` published services and adds `cases` cases. Idempotent for services only. */
export async function generateData(db: Db, opts: { services: number; cases: number; log?: (msg: string) => void }): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const servicesBefore = await count(db, "SELECT count(*) AS n FROM services WHERE tenant_id = $1");
  const casesBefore = await count(db, "SELECT count(*) AS n FROM cases WHERE tenant_id = $1");

  // ---- services: copies of the real published ones, key "<key>-v<n>", prefix "Z" + 4 letters. Not of the
  // e-Lapor complaint categories: a city has 14, and every copy would be one more category nearby() and
  // createReport() load (listCategories); complaint cases come from generate-reports.ts with their details.
  const extra = Math.max(0, opts.services - servicesBefore);
  if (extra > 0) {
    if (extra > 26 ** 4) throw new Error(`BENCH_SERVICES too large (${opts.services})`);
    await db.tx(async (q) => {
      await q.query(
        `CREATE TEMP TABLE bench_src ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY key) - 1 AS r, s.* FROM services s
         WHERE tenant_id = $1 AND active AND current_version IS NOT NULL AND kind <> 'complaint'`,
        [TENANT],
      );
      await q.query(
        `CREATE TEMP TABLE bench_new ON COMMIT DROP AS
        SELECT s.key AS src_key, s.current_version AS src_version, g.k / n.cnt + 2 AS variant,
               s.key || '-v' || (g.k / n.cnt + 2) AS key,
               'Z' || chr(65 + (g.k / 17576) % 26) || chr(65 + (g.k / 676) % 26) || chr(65 + (g.k / 26) % 26) || chr(65 + g.k % 26) AS prefix
          FROM generate_series(0, $1::int - 1) g(k)
          CROSS JOIN (SELECT count(*)::int AS cnt FROM bench_src) n
          JOIN bench_src s ON s.r = g.k % n.cnt`,
        [extra],
      );
      const clash = await q.one<{ n: number }>(
        "SELECT count(*)::int AS n FROM bench_new b JOIN services s ON s.tenant_id = $1 AND (s.prefix = b.prefix OR s.key = b.key)",
        [TENANT],
      );
      if (clash!.n) throw new Error(`${clash!.n} synthetic service keys/prefixes clash with existing ones`);
      await q.query(
        `INSERT INTO services (tenant_id, key, prefix, kind, owner_unit_id, served_by, category, life_events, channel, active,
                                          current_version, name_id, name_en, search_text)
        SELECT s.tenant_id, b.key, b.prefix, s.kind, s.owner_unit_id, s.served_by, s.category, s.life_events, s.channel, true, 1,
               s.name_id || ' (varian ' || b.variant || ')', s.name_en || ' (variant ' || b.variant || ')', s.search_text || ' varian ' || b.variant
          FROM bench_new b JOIN services s ON s.tenant_id = $1 AND s.key = b.src_key`,
        [TENANT],
      );
      await q.query(
        `INSERT INTO service_versions (tenant_id, service_key, version, spec, status, published_at)
        SELECT v.tenant_id, b.key, 1,
               jsonb_set(jsonb_set(v.spec, '{key}', to_jsonb(b.key)), '{prefix}', to_jsonb(b.prefix)), 'published', now()
          FROM bench_new b JOIN service_versions v ON v.tenant_id = $1 AND v.service_key = b.src_key AND v.version = b.src_version`,
        [TENANT],
      );
    });
  }
  const servicesAfter = await count(db, "SELECT count(*) AS n FROM services WHERE tenant_id = $1");
  const t1 = performance.now();
  log(`services: ${servicesBefore} → ${servicesAfter} in ${((t1 - t0) / 1000).toFixed(1)} s`);

  // ---- cases
  const citizen = await db.one<{ id: string }>("SELECT id FROM users WHERE tenant_id = $1 AND email = $2", [TENANT, CITIZEN_EMAIL]);
  if (!citizen) throw new Error(`demo citizen ${CITIZEN_EMAIL} not found`);
  // Generated numbers use sequence values above every existing counter (lpad would truncate past 6 digits, hence greatest()), so they never clash with demo cases.
  const offset = (await db.one<{ m: number }>("SELECT coalesce(max(last), 0)::int + 1000 AS m FROM case_counters WHERE tenant_id = $1", [TENANT]))!.m;
  await db.query("DROP TABLE IF EXISTS bench_svc");
  await db.query("DROP TABLE IF EXISTS bench_kel");
  await db.query(
    `CREATE TEMP TABLE bench_svc AS
    SELECT (row_number() OVER (ORDER BY key) - 1)::int AS i, key, prefix, kind, owner_unit_id, served_by, current_version
      FROM services WHERE tenant_id = $1 AND active AND current_version IS NOT NULL AND kind <> 'complaint'`,
    [TENANT],
  );
  await db.query(
    `CREATE TEMP TABLE bench_kel AS
    SELECT (row_number() OVER (ORDER BY k.code) - 1)::int AS i, k.id, k.code, p.id AS kec_id, p.code AS kec_code
      FROM org_units k JOIN org_units p ON p.id = k.parent_id
     WHERE k.tenant_id = $1 AND k.kind = 'kelurahan'`,
    [TENANT],
  );
  const nsvc = Number((await db.one<{ n: number }>("SELECT count(*)::int AS n FROM bench_svc"))!.n);
  const nkel = Number((await db.one<{ n: number }>("SELECT count(*)::int AS n FROM bench_kel"))!.n);
  if (!nkel) throw new Error("no kelurahan org units found");
  for (let from = 1; from <= opts.cases; from += BATCH) {
    const to = Math.min(opts.cases, from + BATCH - 1);
    const tb = performance.now();
    // ~15 % open (submitted within the last 30 days, SLA due from 8 days ago to 12 days ahead),
    // the rest closed (completed / rejected) over the last two years.
    await db.query(
      `INSERT INTO cases (tenant_id, number, tracking_token, service_key, service_version, kind, applicant_id, applicant_name, data,
                          state, is_open, outcome, version, assignee_unit_id, kecamatan_code, kelurahan_code,
                          sla_due_at, state_due_at, submitted_at, closed_at, created_at, updated_at)
       SELECT $1, s.prefix || '-' || to_char(t.sub, 'YYYY') || '-' || lpad((g + $4::int)::text, greatest(6, length((g + $4::int)::text)), '0'),
              md5(random()::text || g::text), s.key, s.current_version, s.kind, $5::uuid, 'Warga Bench ' || (g % 5000), '{}'::jsonb,
              CASE WHEN o.open THEN (CASE WHEN g % 3 = 0 THEN 'verified' ELSE 'submitted' END)
                   WHEN g % 10 = 0 THEN 'rejected' ELSE 'completed' END,
              o.open,
              CASE WHEN o.open THEN NULL WHEN g % 10 = 0 THEN 'failure' ELSE 'success' END,
              3,
              CASE s.served_by WHEN 'kelurahan' THEN k.id WHEN 'kecamatan' THEN k.kec_id ELSE s.owner_unit_id END,
              k.kec_code, k.code,
              CASE WHEN o.open THEN now() + (random() * 20 - 8) * interval '1 day' ELSE t.sub + interval '5 days' END,
              CASE WHEN o.open THEN now() + (random() * 10 - 4) * interval '1 day' ELSE NULL END,
              t.sub,
              CASE WHEN o.open THEN NULL ELSE t.sub + random() * interval '5 days' END,
              t.sub, t.sub
         FROM generate_series($2::int, $3::int) g
         CROSS JOIN LATERAL (SELECT (g % 100) < 15 AS open) o
         CROSS JOIN LATERAL (SELECT now() - random() * (CASE WHEN o.open THEN interval '30 days' ELSE interval '730 days' END) AS sub) t
         JOIN bench_svc s ON s.i = g % $6::int
         JOIN bench_kel k ON k.i = (g / 7) % $7::int`,
      [TENANT, from, to, offset, citizen.id, nsvc, nkel],
    );
    log(`cases ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
  }
  // New submissions continue after the generated numbers, whatever the prefix and year.
  await db.query(
    `INSERT INTO case_counters (tenant_id, prefix, year, last)
     SELECT $1, s.prefix, y, $2::int FROM bench_svc s
      CROSS JOIN generate_series(extract(year FROM now())::int - 3, extract(year FROM now())::int + 1) y
     ON CONFLICT (tenant_id, prefix, year) DO UPDATE SET last = GREATEST(case_counters.last, EXCLUDED.last)`,
    [TENANT, offset + opts.cases],
  );
  await db.query("DROP TABLE bench_svc");
  await db.query("DROP TABLE bench_kel");
  const t2 = performance.now();
  await db.query("ANALYZE");
  const t3 = performance.now();
  const casesAfter = await count(db, "SELECT count(*) AS n FROM cases WHERE tenant_id = $1");
  return {
    servicesBefore,
    servicesAfter,
    casesBefore,
    casesGenerated: casesAfter - casesBefore,
    casesAfter,
    serviceSeconds: (t1 - t0) / 1000,
    caseSeconds: (t2 - t1) / 1000,
    analyzeSeconds: (t3 - t2) / 1000,
    totalSeconds: (t3 - t0) / 1000,
  };
}
