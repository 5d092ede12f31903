/** SQL of the Dinkes dashboard: visits, waiting time and no-shows per puskesmas, poli, doctor and day. */
import type { Queryable } from "../../platform/db.ts";

export interface StatRow {
  key: string;
  label: string;
  facility: string | null;
  booked: number;
  served: number;
  no_show: number;
  cancelled: number;
  avg_wait_min: number | null;
}

const MEASURES = `count(*) FILTER (WHERE b.state <> 'batal')::int AS booked,
  count(*) FILTER (WHERE b.state = 'served')::int AS served,
  count(*) FILTER (WHERE b.state = 'tidak_hadir')::int AS no_show,
  count(*) FILTER (WHERE b.state = 'batal')::int AS cancelled,
  round(avg(extract(epoch FROM b.called_at - b.checked_in_at) / 60) FILTER (WHERE b.called_at IS NOT NULL AND b.checked_in_at IS NOT NULL)::numeric, 1)::float8 AS avg_wait_min`;

const GROUPS = {
  facility: { key: "f.id::text", label: "f.name", facility: "NULL::text" },
  poli: { key: "p.id::text", label: "p.name", facility: "f.name" },
  doctor: { key: "s.kodedokter::text || '@' || f.id::text", label: "s.namadokter", facility: "f.name" },
  day: { key: "b.date::text", label: "b.date::text", facility: "NULL::text" },
} as const;

export type StatGroup = keyof typeof GROUPS;

export function stats(q: Queryable, tenantId: string, by: StatGroup, from: string, to: string, facilityId: string | null): Promise<StatRow[]> {
  const g = GROUPS[by];
  return q.query<StatRow>(
    `SELECT ${g.key} AS key, ${g.label} AS label, ${g.facility} AS facility, ${MEASURES}
       FROM health_bookings b JOIN health_facilities f ON f.id = b.facility_id JOIN health_polis p ON p.id = b.poli_id
       JOIN health_schedules s ON s.id = b.schedule_id
      WHERE b.tenant_id = $1 AND b.date BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR b.facility_id = $4)
      GROUP BY 1, 2, 3 ORDER BY ${by === "day" ? "1" : "4 DESC, 2"}`,
    [tenantId, from, to, facilityId],
  );
}

/**
 * Demo history: for each doctor session of the last `days` days (holidays ignored), a plausible day of numbers
 * (60–90 % of the quota) ending served (~85 %), tidak hadir (~10 %) or batal, with waiting times of 10–70 minutes.
 */
export async function seedHistory(q: Queryable, tenantId: string, days: number): Promise<void> {
  await q.query(
    `WITH days AS (
       SELECT d::date AS date FROM generate_series(current_date - $2::int, current_date - 1, interval '1 day') d),
     sessions AS (
       SELECT s.id AS schedule_id, s.poli_id, p.facility_id, p.prefix, s.kodedokter, s.kapasitas, s.start_time, d.date,
              row_number() OVER (PARTITION BY s.poli_id, d.date ORDER BY s.start_time, s.id) AS session_no
         FROM health_schedules s JOIN health_polis p ON p.id = s.poli_id JOIN days d ON extract(isodow FROM d.date) = s.weekday
        WHERE s.tenant_id = $1),
     visits AS (
       SELECT ss.*, n, abs(hashtext(ss.schedule_id::text || ss.date::text || n::text)) % 1000 AS r
         FROM sessions ss, generate_series(1, ss.kapasitas) n
        WHERE n <= ss.kapasitas * (60 + abs(hashtext(ss.schedule_id::text || ss.date::text)) % 31) / 100)
     INSERT INTO health_bookings (tenant_id, facility_id, poli_id, schedule_id, kodedokter, date, number, code, source, state, nik,
        patient_name, token, booked_at, checked_in_at, called_at, served_at, ended_at)
     SELECT $1, facility_id, poli_id, schedule_id, kodedokter, date, n, prefix || '-' || lpad(n::text, 3, '0'),
            CASE WHEN r % 5 = 0 THEN 'mobilejkn' WHEN r % 5 = 1 THEN 'walkin' ELSE 'balai' END,
            CASE WHEN r < 850 THEN 'served' WHEN r < 950 THEN 'tidak_hadir' ELSE 'batal' END,
            '1671' || lpad((abs(hashtext(schedule_id::text || n::text || date::text)) % 1000000000000)::text, 12, '0'),
            'Pasien ' || n, md5(random()::text || schedule_id::text || n::text || date::text),
            (date - 1) + time '19:00',
            CASE WHEN r < 850 THEN date + start_time::time + make_interval(mins => n * 5 - 30) END,
            CASE WHEN r < 850 THEN date + start_time::time + make_interval(mins => n * 5 - 30 + 10 + r % 60) END,
            CASE WHEN r < 850 THEN date + start_time::time + make_interval(mins => n * 5 - 30 + 18 + r % 60) END,
            CASE WHEN r < 850 THEN date + start_time::time + make_interval(mins => n * 5 - 30 + 18 + r % 60)
                 ELSE date + start_time::time + interval '4 hours' END
       FROM visits WHERE session_no = 1`,
    [tenantId, days],
  );
}
