/** Reads of the budget: years, lines with their programme names, absorption, open data and the public roots. */
import type { Queryable } from "../../platform/db.ts";
import { hierarchyOf, money } from "./codes.ts";
import * as store from "./store.ts";
import * as chainStore from "./store-chain.ts";

export async function overview(q: Queryable, tenantId: string, year: number) {
  const y = await store.getYear(q, tenantId, year);
  const locks = await store.locks(q, tenantId, year);
  const revisions = await store.revisions(q, tenantId, year);
  return {
    year,
    status: y?.status ?? "drafting",
    approvedAt: y?.approved_at ?? null,
    perdaNumber: y?.perda_number ?? null,
    perdaSha256: y?.perda_sha256 ?? null,
    priceStandardsLocked: y?.price_standards_locked ?? false,
    draftingOpen: locks.filter((l) => l.scope === "drafting" && l.open).map((l) => l.target),
    lockedSubActivities: locks.filter((l) => l.scope === "sub_kegiatan" && !l.open).map((l) => l.target),
    revisions: revisions.map((r) => ({
      number: r.number,
      kind: r.kind,
      reason: r.reason,
      approver: r.approver,
      decreeNumber: r.decree_number,
      decreeSha256: r.decree_sha256,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by_name,
      lines: Number(r.lines),
      netChange: Number(r.net_change),
    })),
  };
}

export async function years(q: Queryable, tenantId: string) {
  return (await store.listYears(q, tenantId)).map((y) => ({ year: y.year, status: y.status, approvedAt: y.approved_at, perdaNumber: y.perda_number }));
}

/** The year's lines (of one OPD, or all) with the names of their programme levels and account. */
export async function lineList(q: Queryable, tenantId: string, year: number, unitCode?: string) {
  const rows = await store.lines(q, tenantId, year, unitCode);
  const codes = new Set<string>();
  for (const r of rows) {
    const h = hierarchyOf(r.sub_activity_code);
    codes.add(h.program).add(h.kegiatan).add(h.subKegiatan).add(r.account_code);
  }
  const names = await store.nomenclatureNames(q, [...codes]);
  return rows.map((r) => {
    const h = hierarchyOf(r.sub_activity_code);
    return {
      lineKey: r.line_key,
      unitCode: r.unit_code,
      program: h.program,
      programName: names.get(h.program) ?? null,
      kegiatan: h.kegiatan,
      kegiatanName: names.get(h.kegiatan) ?? null,
      subActivityCode: r.sub_activity_code,
      subActivityName: names.get(r.sub_activity_code) ?? null,
      accountCode: r.account_code,
      accountName: names.get(r.account_code) ?? null,
      description: r.description,
      volume: Number(r.volume),
      measure: r.measure,
      unitPrice: Number(r.unit_price),
      amount: Number(r.amount),
      standardCode: r.standard_code,
    };
  });
}

/** Spending absorption (realisation ÷ budget) per OPD and per programme. */
export async function absorption(q: Queryable, tenantId: string, year: number, unitNames: Map<string, string>) {
  const rows = await store.absorption(q, tenantId, year);
  const names = await store.nomenclatureNames(q, [...new Set(rows.map((r) => r.program))]);
  const units = new Map<
    string,
    {
      unitCode: string;
      unitName: string;
      budget: number;
      realised: number;
      programs: { program: string; programName: string | null; budget: number; realised: number; pct: number }[];
    }
  >();
  for (const r of rows) {
    const budget = Number(r.budget);
    const realised = Number(r.realised);
    const u = units.get(r.unit_code) ?? { unitCode: r.unit_code, unitName: unitNames.get(r.unit_code) ?? r.unit_code, budget: 0, realised: 0, programs: [] };
    u.budget += budget;
    u.realised += realised;
    u.programs.push({ program: r.program, programName: names.get(r.program) ?? null, budget, realised, pct: pct(realised, budget) });
    units.set(r.unit_code, u);
  }
  const list = [...units.values()].map((u) => ({ ...u, pct: pct(u.realised, u.budget) }));
  const budget = list.reduce((s, u) => s + u.budget, 0);
  const realised = list.reduce((s, u) => s + u.realised, 0);
  return { year, budget, realised, pct: pct(realised, budget), units: list };
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : 0);

const CSV_FIELDS = [
  "tahun",
  "kode_opd",
  "kode_program",
  "kode_kegiatan",
  "kode_sub_kegiatan",
  "nama_sub_kegiatan",
  "kode_rekening",
  "nama_rekening",
  "uraian",
  "volume",
  "satuan",
  "harga_satuan",
  "jumlah",
] as const;

