// Demo e-Lapor reports for Kota Palembang, so a fresh `npm start` shows a living map, list and
// statistics. Filed and handled through the same service functions people use.
import { ensureUserByEmail } from "../accounts/index.ts";
import { act, spreadCaseHistory } from "../cases/index.ts";
import type { Db } from "../../platform/db.ts";
import type { FileStore } from "../../platform/files.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { actorForUser } from "../../platform/auth/sessions.ts";
import { TenantResolver } from "../../platform/tenancy.ts";
import { createReport } from "./file-report.ts";
import { confirmFix, uploadAfterPhoto } from "./fix-loop.ts";
import { rate } from "./reporter.ts";
import { hasReports, routedUnitOf, spreadReportDetails } from "./store-demo.ts";
import { loadSharp } from "../../platform/lazy.ts";

/** Residents who file the demo reports (not the demo login warga@example.com, whose "my reports" stay empty). */
const REPORTERS = [
  { name: "Rudi Hartono", email: "rudi.hartono@example.com" },
  { name: "Lestari Wulandari", email: "lestari.w@example.com" },
  { name: "Agus Salim", email: "agus.salim@example.com" },
];

type Step = "verify" | "respond" | "resolve";
interface DemoReport {
  category: string;
  lat: number;
  lon: number;
  kelurahan: string;
  title: string;
  description: string;
  anonymous?: boolean;
  confidential?: boolean;
  /** How far staff take it: verified and forwarded, answered, resolved (and rated). */
  until?: Step;
  rating?: number;
  data?: Record<string, unknown>;
}

// Real places, away from the city centre the browser tests use.
const REPORTS: DemoReport[] = [
  {
    category: "lapor-jalan-rusak",
    lat: -2.9448,
    lon: 104.7307,
    kelurahan: "16.71.07.1005",
    title: "Jalan berlubang di Jl. Kol. H. Burlian Km 6",
    description: "Lubang sedalam kira-kira 20 cm di lajur kiri arah bandara, sudah dua motor jatuh minggu ini.",
    until: "verify",
  },
  {
    category: "lapor-sampah",
    lat: -2.9396,
    lon: 104.7905,
    kelurahan: "16.71.08.1002",
    title: "Tumpukan sampah di pinggir Jl. Sako Baru",
    description: "Sampah rumah tangga menumpuk di lahan kosong dekat simpang, tidak diangkut sejak sepekan.",
    until: "verify",
  },
  {
    category: "lapor-banjir-drainase",
    lat: -2.9581,
    lon: 104.7897,
    kelurahan: "16.71.10.1002",
    title: "Drainase tersumbat di Kalidoni",
    description: "Setiap hujan deras air meluap ke jalan dan masuk ke rumah warga karena saluran tertutup lumpur.",
    until: "verify",
  },
  {
    category: "lapor-lampu-jalan",
    lat: -3.0007,
    lon: 104.7984,
    kelurahan: "16.71.14.1002",
    title: "Lampu jalan mati di Plaju Darat",
    description: "Tiga tiang lampu berturut-turut mati, jalan sangat gelap pada malam hari.",
  },
  {
    category: "lapor-pohon-tumbang",
    lat: -3.0188,
    lon: 104.7836,
    kelurahan: "16.71.17.1003",
    title: "Pohon tumbang menutup sebagian jalan",
    description: "Pohon besar tumbang setelah hujan angin dan menutup separuh badan jalan dekat Jakabaring.",
    until: "verify",
  },
  {
    category: "lapor-jalan-rusak",
    lat: -3.0301,
    lon: 104.7421,
    kelurahan: "16.71.13.1002",
    title: "Aspal mengelupas di Kemang Agung",
    description: "Permukaan jalan rusak sepanjang kira-kira 50 meter, berdebu saat kemarau dan berlumpur saat hujan.",
  },
  {
    category: "lapor-adminduk",
    lat: -2.9691,
    lon: 104.7562,
    kelurahan: "16.71.09.1003",
    title: "KTP-el belum jadi",
    description: "Sudah rekam KTP-el tiga bulan lalu, tetapi sampai sekarang belum bisa diambil.",
    until: "resolve",
    rating: 4,
  },
  {
    category: "lapor-adminduk",
    lat: -2.9636,
    lon: 104.7418,
    kelurahan: "16.71.04.1002",
    title: "Perubahan data KK belum selesai",
    description: "Permohonan perubahan alamat di KK sudah lewat batas waktu layanan.",
    until: "respond",
  },
  {
    category: "lapor-lingkungan-kelurahan",
    lat: -2.9802,
    lon: 104.7404,
    kelurahan: "16.71.04.1003",
    title: "Saluran air di gang tersumbat",
    description: "Saluran di gang belakang masjid tersumbat sampah plastik, mohon kerja bakti atau pengangkutan.",
    until: "resolve",
    rating: 5,
  },
  {
    category: "lapor-kesehatan",
    lat: -2.9095,
    lon: 104.7049,
    kelurahan: "16.71.07.1004",
    title: "Antrean puskesmas sangat panjang",
    description: "Pendaftaran pasien dibuka terlambat dan nomor antrean habis sebelum jam 9.",
    anonymous: true,
  },
  {
    category: "lapor-pendidikan",
    lat: -3.0046,
    lon: 104.7703,
    kelurahan: "16.71.17.1001",
    title: "Atap ruang kelas bocor",
    description: "Atap dua ruang kelas bocor sehingga kegiatan belajar terganggu saat hujan.",
    until: "verify",
  },
  {
    category: "lapor-parkir-liar",
    lat: -2.9553,
    lon: 104.7521,
    kelurahan: "16.71.09.1002",
    title: "Parkir liar di bahu jalan",
    description: "Kendaraan parkir di bahu jalan depan pertokoan sehingga jalan macet pada jam pulang kerja.",
  },
  {
    category: "lapor-aspirasi",
    lat: -2.9958,
    lon: 104.7401,
    kelurahan: "16.71.01.1003",
    title: "Usul taman bermain anak",
    description: "Lahan kosong milik pemerintah di 30 Ilir bisa dijadikan taman bermain anak dan ruang terbuka hijau.",
  },
  {
    category: "lapor-pungli",
    lat: -2.9433,
    lon: 104.7622,
    kelurahan: "16.71.09.1001",
    title: "Pungutan di luar ketentuan",
    description: "Diminta membayar biaya tambahan yang tidak ada dalam daftar tarif resmi.",
    anonymous: true,
    confidential: true,
  },
];

