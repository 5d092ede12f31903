/** The demo city's registered applications (so "Aplikasi & SSO" and client issuing work on a fresh `npm start`). */
import type { Db } from "../../platform/db.ts";
import { findApp, registerApp, type RegisterAppInput } from "./service.ts";

const DEMO_APPS: RegisterAppInput[] = [
  {
    key: "e-kinerja",
    name: "e-Kinerja ASN",
    ownerUnitCode: "BKPSDM",
    purpose: "Laporan kinerja harian pegawai",
    url: "https://ekinerja.palembang.go.id",
    hosting: "city",
    dataProcessed: "NIP, nama, jabatan, capaian kinerja",
    dataClassification: "internal",
    status: "production",
    lastSecurityAssessment: "2025-08-14",
  },
  {
    key: "sipd-mirror",
    name: "Cermin anggaran SIPD",
    ownerUnitCode: "BPKAD",
    purpose: "Cermin anggaran yang tahan ubah dan jendela publik APBD",
    url: "https://anggaran.palembang.go.id",
    hosting: "balai",
    usesSplp: true,
    dataProcessed: "RKA, DPA, realisasi",
    dataClassification: "public",
    status: "development",
  },
  {
    key: "bansos-dinsos",
    name: "Sistem Bantuan Sosial",
    ownerUnitCode: "DINSOS",
    purpose: "Verifikasi dan penyaluran bantuan sosial",
    url: "https://bansos.palembang.go.id",
    hosting: "pdn",
    usesSplp: true,
    dataProcessed: "NIK, nama, alamat, status DTKS",
    dataClassification: "confidential",
    status: "production",
    lastSecurityAssessment: "2024-11-02",
    duplicatesNational: "SIKS-NG (Kemensos)",
  },
];

export async function seedDemoRegistry(db: Db, tenantId: string) {
  for (const app of DEMO_APPS) {
    if (await findApp(db, tenantId, app.key)) continue;
    await db.tx((q) => registerApp(q, tenantId, app, null));
  }
}