const csvCell = (v: unknown) => {
  const s = v == null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Open data: the year's current lines as CSV (the approved APBD with its recorded revisions). */
export async function openDataCsv(q: Queryable, tenantId: string, year: number): Promise<string> {
  const rows = await lineList(q, tenantId, year);
  const out = [CSV_FIELDS.join(",")];
  for (const r of rows)
    out.push(
      [
        year,
        r.unitCode,
        r.program,
        r.kegiatan,
        r.subActivityCode,
        r.subActivityName,
        r.accountCode,
        r.accountName,
        r.description,
        r.volume,
        r.measure,
        money(r.unitPrice),
        money(r.amount),
      ]
        .map(csvCell)
        .join(","),
    );
  return `${out.join("\r\n")}\r\n`;
}

/** A Fiscal Data Package (Open Spending) descriptor for the CSV: fields, measures and dimensions. */
export function fiscalDataPackage(tenant: { id: string; name: string; slug: string }, year: number, csvPath: string, status: string) {
  const str = (name: string, title: string) => ({ name, title, type: "string" });
  return {
    profile: "fiscal-data-package",
    name: `apbd-${tenant.slug}-${year}`,
    title: `APBD ${tenant.name} ${year}`,
    description: `Anggaran Pendapatan dan Belanja Daerah ${tenant.name} tahun ${year} (${status === "approved" ? "ditetapkan, dengan revisi tercatat" : "rancangan"}). Cermin SIPD di Balai.`,
    countryCode: "ID",
    licenses: [{ name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/", title: "Creative Commons Attribution 4.0" }],
    fiscalPeriod: { start: `${year}-01-01`, end: `${year}-12-31` },
    resources: [
      {
        name: "apbd",
        path: csvPath,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        schema: {
          fields: [
            { name: "tahun", title: "Tahun anggaran", type: "integer" },
            str("kode_opd", "Kode perangkat daerah"),
            str("kode_program", "Kode program"),
            str("kode_kegiatan", "Kode kegiatan"),
            str("kode_sub_kegiatan", "Kode sub kegiatan"),
            str("nama_sub_kegiatan", "Nama sub kegiatan"),
            str("kode_rekening", "Kode rekening"),
            str("nama_rekening", "Nama rekening"),
            str("uraian", "Uraian"),
            { name: "volume", title: "Volume", type: "number" },
            str("satuan", "Satuan"),
            { name: "harga_satuan", title: "Harga satuan", type: "number" },
            { name: "jumlah", title: "Jumlah (Rp)", type: "number" },
          ],
          primaryKey: ["kode_opd", "kode_sub_kegiatan", "kode_rekening", "uraian"],
        },
      },
    ],
    model: {
      measures: { jumlah: { source: "jumlah", currency: "IDR", title: "Jumlah" } },
      dimensions: {
        administrative: {
          dimensionType: "classification",
          classificationType: "administrative",
          primaryKey: ["kode_opd"],
          attributes: { kode_opd: { source: "kode_opd" } },
        },
        functional: {
          dimensionType: "classification",
          classificationType: "functional",
          primaryKey: ["kode_sub_kegiatan"],
          attributes: {
            kode_program: { source: "kode_program" },
            kode_kegiatan: { source: "kode_kegiatan" },
            kode_sub_kegiatan: { source: "kode_sub_kegiatan" },
            nama_sub_kegiatan: { source: "nama_sub_kegiatan", labelfor: "kode_sub_kegiatan" },
          },
        },
        economic: {
          dimensionType: "classification",
          classificationType: "economic",
          primaryKey: ["kode_rekening"],
          attributes: { kode_rekening: { source: "kode_rekening" }, nama_rekening: { source: "nama_rekening", labelfor: "kode_rekening" } },
        },
        activity: { dimensionType: "other", primaryKey: ["uraian"], attributes: { uraian: { source: "uraian" } } },
        date: { dimensionType: "datetime", primaryKey: ["tahun"], attributes: { tahun: { source: "tahun" } } },
      },
    },
  };
}

/** The published daily roots with their signatures, and the certificate to check them. */
export async function publicRoots(q: Queryable, tenantId: string, certPem: string) {
  const list = await chainStore.roots(q, tenantId, 60);
  return {
    algorithm: "ECDSA P-256 / SHA-256 over `balai-budget-root|{tenant}|{day}|{seq}|{rootHash}`",
    certificate: certPem,
    roots: list.map((r) => ({ day: r.day, seq: Number(r.seq), rootHash: r.root_hash, signature: r.signature, certFingerprint: r.cert_fingerprint })),
  };
}
