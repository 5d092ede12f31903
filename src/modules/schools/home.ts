/** The principal's and operator's start: their schools, and for each report kind the period now due and its state. */
import { dueOn, periodDueIn, reportingUnits, type SchoolsCtx, todayIn } from "./common.ts";
import * as store from "./store.ts";

export async function mySchools(ctx: SchoolsCtx) {
  const units = reportingUnits(ctx.actor);
  if (!units.length) return { schools: [] };
  const today = todayIn(ctx.tenant.timezone);
  const period = periodDueIn(today);
  const [schools, kinds] = await Promise.all([store.schoolsByUnits(ctx.db, ctx.tenant.id, units), store.reportKinds(ctx.db, ctx.tenant.id)]);
  const out = [];
  for (const s of schools) {
    const recent = await store.reportsOfSchool(ctx.db, ctx.tenant.id, s.unit_id, 24);
    out.push({
      unitId: s.unit_id,
      npsn: s.npsn,
      name: s.name,
      level: s.level,
      due: kinds.map((k) => {
        const r = recent.find((x) => x.kind === k.key && x.period === period);
        const due = dueOn(period, k.dueDays);
        return {
          kind: k.key,
          name: k.name,
          period,
          dueOn: due,
          overdue: !r && due < today,
          report: r ? { id: r.id, state: r.state, late: r.late, version: r.version, reviewComment: r.review_comment } : null,
        };
      }),
      recent: recent.map((r) => ({ id: r.id, kind: r.kind, period: r.period, state: r.state, late: r.late })),
    });
  }
  return { schools: out };
}
