/**
 * Demo budget for Kota Palembang: price standards, RKA lines of five OPDs imported as a SIPD export would be,
 * the APBD approved, one pergeseran, and realisation to October — so the public page and console have data.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../platform/db.ts";
import { listTenants } from "../../platform/tenancy.ts";
import { findUserByIdentifier } from "../accounts/index.ts";
import { ensureCa } from "../documents/index.ts";
import type { BudgetCtx } from "./context.ts";
import { dayIn } from "./context.ts";
import { importLines, importRealisation } from "./import.ts";
import { approveYear, savePriceStandard, setDrafting, setPriceStandardsLocked } from "./locks.ts";
import { createRevision } from "./revisions.ts";
import * as store from "./store.ts";
import { lineKey } from "./codes.ts";

/** Sub kegiatan, kode rekening, uraian, volume, satuan, harga satuan, kode standar. */
type DemoLine = [string, string, string, number, string, number, string?];

/** The RKA lines of each OPD. */
const DEMO_RKA: Record<string, DemoLine[]> = {
  DISKOMINFO: [
    ["2.16.01.2.01.0001", "5.1.02.01.01.0024", "Alat tulis kantor penyusunan Renja", 12, "paket", 450000, "SSH-ATK-01"],
    ["2.16.01.2.01.0001", "5.1.02.01.01.0052", "Makan minum rapat penyusunan RKA", 240, "kotak", 40000, "SSH-MM-01"],
    ["2.16.02.2.01.0001", "5.1.02.04.01.0001", "Perjalanan dinas koordinasi komunikasi publik", 10, "OP", 3500000],
    ["2.16.03.2.02.0001", "5.1.02.02.01.0063", "Langganan internet pusat data kota", 12, "bulan", 45000000],
    ["2.16.03.2.02.0005", "5.2.02.10.01.0002", "Komputer operator command center", 20, "unit", 15000000, "SSH-PC-01"],
    ["2.16.03.2.02.0005", "5.1.02.02.01.0026", "Tenaga administrasi kota cerdas", 48, "OB", 3600000],
  ],
  DISDUKCAPIL: [
    ["2.12.01.2.02.0001", "5.1.01.01.01.0001", "Gaji pokok PNS Disdukcapil", 12, "bulan", 310000000],
    ["2.12.02.2.01.0001", "5.1.02.01.01.0026", "Blangko dan bahan cetak pelayanan", 12, "paket", 18500000],
    ["2.12.02.2.01.0001", "5.1.02.04.01.0001", "Jemput bola perekaman KTP-el", 40, "OP", 1500000],
  ],
  DINKES: [
    ["1.02.01.2.01.0001", "5.1.02.01.01.0024", "Alat tulis kantor perencanaan", 12, "paket", 400000, "SSH-ATK-01"],
    ["1.02.02.2.02.0001", "5.1.02.01.01.0052", "Makan minum kelas ibu hamil", 1800, "kotak", 35000, "SSH-MM-01"],
    ["1.02.02.2.02.0003", "5.1.02.04.01.0001", "Kunjungan neonatal ke kelurahan", 120, "OP", 750000],
  ],
  DISDAG: [
    ["3.30.04.2.01.0001", "5.1.02.04.01.0001", "Pemantauan harga di pasar", 96, "OP", 500000],
    ["3.30.04.2.01.0001", "5.1.02.01.01.0052", "Rapat koordinasi stabilisasi harga", 300, "kotak", 40000, "SSH-MM-01"],
  ],
  BPKAD: [["5.02.01.2.02.0001", "5.1.01.01.01.0001", "Gaji pokok PNS BPKAD", 12, "bulan", 420000000]],
};
const DEMO_LINES = Object.entries(DEMO_RKA).flatMap(([unit, lines]) => lines.map((l): [string, ...DemoLine] => [unit, ...l]));

