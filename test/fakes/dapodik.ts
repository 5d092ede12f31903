/**
 * A local stand-in for Dapodik's web service (src/modules/schools/dapodik.ts), for tests and development: a real HTTP
 * server on 127.0.0.1 answering `GET /WebService/{getSekolah,getGtk,getPesertaDidik,getRombonganBelajar}?npsn=` for
 * the schools it holds. It checks the request as Dapodik does and fails like it: a missing or wrong bearer token is
 * HTTP 401 with "Access denied - You are not authorized to access this page. #1", no `npsn` is "Parameter NPSN harap
 * diisi", an unknown NPSN "Sekolah tidak ditemukan" (both HTTP 200 with text, as Dapodik answers them). Every request
 * is recorded (method, path, query, headers).
 */
import { createServer, type Server } from "node:http";
import type { DapodikGtk, DapodikPesertaDidik, DapodikRombel, DapodikSekolah } from "../../src/modules/schools/dapodik.ts";

export interface FakeSchool {
  sekolah: DapodikSekolah;
  gtk: DapodikGtk[];
  rombel: DapodikRombel[];
  pesertaDidik: DapodikPesertaDidik[];
}

export interface FakeDapodik {
  url: string;
  token: string;
  schools: Map<string, FakeSchool>;
  requests: Array<{ method: string; path: string; npsn: string | null; authorization: string | undefined; accept: string | undefined }>;
  close(): Promise<void>;
}

/** A school with `classes` rombel of `perClass` pupils each, a principal and `teachers` teachers. */
export function fakeSchool(
  npsn: string,
  name: string,
  opts: { level?: "SD" | "SMP"; kodeWilayah?: string; classes?: number; perClass?: number; teachers?: number } = {},
): FakeSchool {
  const classes = opts.classes ?? 6;
  const perClass = opts.perClass ?? 28;
  const rombel: DapodikRombel[] = Array.from({ length: classes }, (_, i) => ({
    rombongan_belajar_id: `rb-${npsn}-${i + 1}`,
    nama: `Kelas ${i + 1}A`,
    tingkat_pendidikan_id: String(i + 1 + (opts.level === "SMP" ? 6 : 0)),
    jenis_rombel_str: "Kelas",
    anggota_rombel: Array.from({ length: perClass }, (_, j) => ({ anggota_rombel_id: `ar-${i}-${j}` })),
  }));
  return {
    sekolah: {
      sekolah_id: `sk-${npsn}`,
      nama: name,
      npsn,
      bentuk_pendidikan_id_str: opts.level ?? "SD",
      status_sekolah_str: "Negeri",
      alamat_jalan: "Jl. Merdeka No. 1",
      kode_wilayah: opts.kodeWilayah ?? "116704  ",
      desa_kelurahan: "26 Ilir D. I",
      kecamatan: "Kec. Ilir Barat I",
      lintang: "-2.9761",
      bujur: "104.7458",
    },
    gtk: [
      { ptk_id: `ptk-${npsn}-0`, nama: "Hj. Sri Wahyuni, S.Pd.", jenis_ptk_id_str: "Kepala Sekolah", nip: "197001011995032001" },
      ...Array.from({ length: opts.teachers ?? 9 }, (_, i) => ({
        ptk_id: `ptk-${npsn}-${i + 1}`,
        nama: `Guru ${i + 1}`,
        jenis_ptk_id_str: "Guru Kelas",
        nip: null,
      })),
    ],
    rombel,
    pesertaDidik: rombel.flatMap((r) =>
      (r.anggota_rombel ?? []).map((_, j) => ({ peserta_didik_id: `pd-${r.rombongan_belajar_id}-${j}`, rombongan_belajar_id: r.rombongan_belajar_id })),
    ),
  };
}

export async function startFakeDapodik(token = "dapodik-ws-token-123"): Promise<FakeDapodik> {
  const fake = { token, schools: new Map<string, FakeSchool>(), requests: [] as FakeDapodik["requests"] } as FakeDapodik;
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const npsn = u.searchParams.get("npsn");
    fake.requests.push({ method: req.method ?? "", path: u.pathname, npsn, authorization: req.headers.authorization, accept: req.headers.accept });
    const text = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      res.end(body);
    };
    const m = /^\/WebService\/(getSekolah|getGtk|getPesertaDidik|getRombonganBelajar)$/.exec(u.pathname);
    if (req.method !== "GET" || !m) return text(404, "Not Found");
    if (req.headers.authorization !== `Bearer ${fake.token}`) return text(401, "Access denied - You are not authorized to access this page. #1");
    if (!npsn) return text(200, "Parameter NPSN harap diisi");
    const school = fake.schools.get(npsn);
    if (!school) return text(200, "Sekolah tidak ditemukan");
    const rows = m[1] === "getSekolah" ? school.sekolah : m[1] === "getGtk" ? school.gtk : m[1] === "getRombonganBelajar" ? school.rombel : school.pesertaDidik;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ results: Array.isArray(rows) ? rows.length : 1, id: npsn, start: 0, limit: 0, rows }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  fake.url = `http://127.0.0.1:${addr.port}`;
  fake.close = () => new Promise<void>((r) => server.close(() => r()));
  return fake;
}