async function actorOf(db: Db, tenantId: string, email: string): Promise<Actor> {
  const actor = await actorForUser(db, tenantId, email, "demo-seed");
  if (!actor) throw new Error(`demo user ${email} missing`);
  return actor;
}

/** Files and partly handles the demo reports (once: only when the tenant has none). */
export async function seedDemoReports(db: Db, files: FileStore, tenantId: string, password: string): Promise<number> {
  if (await hasReports(db, tenantId)) return 0;
  const tenant = await new TenantResolver(db).resolve(undefined, tenantId);
  const hash = await hashPassword(password);
  for (const r of REPORTERS) {
    await ensureUserByEmail(db, { tenantId, kind: "citizen", name: r.name, email: r.email, passwordHash: hash, verified: true });
  }
  const reporters = await Promise.all(REPORTERS.map((r) => actorOf(db, tenantId, r.email)));
  const kominfo = await actorOf(db, tenantId, "admin@palembang.go.id");
  const handlers = [await actorOf(db, tenantId, "operator.dukcapil@palembang.go.id"), await actorOf(db, tenantId, "lurah@palembang.go.id")];
  let filed = 0;
  const ids: string[] = [];
  for (const [i, r] of REPORTS.entries()) {
    const reporter = reporters[i % reporters.length];
    const ctx = (actor: Actor) => ({ db, tenant, actor, files });
    const created = await createReport(ctx(reporter), {
      category: r.category,
      lat: r.lat,
      lon: r.lon,
      kelurahan: r.kelurahan,
      title: r.title,
      description: r.description,
      anonymous: r.anonymous ?? false,
      confidential: r.confidential ?? false,
      data: r.data,
    });
    filed++;
    ids.push(created.id);
    if (!r.until) continue;
    const c = await routedUnitOf(db, tenantId, created.id);
    if (!c?.code) continue;
    let v = (
      await act(ctx(kominfo), created.id, "verify", { version: c.version, forwardTo: c.code, comment: "Diverifikasi, diteruskan ke unit yang berwenang." })
    ).version;
    if (r.until === "verify") continue;
    const handler = handlers.find((h) => h.grants.some((g) => g.unitCode === c.code));
    if (!handler) continue;
    v = (await act(ctx(handler), created.id, "respond", { version: v, comment: "Sudah kami tindak lanjuti; mohon dicek kembali." })).version;
    if (r.until === "respond") continue;
    // Closing the loop: the after-photo first (required for visible fixes), then "resolve".
    const after = await (await loadSharp())({ create: { width: 640, height: 480, channels: 3, background: "#5a8f3c" } })
      .jpeg()
      .toBuffer();
    await uploadAfterPhoto(ctx(handler), created.id, "sesudah.jpg", after);
    await act(ctx(handler), created.id, "resolve", { version: v, comment: "Masalah sudah selesai ditangani di lokasi." });
    // The reporter of a 5-star fix confirms it; the others' fixes wait for the reporter (the confirm panel).
    if (r.rating && r.rating >= 5) await confirmFix(ctx(reporter), created.id);
    if (r.rating) await rate(ctx(reporter), created.id, r.rating, r.rating >= 5 ? "Cepat dan tuntas, terima kasih." : "Selesai, walau agak lama.");
  }
  await spreadOverTime(db, tenantId, ids);
  return filed;
}

/**
 * The reports above were filed and handled within a second; spread them over the last weeks (report i
 * filed 2 + 3i days ago, each later step of its history a working day after the one before) so the map,
 * the list and the response-time statistics look like a city's. The audit log keeps the real times.
 */
async function spreadOverTime(db: Db, tenantId: string, ids: string[]) {
  const STEP = "26 hours";
  for (const [i, id] of ids.entries()) {
    await db.tx(async (q) => {
      const c = await spreadCaseHistory(q, tenantId, id, 2 + 3 * i, STEP);
      await spreadReportDetails(q, tenantId, id, c.submitted_at, c.updated_at, STEP);
    });
  }
}
