/**
 * Disdik's dashboards: for a period, per kecamatan how many schools sent each report (on time, late) and which are
 * missing; attendance rate per month; one school's history; the same as an XLSX workbook.
 */
import { notFound } from "../../platform/errors.ts";
import { addMonths, dueOn, fieldError, isPeriod, kecamatanNames, requireReviewer, type SchoolsCtx, schoolFor, todayIn } from "./common.ts";
import * as store from "./store.ts";
import { loadExcel } from "../../platform/lazy.ts";

interface KindCount {
  submitted: number;
  accepted: number;
  returned: number;
  late: number;
  missing: number;
}

export async function periodOverview(ctx: SchoolsCtx, period: string) {
  await requireReviewer(ctx);
  if (!isPeriod(period)) throw fieldError("period", "format", "YYYY-MM");
  const today = todayIn(ctx.tenant.timezone);
  const [kinds, rows, schools] = await Promise.all([
    store.reportKinds(ctx.db, ctx.tenant.id),
    store.periodStatus(ctx.db, ctx.tenant.id, period),
    store.listSchools(ctx.db, ctx.tenant.id),
  ]);
  const kecName = await kecamatanNames(
    ctx.db,
    ctx.tenant.id,
    schools.map((s) => s.kecamatan_code),
  );
  const byKec = new Map<
    string,
    {
      code: string | null;
      name: string | null;
      schools: Set<string>;
      kinds: Record<string, KindCount>;
      missing: Record<string, { npsn: string; name: string }[]>;
    }
  >();
  const entry = (code: string | null) => {
    const k = code ?? "-";
    let e = byKec.get(k);
    if (!e) {
      e = { code, name: kecName.get(code) ?? null, schools: new Set(), kinds: {}, missing: {} };
      for (const kd of kinds) {
        e.kinds[kd.key] = { submitted: 0, accepted: 0, returned: 0, late: 0, missing: 0 };
        e.missing[kd.key] = [];
      }
      byKec.set(k, e);
    }
    return e;
  };
  const seen = new Map<string, Set<string>>();
  const info = new Map<string, { npsn: string; name: string; kec: string | null }>();
  for (const r of rows) {
    const e = entry(r.kecamatan_code);
    e.schools.add(r.unit_id);
    info.set(r.unit_id, { npsn: r.npsn, name: r.name, kec: r.kecamatan_code });
    if (!r.kind || !e.kinds[r.kind]) continue;
    (seen.get(r.unit_id) ?? seen.set(r.unit_id, new Set()).get(r.unit_id)!).add(r.kind);
    const c = e.kinds[r.kind];
    c.submitted++;
    if (r.state === "accepted") c.accepted++;
    if (r.state === "returned") c.returned++;
    if (r.late) c.late++;
  }
  for (const [unitId, s] of info) {
    const e = entry(s.kec);
    for (const kd of kinds)
      if (!seen.get(unitId)?.has(kd.key)) {
        e.kinds[kd.key].missing++;
        e.missing[kd.key].push({ npsn: s.npsn, name: s.name });
      }
  }
  return {
    period,
    kinds: kinds.map((k) => ({ key: k.key, name: k.name, dueOn: dueOn(period, k.dueDays), overdue: dueOn(period, k.dueDays) < today })),
    kecamatan: [...byKec.values()]
      .sort((a, b) => (a.code ?? "").localeCompare(b.code ?? ""))
      .map((e) => ({ code: e.code, name: e.name, schools: e.schools.size, kinds: e.kinds, missing: e.missing })),
  };
}

/** Attendance rate (present / all pupil-days) per month and kecamatan over `months` months up to `to`. */
export async function attendanceTrend(ctx: SchoolsCtx, to: string, months: number, unitId?: string) {
  if (unitId) await schoolFor(ctx, unitId, "read");
  else await requireReviewer(ctx);
  if (!isPeriod(to)) throw fieldError("to", "format", "YYYY-MM");
  const from = addMonths(to, -(months - 1));
  const rows = await store.attendanceSeries(ctx.db, ctx.tenant.id, from, to, unitId ?? null);
  const periods = Array.from({ length: months }, (_, i) => addMonths(from, i));
  const series = new Map<string, { code: string | null; rate: (number | null)[] }>();
  for (const r of rows) {
    const key = r.kecamatan_code ?? "-";
    const s = series.get(key) ?? series.set(key, { code: r.kecamatan_code, rate: periods.map(() => null) }).get(key)!;
    const total = Number(r.total);
    s.rate[periods.indexOf(r.period)] = total > 0 ? Math.round((Number(r.present) / total) * 1000) / 10 : null;
  }
  return { periods, series: [...series.values()] };
}

/** One school: its recent reports (Disdik or the school's staff). */
export async function schoolDetail(ctx: SchoolsCtx, unitId: string) {
  const s = await schoolFor(ctx, unitId, "read");
  if (!s) throw notFound("school-not-found");
  const reports = await store.reportsOfSchool(ctx.db, ctx.tenant.id, unitId, 120);
  const classes = await store.classesOf(ctx.db, ctx.tenant.id, unitId);
  return {
    unitId: s.unit_id,
    npsn: s.npsn,
    name: s.name,
    level: s.level,
    status: s.status,
    kecamatanCode: s.kecamatan_code,
    address: s.address,
    lat: s.lat,
    lon: s.lon,
    principalName: s.principal_name,
    pupils: s.pupils,
    teachers: s.teachers,
    source: s.source,
    importedAt: s.imported_at,
    classes: classes.map((c) => ({ id: c.dapodik_id, name: c.name, grade: c.grade, pupils: c.pupils })),
    reports: reports.map((r) => ({ id: r.id, kind: r.kind, period: r.period, state: r.state, late: r.late, dueOn: r.due_on, submittedAt: r.submitted_at })),
  };
}

/** The period overview as a workbook: one row per kecamatan and kind, and one row per school and kind. */
export async function overviewXlsx(ctx: SchoolsCtx, period: string): Promise<Buffer> {
  const o = await periodOverview(ctx, period);
  const status = await store.periodStatus(ctx.db, ctx.tenant.id, period);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Balai";
  const sum = wb.addWorksheet("Kecamatan");
  sum.addRow(["Kecamatan", "Sekolah", "Laporan", "Terkirim", "Diterima", "Dikembalikan", "Terlambat", "Belum kirim"]).font = { bold: true };
  for (const k of o.kecamatan)
    for (const kd of o.kinds) {
      const c = k.kinds[kd.key];
      sum.addRow([k.name ?? k.code ?? "-", k.schools, kd.name.id, c.submitted, c.accepted, c.returned, c.late, c.missing]);
    }
  const per = wb.addWorksheet("Sekolah");
  per.addRow(["NPSN", "Sekolah", "Kecamatan", "Laporan", "Status", "Terlambat"]).font = { bold: true };
  const kecName = new Map(o.kecamatan.map((k) => [k.code, k.name]));
  const byUnit = new Map<string, typeof status>();
  for (const r of status) (byUnit.get(r.unit_id) ?? byUnit.set(r.unit_id, []).get(r.unit_id)!).push(r);
  for (const rs of byUnit.values())
    for (const kd of o.kinds) {
      const r = rs.find((x) => x.kind === kd.key);
      per.addRow([
        rs[0].npsn,
        rs[0].name,
        kecName.get(rs[0].kecamatan_code) ?? rs[0].kecamatan_code,
        kd.name.id,
        r?.state ?? "belum kirim",
        r?.late ? "ya" : "",
      ]);
    }
  for (const ws of [sum, per]) for (const c of ws.columns) c.width = 22;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
