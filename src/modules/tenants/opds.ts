/**
 * The standard OPD (perangkat daerah) set of a kota, after PP No. 18 Tahun 2016 tentang Perangkat Daerah.
 * Codes are stable keys used by the service catalog (catalog/<code>.yaml).
 */
export interface OpdSeed {
  code: string;
  name: string;
  kind?: "opd" | "uptd" | "puskesmas" | "bidang";
  children?: OpdSeed[];
}

export const STANDARD_OPDS: OpdSeed[] = [
  {
    code: "DISKOMINFO",
    name: "Dinas Komunikasi dan Informatika",
    children: [
      { code: "DISKOMINFO-APTIKA", name: "Bidang Aplikasi Informatika", kind: "bidang" },
      { code: "DISKOMINFO-112", name: "UPTD Command Center dan Call Center 112", kind: "uptd" },
    ],
  },
  { code: "DISDUKCAPIL", name: "Dinas Kependudukan dan Pencatatan Sipil" },
  { code: "DPMPTSP", name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" },
  { code: "DISDAG", name: "Dinas Perdagangan" },
  { code: "DISHUB", name: "Dinas Perhubungan" },
  { code: "DINKES", name: "Dinas Kesehatan" },
  { code: "DLH", name: "Dinas Lingkungan Hidup" },
  { code: "PUPR", name: "Dinas Pekerjaan Umum dan Penataan Ruang" },
  { code: "DISDIK", name: "Dinas Pendidikan" },
  { code: "SATPOLPP", name: "Satuan Polisi Pamong Praja" },
  { code: "DAMKAR", name: "Dinas Pemadam Kebakaran dan Penyelamatan" },
  { code: "BPBD", name: "Badan Penanggulangan Bencana Daerah" },
  { code: "BPKAD", name: "Badan Pengelolaan Keuangan dan Aset Daerah" },
  { code: "BAPENDA", name: "Badan Pendapatan Daerah" },
  { code: "BAPPEDA", name: "Badan Perencanaan Pembangunan Daerah" },
  { code: "DINSOS", name: "Dinas Sosial" },
  { code: "DISNAKER", name: "Dinas Tenaga Kerja" },
  { code: "DISPERKIM", name: "Dinas Perumahan Rakyat dan Kawasan Permukiman" },
  { code: "DKUKM", name: "Dinas Koperasi dan Usaha Kecil Menengah" },
  { code: "DISBUDPAR", name: "Dinas Kebudayaan dan Pariwisata" },
  { code: "DPPPA", name: "Dinas Pemberdayaan Perempuan dan Perlindungan Anak" },
  { code: "DISPORA", name: "Dinas Pemuda dan Olahraga" },
  { code: "KESBANGPOL", name: "Badan Kesatuan Bangsa dan Politik" },
  { code: "BKPSDM", name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" },
  { code: "DKPP", name: "Dinas Ketahanan Pangan dan Pertanian" },
  { code: "DISARPUS", name: "Dinas Perpustakaan dan Kearsipan" },
  { code: "INSPEKTORAT", name: "Inspektorat Daerah" },
];

/** What Kota Palembang has beyond the standard set: its city hospital and puskesmas under Dinkes. */
export const PALEMBANG_EXTRA: { parent: string; units: OpdSeed[] }[] = [
  { parent: "PEMDA", units: [{ code: "RSUD", name: "RSUD Palembang BARI", kind: "uptd" }] },
  {
    parent: "DINKES",
    units: [
      { code: "PKM-DEMPO", name: "Puskesmas Dempo", kind: "puskesmas" },
      { code: "PKM-SEKIP", name: "Puskesmas Sekip", kind: "puskesmas" },
      { code: "PKM-MERDEKA", name: "Puskesmas Merdeka", kind: "puskesmas" },
      { code: "PKM-23ILIR", name: "Puskesmas 23 Ilir", kind: "puskesmas" },
      { code: "PKM-MAKRAYU", name: "Puskesmas Makrayu", kind: "puskesmas" },
      { code: "PKM-KENTEN", name: "Puskesmas Kenten", kind: "puskesmas" },
      { code: "PKM-SAKO", name: "Puskesmas Sako", kind: "puskesmas" },
      { code: "PKM-PLAJU", name: "Puskesmas Plaju", kind: "puskesmas" },
    ],
  },
];
