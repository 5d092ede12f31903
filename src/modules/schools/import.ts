/**
 * Schools come from Dapodik instead of being typed in: through its web service (./dapodik.ts) by NPSN, or from the
 * Excel export of Dapodik's school list (sheet "Sekolah") with an optional sheet "Pengguna" naming each school's
 * principal and operators (they become staff of their school). A workbook with any bad row is refused whole, with
 * the sheet, line and reason of every bad row; nothing is stored.
 */
import { randomBytes } from "node:crypto";
import type ExcelJS from "exceljs";
import type { Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { findUserByIdentifier, ensureUserByEmail, normalizeEmail } from "../accounts/index.ts";
import { ensureUnit, insertGrant, subtreeOfCode } from "../admin/index.ts";
import { listKecamatan } from "../tenants/index.ts";
import { DISDIK, NPSN, type SchoolsCtx, requireReviewer, schoolUnitCode } from "./common.ts";
import { type DapodikClient, DapodikError, type DapodikSnapshot } from "./dapodik.ts";
import * as store from "./store.ts";
import { loadExcel } from "../../platform/lazy.ts";

export interface ImportProblem {
  sheet?: string;
  line?: number;
  npsn?: string;
  field?: string;
  reason: string;
}

/** "Kec. Ilir Barat I" / "ILIR BARAT I" → the tenant's kecamatan code, by name. */
async function kecamatanMatcher(q: Queryable, tenantId: string) {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/^kec(amatan)?\.?\s+/, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  const byName = new Map((await listKecamatan(q, tenantId)).map((k) => [norm(k.name), k.code]));
  const codes = new Set(byName.values());
  return (s: string | null | undefined) => (s ? (codes.has(s.trim()) ? s.trim() : byName.get(norm(s))) : undefined);
}

const num = (v: unknown) => {
  const n = typeof v === "number" ? v : Number.parseFloat(String(v ?? "").replace(",", "."));
  return Number.isFinite(n) ? n : null;
};
const level = (s: string | null | undefined) => (s ? (/^SMP/i.test(s.trim()) ? "SMP" : /^SD/i.test(s.trim()) ? "SD" : null) : null);

async function disdikId(q: Queryable, tenantId: string) {
  const [id] = await subtreeOfCode(q, tenantId, DISDIK);
  if (!id) throw new AppError("disdik-missing", 409, { detail: "Unit DISDIK tidak ada / no DISDIK unit" });
  return id;
}

// ---- Dapodik web service ---------------------------------------------------------------------------

/** Fetches each NPSN from Dapodik and stores the school, its classes and head counts; failures are listed per NPSN. */
export async function importFromDapodik(ctx: SchoolsCtx, client: DapodikClient | undefined, npsns: string[]) {
  await requireReviewer(ctx);
  if (!client) throw new AppError("dapodik-not-configured", 409, { detail: "DAPODIK_URL / DAPODIK_TOKEN belum diatur" });
  const problems: ImportProblem[] = [];
  const imported: { npsn: string; name: string; unitId: string; classes: number; pupils: number; teachers: number }[] = [];
  const kec = await kecamatanMatcher(ctx.db, ctx.tenant.id);
  const parent = await disdikId(ctx.db, ctx.tenant.id);
  for (const raw of npsns) {
    const npsn = raw.trim().toUpperCase();
    if (!NPSN.test(npsn)) {
      problems.push({ npsn: raw, reason: "NPSN harus 8 karakter / NPSN must be 8 characters" });
      continue;
    }
    let snap: DapodikSnapshot;
    try {
      snap = await client.snapshot(npsn);
    } catch (err) {
      if (err instanceof DapodikError && err.reason === "unauthorized") throw err; // the same for every school
      problems.push({ npsn, reason: err instanceof DapodikError ? `${err.code}: ${err.message}` : String(err) });
      continue;
    }
    const s = snap.sekolah;
    const lv = level(s.bentuk_pendidikan_id_str);
    const kecamatan = kec(s.kecamatan);
    if (!lv) {
      problems.push({ npsn, field: "bentuk_pendidikan_id_str", reason: `bukan SD/SMP (${s.bentuk_pendidikan_id_str})` });
      continue;
    }
    if (!kecamatan) {
      problems.push({ npsn, field: "kecamatan", reason: `kecamatan "${s.kecamatan ?? ""}" bukan wilayah kota ini / not in this city` });
      continue;
    }
    const principal = snap.gtk.find((g) => /kepala sekolah/i.test(g.jenis_ptk_id_str ?? ""));
    const countByRombel = new Map<string, number>();
    for (const p of snap.pesertaDidik)
      if (p.rombongan_belajar_id) countByRombel.set(p.rombongan_belajar_id, (countByRombel.get(p.rombongan_belajar_id) ?? 0) + 1);
    const classes = snap.rombel
      .filter((r) => !r.jenis_rombel_str || /kelas/i.test(r.jenis_rombel_str))
      .map((r) => ({
        dapodikId: r.rombongan_belajar_id,
        name: r.nama,
        grade: num(r.tingkat_pendidikan_id),
        pupils: countByRombel.get(r.rombongan_belajar_id) ?? r.anggota_rombel?.length ?? 0,
      }));
    const unitId = await ctx.db.tx(async (q) => {
      const id = await ensureUnit(q, ctx.tenant.id, { parentId: parent, kind: "sekolah", code: schoolUnitCode(npsn), name: s.nama });
      await store.upsertSchool(q, ctx.tenant.id, id, {
        npsn,
        name: s.nama,
        level: lv,
        status: s.status_sekolah_str ?? "Negeri",
        dapodikId: s.sekolah_id,
        kecamatanCode: kecamatan,
        address: s.alamat_jalan ?? null,
        lat: num(s.lintang),
        lon: num(s.bujur),
        principalName: principal?.nama ?? null,
        pupils: snap.pesertaDidik.length,
        teachers: snap.gtk.filter((g) => g !== principal).length,
        source: "dapodik",
      });
      await store.replaceClasses(q, ctx.tenant.id, id, classes);
      await audit(q, {
        tenantId: ctx.tenant.id,
        actorId: ctx.actor.userId,
        action: "school.imported",
        subjectType: "org_unit",
        subjectId: id,
        data: { npsn, source: "dapodik" },
      });
      return id;
    });
    imported.push({ npsn, name: s.nama, unitId, classes: classes.length, pupils: snap.pesertaDidik.length, teachers: snap.gtk.length - (principal ? 1 : 0) });
  }
  return { imported, problems };
}

// ---- Excel export ----------------------------------------------------------------------------------

const SCHOOL_COLUMNS = {
  npsn: /^npsn$/,
  name: /^nama( sekolah)?$/,
  level: /^bentuk( pendidikan)?$|^jenjang$/,
  status: /^status/,
  address: /^alamat/,
  kecamatan: /^kecamatan/,
  lat: /^lintang/,
  lon: /^bujur/,
  principal: /^kepala sekolah/,
  pupils: /^(jumlah )?(pd|peserta didik|siswa)/,
  teachers: /^(jumlah )?(guru|ptk)/,
} as const;
const USER_COLUMNS = { npsn: /^npsn$/, name: /^nama$/, email: /^e-?mail$/, role: /^peran|^jabatan/ } as const;

function headerMap<K extends string>(row: ExcelJS.Row, cols: Record<K, RegExp>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  row.eachCell((cell, col) => {
    const t = String(cell.text ?? "")
      .trim()
      .toLowerCase();
    for (const [k, re] of Object.entries(cols) as [K, RegExp][]) if (out[k] === undefined && re.test(t)) out[k] = col;
  });
  return out;
}

/** Imports a Dapodik school-list workbook (XLSX). Throws 400 with every bad line; nothing stored then. */
export async function importExcel(ctx: SchoolsCtx, bytes: Buffer) {
  await requireReviewer(ctx);
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badRequest("validation-failed", { fields: [{ field: "file", code: "not-xlsx", message: "Bukan berkas Excel (.xlsx) / Not an .xlsx file" }] });
  }
  const sheet = wb.worksheets.find((w) => /sekolah/i.test(w.name)) ?? wb.worksheets[0];
  if (!sheet) throw badRequest("validation-failed", { fields: [{ field: "file", code: "empty" }] });
  const problems: ImportProblem[] = [];
  const kec = await kecamatanMatcher(ctx.db, ctx.tenant.id);
  // Dapodik's exports carry a title block: the header is the first row with an NPSN column.
  let headerRow = 0;
  let cols: Partial<Record<keyof typeof SCHOOL_COLUMNS, number>> = {};
  for (let i = 1; i <= Math.min(sheet.rowCount, 15) && !headerRow; i++) {
    const m = headerMap(sheet.getRow(i), SCHOOL_COLUMNS);
    if (m.npsn && m.name) [headerRow, cols] = [i, m];
  }
  if (!headerRow)
    throw badRequest("validation-failed", {
      fields: [{ field: "file", code: "no-header", message: "Kolom NPSN dan Nama Sekolah tidak ditemukan / NPSN and name columns not found" }],
    });
  const cell = (row: ExcelJS.Row, c: number | undefined) => (c ? String(row.getCell(c).text ?? "").trim() : "");
  const schools: (store.SchoolInput & { line: number })[] = [];
  const seen = new Set<string>();
  for (let i = headerRow + 1; i <= sheet.rowCount; i++) {
    const row = sheet.getRow(i);
    const npsn = cell(row, cols.npsn).toUpperCase();
    const name = cell(row, cols.name);
    if (!npsn && !name) continue;
    const bad = (field: string, reason: string) => problems.push({ sheet: sheet.name, line: i, npsn: npsn || undefined, field, reason });
    if (!NPSN.test(npsn)) {
      bad("NPSN", "NPSN harus 8 karakter / NPSN must be 8 characters");
      continue;
    }
    if (seen.has(npsn)) {
      bad("NPSN", "NPSN ganda / duplicate NPSN");
      continue;
    }
    seen.add(npsn);
    if (!name) bad("Nama Sekolah", "kosong / empty");
    const lv = level(cell(row, cols.level) || name);
    if (!lv) bad("Bentuk Pendidikan", "harus SD atau SMP / must be SD or SMP");
    const kecamatan = kec(cell(row, cols.kecamatan));
    if (!kecamatan) bad("Kecamatan", `"${cell(row, cols.kecamatan)}" bukan kecamatan kota ini / not a kecamatan of this city`);
    const lat = cell(row, cols.lat) ? num(cell(row, cols.lat)) : null;
    const lon = cell(row, cols.lon) ? num(cell(row, cols.lon)) : null;
    if ((lat !== null && (lat < -90 || lat > 90)) || (lon !== null && (lon < -180 || lon > 180)) || (cell(row, cols.lat) && lat === null))
      bad("Lintang/Bujur", "koordinat tidak sah / invalid coordinates");
    const int = (c: number | undefined, label: string) => {
      const t = cell(row, c);
      if (!t) return 0;
      const n = Number(t);
      if (!Number.isInteger(n) || n < 0 || n > 100000) bad(label, "bukan bilangan bulat / not a whole number");
      return Number.isInteger(n) ? n : 0;
    };
    const pupils = int(cols.pupils, "Jumlah PD");
    const teachers = int(cols.teachers, "Jumlah Guru");
    if (lv && kecamatan && name)
      schools.push({
        line: i,
        npsn,
        name,
        level: lv,
        status: cell(row, cols.status) || "Negeri",
        dapodikId: null,
        kecamatanCode: kecamatan,
        address: cell(row, cols.address) || null,
        lat,
        lon,
        principalName: cell(row, cols.principal) || null,
        pupils,
        teachers,
        source: "excel",
      });
  }
  // Sheet "Pengguna": principals and operators of the schools.
  const users: { line: number; npsn: string; name: string; email: string; role: "kepala_sekolah" | "operator_sekolah" }[] = [];
  const userSheet = wb.worksheets.find((w) => /pengguna/i.test(w.name));
  if (userSheet) {
    const h = headerMap(userSheet.getRow(1), USER_COLUMNS);
    for (let i = 2; i <= userSheet.rowCount; i++) {
      const row = userSheet.getRow(i);
      const npsn = cell(row, h.npsn).toUpperCase();
      const name = cell(row, h.name);
      const email = cell(row, h.email);
      const roleText = cell(row, h.role).toLowerCase();
      if (!npsn && !name && !email) continue;
      const bad = (field: string, reason: string) => problems.push({ sheet: userSheet.name, line: i, npsn: npsn || undefined, field, reason });
      const role = /kepala/.test(roleText) ? "kepala_sekolah" : /operator/.test(roleText) ? "operator_sekolah" : null;
      const known = seen.has(npsn) || !!(await store.schoolByNpsn(ctx.db, ctx.tenant.id, npsn));
      if (!known) bad("NPSN", "NPSN tidak dikenal / unknown NPSN");
      else if (!name) bad("Nama", "kosong / empty");
      else if (!normalizeEmail(email)) bad("Email", "alamat e-mail tidak sah / invalid e-mail");
      else if (!role) bad("Peran", "harus Kepala Sekolah atau Operator / must be Kepala Sekolah or Operator");
      else users.push({ line: i, npsn, name, email: normalizeEmail(email) as string, role });
    }
  }
  if (problems.length)
    throw new AppError("import-rejected", 400, {
      detail: JSON.stringify(problems.slice(0, 200)),
      fields: problems.slice(0, 200).map((p) => ({ field: `${p.sheet}!${p.line}:${p.field ?? ""}`, code: "invalid-row", message: p.reason })),
    });
  const parent = await disdikId(ctx.db, ctx.tenant.id);
  const unusable = await hashPassword(randomBytes(24).toString("base64url"));
  return ctx.db.tx(async (q) => {
    const units = new Map<string, string>();
    for (const s of schools) {
      const id = await ensureUnit(q, ctx.tenant.id, { parentId: parent, kind: "sekolah", code: schoolUnitCode(s.npsn), name: s.name });
      await store.upsertSchool(q, ctx.tenant.id, id, s);
      units.set(s.npsn, id);
    }
    let staff = 0;
    for (const u of users) {
      const unitId = units.get(u.npsn) ?? (await store.schoolByNpsn(q, ctx.tenant.id, u.npsn))!.unit_id;
      const existing = await findUserByIdentifier(q, ctx.tenant.id, { kind: "email", value: u.email });
      if (existing && existing.kind !== "staff")
        throw new AppError("import-rejected", 400, {
          fields: [{ field: `${userSheet!.name}!${u.line}:Email`, code: "invalid-row", message: "akun warga, bukan pegawai / a citizen account" }],
        });
      const userId =
        existing?.id ??
        (await ensureUserByEmail(q, { tenantId: ctx.tenant.id, kind: "staff", name: u.name, email: u.email, passwordHash: unusable, verified: true }));
      if (await insertGrant(q, { tenantId: ctx.tenant.id, userId, unitId, role: u.role, grantedBy: ctx.actor.userId })) staff++;
    }
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: ctx.actor.userId,
      action: "school.imported",
      subjectType: "tenant",
      subjectId: ctx.tenant.id,
      data: { source: "excel", schools: schools.length, staff },
    });
    return { schools: schools.length, staff };
  });
}
