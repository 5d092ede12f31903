/**
 * The default periodic school reports, as data (like service specs): a form, a period, a deadline, who submits and
 * who reviews. Each tenant gets them on provisioning (`seedReportKinds`); a city changes them in its rows.
 * Field types (checked by ./forms.ts): integer, money (Rupiah), text, choice, perClass (one row per rombel with
 * integer columns), damageList (rooms/toilets damaged: item, kind, severity, photos).
 */
import type { Queryable } from "../../platform/db.ts";
import { ensureUnitUnder } from "../admin/index.ts";
import { insertReportKind } from "./store.ts";

export type L = { id: string; en: string };
export type FieldSpec =
  | { name: string; type: "integer" | "money"; label: L; required?: boolean; max?: number }
  | { name: string; type: "text"; label: L; required?: boolean; maxLength?: number }
  | { name: string; type: "choice"; label: L; required?: boolean; options: { value: string; label: L }[] }
  | { name: string; type: "perClass"; label: L; required?: boolean; columns: { name: string; label: L }[] }
  | { name: string; type: "damageList"; label: L; required?: boolean };

export interface ReportKind {
  key: string;
  name: L;
  form: { fields: FieldSpec[] };
  period: "monthly";
  dueDays: number;
  remindDays: number;
  submitterRoles: string[];
  reviewerRoles: string[];
  sort: number;
}

export const SEVERITIES = ["ringan", "sedang", "berat"] as const;
export const DAMAGE_KINDS = ["ruang_kelas", "toilet", "atap", "lantai", "pintu_jendela", "listrik_air", "lainnya"] as const;

/** Every default report: monthly, due on the 10th of the next month, a reminder 3 days before; the school submits, Disdik reviews. */
const MONTHLY: Pick<ReportKind, "period" | "dueDays" | "remindDays" | "submitterRoles" | "reviewerRoles"> = {
  period: "monthly",
  dueDays: 10,
  remindDays: 3,
  submitterRoles: ["kepala_sekolah", "operator_sekolah"],
  reviewerRoles: ["opd_admin", "opd_operator"],
};

export const DEFAULT_REPORT_KINDS: ReportKind[] = [
  {
    key: "kehadiran",
    name: { id: "Kehadiran bulanan siswa dan guru", en: "Monthly pupil and teacher attendance" },
    ...MONTHLY,
    sort: 1,
    form: {
      fields: [
        { name: "hariEfektif", type: "integer", label: { id: "Hari efektif sekolah", en: "School days" }, required: true, max: 31 },
        {
          name: "kelas",
          type: "perClass",
          label: { id: "Kehadiran siswa per rombel (jumlah hari-siswa)", en: "Pupil attendance per class (pupil-days)" },
          required: true,
          columns: [
            { name: "hadir", label: { id: "Hadir", en: "Present" } },
            { name: "sakit", label: { id: "Sakit", en: "Sick" } },
            { name: "izin", label: { id: "Izin", en: "Excused" } },
            { name: "alpa", label: { id: "Alpa", en: "Absent" } },
          ],
        },
        { name: "guruHadir", type: "integer", label: { id: "Hari-guru hadir", en: "Teacher-days present" }, required: true, max: 100000 },
        { name: "guruTidakHadir", type: "integer", label: { id: "Hari-guru tidak hadir", en: "Teacher-days absent" }, required: true, max: 100000 },
        { name: "catatan", type: "text", label: { id: "Catatan", en: "Notes" }, maxLength: 1000 },
      ],
    },
  },
  {
    key: "sarpras",
    name: { id: "Kondisi sarana dan prasarana", en: "Facility condition" },
    ...MONTHLY,
    sort: 2,
    form: {
      fields: [
        { name: "ruangKelasBaik", type: "integer", label: { id: "Ruang kelas baik", en: "Classrooms in good condition" }, required: true, max: 500 },
        { name: "ruangKelasRusak", type: "integer", label: { id: "Ruang kelas rusak", en: "Damaged classrooms" }, required: true, max: 500 },
        { name: "toiletBaik", type: "integer", label: { id: "Toilet baik", en: "Toilets in good condition" }, required: true, max: 500 },
        { name: "toiletRusak", type: "integer", label: { id: "Toilet rusak", en: "Damaged toilets" }, required: true, max: 500 },
        { name: "kerusakan", type: "damageList", label: { id: "Kerusakan (dengan foto)", en: "Damage (with photos)" } },
      ],
    },
  },
  {
    key: "insiden",
    name: { id: "Kejadian di sekolah", en: "Incidents at school" },
    ...MONTHLY,
    sort: 3,
    form: {
      fields: [
        { name: "jumlah", type: "integer", label: { id: "Jumlah kejadian", en: "Number of incidents" }, required: true, max: 1000 },
        {
          name: "jenisUtama",
          type: "choice",
          label: { id: "Jenis kejadian utama", en: "Main kind of incident" },
          options: [
            { value: "tidak_ada", label: { id: "Tidak ada", en: "None" } },
            { value: "kecelakaan", label: { id: "Kecelakaan", en: "Accident" } },
            { value: "perundungan", label: { id: "Perundungan", en: "Bullying" } },
            { value: "kekerasan", label: { id: "Kekerasan", en: "Violence" } },
            { value: "bencana", label: { id: "Bencana", en: "Disaster" } },
            { value: "lainnya", label: { id: "Lainnya", en: "Other" } },
          ],
        },
        { name: "uraian", type: "text", label: { id: "Uraian singkat (tanpa nama siswa)", en: "Short description (no pupil names)" }, maxLength: 2000 },
      ],
    },
  },
  {
    key: "bos",
    name: { id: "Ringkasan penggunaan dana BOS", en: "BOS fund use summary" },
    ...MONTHLY,
    sort: 4,
    form: {
      fields: [
        { name: "saldoAwal", type: "money", label: { id: "Saldo awal (Rp)", en: "Opening balance (Rp)" }, required: true },
        { name: "penerimaan", type: "money", label: { id: "Penerimaan (Rp)", en: "Received (Rp)" }, required: true },
        { name: "belanjaBarangJasa", type: "money", label: { id: "Belanja barang dan jasa (Rp)", en: "Goods and services (Rp)" }, required: true },
        { name: "belanjaModal", type: "money", label: { id: "Belanja modal (Rp)", en: "Capital spending (Rp)" }, required: true },
        { name: "honor", type: "money", label: { id: "Honor (Rp)", en: "Honoraria (Rp)" }, required: true },
      ],
    },
  },
];

/** Gives a tenant the default report kinds it does not have yet. */
export async function seedReportKinds(q: Queryable, tenantId: string): Promise<number> {
  let n = 0;
  for (const k of DEFAULT_REPORT_KINDS) if (await insertReportKind(q, tenantId, k)) n++;
  return n;
}

/** What every tenant gets: the report kinds, and Disdik's TPPK team unit that bullying/violence reports go to. */
export async function provisionSchools(q: Queryable, tenantId: string) {
  await ensureUnitUnder(q, tenantId, { parentCode: "DISDIK", kind: "bidang", code: "DISDIK-TPPK", name: "Tim TPPK Dinas Pendidikan" });
  return seedReportKinds(q, tenantId);
}