const STANDARDS = [
  { kind: "SSH" as const, code: "SSH-ATK-01", name: "Paket alat tulis kantor", unit: "paket", price: 500000, accountCode: "5.1.02.01.01.0024" },
  { kind: "SSH" as const, code: "SSH-MM-01", name: "Nasi kotak rapat", unit: "kotak", price: 40000, accountCode: "5.1.02.01.01.0052" },
  { kind: "SSH" as const, code: "SSH-PC-01", name: "Personal computer kantor", unit: "unit", price: 16000000, accountCode: "5.2.02.10.01.0002" },
  { kind: "HSPK" as const, code: "HSPK-JLN-01", name: "Pengaspalan jalan lingkungan per m²", unit: "m2", price: 285000, accountCode: null },
  { kind: "ASB" as const, code: "ASB-RKT-01", name: "Rapat koordinasi tingkat kota (per kegiatan)", unit: "kegiatan", price: 25000000, accountCode: null },
];

/** A tiny PDF standing in for a signed decree (its hash is what the chain records). */
const fakeDecree = (title: string) => createHash("sha256").update(`%PDF-1.4 ${title}`).digest("hex");

export async function seedDemoBudget(db: Db, tenantId: string, caSecret: string) {
  const tenant = (await listTenants(db)).find((t) => t.id === tenantId);
  if (!tenant) return;
  const year = Number(dayIn(tenant.timezone).slice(0, 4));
  if (await store.getYear(db, tenantId, year)) return;
  const admin = await findUserByIdentifier(db, tenantId, { kind: "email", value: "admin@palembang.go.id" });
  const ctx: BudgetCtx = {
    tenantId,
    timezone: tenant.timezone,
    actorId: admin?.id ?? null,
    locale: "id",
    async cityKey(q) {
      const ca = await ensureCa(q, tenant, caSecret);
      return { key: ca.key, fingerprint: ca.fingerprint, certPem: ca.cert.toString() };
    },
  };
  for (const s of STANDARDS) await savePriceStandard(db, ctx, year, s);
  await setPriceStandardsLocked(db, ctx, year, true);
  const unitCodes = new Set(DEMO_LINES.map((l) => l[0]));
  for (const u of unitCodes) await setDrafting(db, ctx, year, u, true);
  const csv = [
    "kode_opd,kode_sub_kegiatan,kode_rekening,uraian,volume,satuan,harga_satuan,jumlah,kode_standar",
    ...DEMO_LINES.map(([u, s, a, d, v, m, p, std]) => [u, s, a, `"${d}"`, v, m, p, v * p, std ?? ""].join(",")),
  ].join("\n");
  await importLines(db, ctx, year, { filename: "rka-sipd.csv", bytes: Buffer.from(csv) }, unitCodes, () => true);
  await approveYear(db, ctx, year, {
    perdaNumber: `Perda Kota Palembang Nomor 12 Tahun ${year - 1} tentang APBD Tahun Anggaran ${year}`,
    approver: "DPRD Kota Palembang / Wali Kota Palembang",
    decreeSha256: fakeDecree(`perda-apbd-${year}`),
  });
  // Pergeseran: Rp 50 juta from internet subscription to command-centre computers (net zero).
  const internet = lineKey("DISKOMINFO", "2.16.03.2.02.0001", "5.1.02.02.01.0063", "Langganan internet pusat data kota");
  const pcs = lineKey("DISKOMINFO", "2.16.03.2.02.0005", "5.2.02.10.01.0002", "Komputer operator command center");
  await createRevision(
    db,
    ctx,
    year,
    {
      kind: "pergeseran",
      reason: "Tambahan komputer operator command center untuk layanan 112",
      approver: "Sekretaris Daerah Kota Palembang (Ketua TAPD)",
      decreeNumber: `Keputusan Wali Kota Palembang Nomor 410/KPTS/BPKAD/${year}`,
      changes: [
        { lineKey: internet, amount: 540_000_000 - 50_000_000 },
        { lineKey: pcs, amount: 300_000_000 + 50_000_000 },
      ],
    },
    fakeDecree(`pergeseran-1-${year}`),
    unitCodes,
  );
  const real = ["kode_opd,kode_sub_kegiatan,kode_rekening,bulan,realisasi"];
  DEMO_LINES.forEach(([u, s, a, , v, , p], i) => {
    const share = 0.45 + ((i * 37) % 40) / 100; // 45–84 % absorbed by October
    for (let m = 1; m <= 10; m++) real.push([u, s, a, m, Math.round((v * p * share) / 10)].join(","));
  });
  await importRealisation(db, ctx, year, { filename: "realisasi.csv", bytes: Buffer.from(real.join("\n")) }, unitCodes);
}
