/** The demo city's registered applications (so "Aplikasi & SSO" and client issuing work on a fresh `npm start`). */
import type { Db } from "../../platform/db.ts";
import { unitsByCode } from "../admin/index.ts";
import { addServerIn, updateAppIn } from "./infra.ts";
import { findApp, registerAppIn, type RegisterAppInput } from "./service.ts";
import { listSocialAccounts, registerSocialAccountIn, reviewSocialAccountIn } from "./social.ts";
import * as front from "./store-front.ts";

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

/** The two OPD pages the demo approves (their content also serves the registry test as a page to propose). */
export const DEMO_PAGES: Record<string, front.PageDraft> = {
  DISKOMINFO: {
    about: "Dinas Komunikasi dan Informatika mengelola Balai, aplikasi dan media sosial resmi Pemerintah Kota Palembang, jaringan dan server kota.",
    address: "Jl. Merdeka No. 1, Kantor Walikota Palembang",
    phone: "0711-000112",
    email: "diskominfo@palembang.go.id",
    website: "https://diskominfo.palembang.go.id",
    hours: [
      { days: "Senin–Kamis", time: "08.00–16.00" },
      { days: "Jumat", time: "08.00–16.30" },
    ],
    location: { lat: -2.9901, lon: 104.7587 },
  },
  DPMPTSP: {
    about: "Pelayanan perizinan dan nonperizinan satu pintu: izin usaha, PBG, reklame dan lainnya.",
    address: "Jl. Merdeka No. 1, Palembang",
    phone: "0711-000200",
    email: "dpmptsp@palembang.go.id",
    website: "",
    hours: [{ days: "Senin–Jumat", time: "08.00–15.00" }],
    location: { lat: -2.9915, lon: 104.7561 },
  },
};

/** The demo registry: three apps, the city's two servers (Balai on the first), official accounts, two approved OPD pages. */
export async function seedDemoRegistry(db: Db, tenantId: string) {
  if (await findApp(db, tenantId, "e-kinerja")) return;
  await db.tx(async (q) => {
    for (const app of DEMO_APPS) await registerAppIn(q, tenantId, app, null);
    await addServerIn(
      q,
      tenantId,
      { name: "srv-kominfo-01", location: "Ruang server Diskominfo, Kantor Walikota", vcpu: 16, memoryGb: 64, storageGb: 2000, runsBalai: true },
      null,
    );
    await addServerIn(
      q,
      tenantId,
      { name: "srv-kominfo-02", location: "Ruang server Diskominfo, Kantor Walikota", vcpu: 8, memoryGb: 32, storageGb: 4000 },
      null,
    );
    await updateAppIn(q, tenantId, "sipd-mirror", { server: "srv-kominfo-01", vcpuNeed: 2, memoryGbNeed: 4 }, null);
    await updateAppIn(q, tenantId, "e-kinerja", { server: "srv-kominfo-02", vcpuNeed: 2, memoryGbNeed: 6 }, null);
    const accounts = [
      {
        unitCode: "DISKOMINFO",
        platform: "instagram" as const,
        handle: "diskominfo.palembang",
        url: "https://www.instagram.com/diskominfo.palembang",
        adminName: "Humas Diskominfo",
      },
      {
        unitCode: "DISKOMINFO",
        platform: "youtube" as const,
        handle: "PemkotPalembang",
        url: "https://www.youtube.com/@PemkotPalembang",
        adminName: "Humas Diskominfo",
      },
      {
        unitCode: "DPMPTSP",
        platform: "instagram" as const,
        handle: "dpmptsp.palembang",
        url: "https://www.instagram.com/dpmptsp.palembang",
        adminName: "Humas DPMPTSP",
      },
      { unitCode: "DISDAG", platform: "facebook" as const, handle: "disdag.plg", url: "https://www.facebook.com/disdag.plg", adminName: "Staf Disdag" },
    ];
    for (const a of accounts) await registerSocialAccountIn(q, tenantId, a, null);
    for (const a of await listSocialAccounts(q, tenantId)) if (a.unitCode !== "DISDAG") await reviewSocialAccountIn(q, tenantId, a.id, true, null);
    const units = await unitsByCode(q, tenantId, Object.keys(DEMO_PAGES));
    for (const u of units) {
      await front.saveDraft(q, tenantId, u.id, DEMO_PAGES[u.code], null);
      await front.publishDraft(q, tenantId, u.id, null);
    }
  });
}
