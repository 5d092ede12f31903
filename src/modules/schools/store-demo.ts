/** SQL of the demo and benchmark data: many schools and months of reports in a few statements. */
import type { Queryable } from "../../platform/db.ts";

/**
 * Reports of every kind for the given schools and periods, generated in SQL: attendance per class (~94 % present),
 * facility counts, incidents, BOS; roughly one in eight late, the newest period partly missing. Existing rows are kept.
 */
export async function generateReports(q: Queryable, tenantId: string, unitIds: string[], periods: string[], dueDays: number) {
  await q.query(
    `INSERT INTO school_reports (tenant_id, unit_id, kind, period, state, data, due_on, late, submitted_at)
     SELECT $1, u.id, k.key, p.period,
            CASE WHEN p.period = $4 THEN 'submitted' ELSE 'accepted' END,
            CASE k.key
              WHEN 'kehadiran' THEN jsonb_build_object('hariEfektif', 20, 'guruHadir', 190, 'guruTidakHadir', 6 + (h % 5),
                'kelas', (SELECT jsonb_agg(jsonb_build_object('classId', c.dapodik_id, 'hadir', c.pupils * 19 - (h % 7), 'sakit', 1 + h % 4, 'izin', h % 3, 'alpa', (h / 7) % 4))
                            FROM school_classes c WHERE c.unit_id = u.id))
              WHEN 'sarpras' THEN jsonb_build_object('ruangKelasBaik', 6 + h % 4, 'ruangKelasRusak', h % 3, 'toiletBaik', 3, 'toiletRusak', h % 2, 'kerusakan', '[]'::jsonb)
              WHEN 'insiden' THEN jsonb_build_object('jumlah', CASE WHEN h % 9 = 0 THEN 1 ELSE 0 END, 'jenisUtama', CASE WHEN h % 9 = 0 THEN 'kecelakaan' ELSE 'tidak_ada' END)
              ELSE jsonb_build_object('saldoAwal', 15000000, 'penerimaan', 0, 'belanjaBarangJasa', 4000000 + h * 1000, 'belanjaModal', 1000000, 'honor', 2500000)
            END,
            (to_date(p.period || '-01', 'YYYY-MM-DD') + interval '1 month' + ($5 - 1) * interval '1 day')::date,
            h % 8 = 0,
            (to_date(p.period || '-01', 'YYYY-MM-DD') + interval '1 month' + ((CASE WHEN h % 8 = 0 THEN $5 + 3 ELSE 4 + h % 5 END)) * interval '1 day')
       FROM unnest($2::uuid[]) AS u(id)
       CROSS JOIN unnest($3::text[]) AS p(period)
       CROSS JOIN (SELECT key FROM school_report_kinds WHERE tenant_id = $1) k
       CROSS JOIN LATERAL (SELECT abs(hashtext(u.id::text || p.period || k.key)) % 1000 AS h) hh
      WHERE NOT (p.period = $4 AND h % 4 = 0)
     ON CONFLICT (tenant_id, unit_id, kind, period) DO NOTHING`,
    [tenantId, `{${unitIds.join(",")}}`, `{${periods.join(",")}}`, periods[periods.length - 1], dueDays],
  );
}
