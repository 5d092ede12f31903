/**
 * Demo schools for Kota Palembang: the demo school (whose principal, operator and TPPK logins are in
 * tenants/demo.ts) and a dozen more SD/SMP across the kecamatan, with classes and a year of monthly reports so the
 * Disdik dashboard has something to show; this month's reports partly missing, a few late. Also used by the bench.
 */
import type { Db, Queryable } from "../../platform/db.ts";
import { ensureUnit, subtreeOfCode } from "../admin/index.ts";
import { listKecamatan } from "../tenants/index.ts";
import { addMonths, DISDIK, periodDueIn, schoolUnitCode, todayIn } from "./common.ts";
import { seedReportKinds } from "./report-kinds.ts";
import * as store from "./store.ts";
import { generateReports } from "./store-demo.ts";

export const DEMO_SCHOOL_NPSN = "10603001";

const NAMES = [
  "SD Negeri 1",
  "SD Negeri 2",
  "SD Negeri 4",
  "SD Negeri 7",
  "SD Negeri 12",
  "SD Negeri 21",
  "SMP Negeri 1",
  "SMP Negeri 3",
  "SMP Negeri 9",
  "SMP Negeri 17",
  "SD Negeri 33",
  "SMP Negeri 27",
];

/** Creates `count` schools (NPSN from `firstNpsn` up) with 6 classes each, spread over the tenant's kecamatan. */
export async function createSchools(q: Queryable, tenantId: string, count: number, firstNpsn: number, source: "demo" = "demo") {
  const [parent] = await subtreeOfCode(q, tenantId, DISDIK);
  const kec = await listKecamatan(q, tenantId);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const npsn = String(firstNpsn + i).padStart(8, "0");
    const base = NAMES[i % NAMES.length];
    const name = i < NAMES.length ? `${base} Palembang` : `${base.replace(/\d+$/, "")}${100 + i} Palembang`;
    const level = name.startsWith("SMP") ? "SMP" : "SD";
    const k = kec[i % kec.length];
    const id = await ensureUnit(q, tenantId, { parentId: parent, kind: "sekolah", code: schoolUnitCode(npsn), name });
    await store.upsertSchool(q, tenantId, id, {
      npsn,
      name,
      level,
      status: "Negeri",
      dapodikId: null,
      kecamatanCode: k?.code ?? null,
      address: `Jl. Pendidikan No. ${i + 1}`,
      lat: -2.99 + (i % 10) * 0.006,
      lon: 104.72 + Math.floor(i / 10) * 0.004,
      principalName: null,
      pupils: 6 * 28,
      teachers: 10,
      source,
    });
    await store.replaceClasses(
      q,
      tenantId,
      id,
      Array.from({ length: 6 }, (_, c) => ({
        dapodikId: `demo-${npsn}-${c + 1}`,
        name: `Kelas ${c + 1 + (level === "SMP" ? 6 : 0)}A`,
        grade: c + 1 + (level === "SMP" ? 6 : 0),
        pupils: 26 + ((i + c) % 6),
      })),
    );
    ids.push(id);
  }
  return ids;
}

/** The demo's schools and a year of reports; the demo school's own last period is left for the principal to send. */
export async function seedDemoSchools(db: Db, tenantId: string) {
  await db.tx(async (q) => {
    await seedReportKinds(q, tenantId);
    const ids = await createSchools(q, tenantId, NAMES.length, Number(DEMO_SCHOOL_NPSN));
    const due = periodDueIn(todayIn("Asia/Jakarta"));
    const periods = Array.from({ length: 12 }, (_, i) => addMonths(due, i - 11));
    await generateReports(q, tenantId, ids.slice(1), periods, 10);
    await generateReports(q, tenantId, ids.slice(0, 1), periods.slice(0, -1), 10);
  });
}
