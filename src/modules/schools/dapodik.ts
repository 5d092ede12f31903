/**
 * Adapter for Dapodik's local web service (the "Web Service" a school operator enables in Dapodik's settings, port 5774
 * by default): `GET {DAPODIK_URL}/WebService/{getSekolah|getGtk|getPesertaDidik|getRombonganBelajar}?npsn=NPSN` with
 * `Authorization: Bearer {token}`, answering `{results, id, start, limit, rows}` (rows: one object for getSekolah, a
 * list otherwise). A wrong token answers "Access denied - You are not authorized to access this page. #1", a missing
 * NPSN "Parameter NPSN harap diisi", an unknown school "Sekolah tidak ditemukan" (as text, with HTTP 200 or 4xx).
 * Field names follow Dapodik's own (sekolah_id, nama, npsn, bentuk_pendidikan_id_str, kode_wilayah, lintang, bujur,
 * ptk_id, jenis_ptk_id_str, rombongan_belajar_id, tingkat_pendidikan_id, anggota_rombel, …).
 */
import { AppError } from "../../platform/errors.ts";

export interface DapodikSekolah {
  sekolah_id: string;
  nama: string;
  npsn: string;
  bentuk_pendidikan_id_str: string;
  status_sekolah_str?: string | null;
  alamat_jalan?: string | null;
  kode_wilayah?: string | null;
  desa_kelurahan?: string | null;
  kecamatan?: string | null;
  lintang?: string | number | null;
  bujur?: string | number | null;
}
export interface DapodikGtk {
  ptk_id: string;
  nama: string;
  jenis_ptk_id_str?: string | null;
  nip?: string | null;
}
export interface DapodikRombel {
  rombongan_belajar_id: string;
  nama: string;
  tingkat_pendidikan_id?: string | number | null;
  jenis_rombel_str?: string | null;
  anggota_rombel?: unknown[] | null;
}
export interface DapodikPesertaDidik {
  peserta_didik_id: string;
  rombongan_belajar_id?: string | null;
}

interface Envelope<T> {
  results: number;
  rows: T;
}

export interface DapodikSnapshot {
  sekolah: DapodikSekolah;
  gtk: DapodikGtk[];
  rombel: DapodikRombel[];
  pesertaDidik: DapodikPesertaDidik[];
}

/** What goes wrong talking to Dapodik, as a domain error with the school's NPSN (the import reports it per school). */
export type DapodikFailure = "unauthorized" | "npsn-missing" | "school-not-found" | "unreachable" | "bad-response";
export class DapodikError extends AppError {
  readonly reason: DapodikFailure;
  readonly npsn: string;
  constructor(reason: DapodikFailure, npsn: string, detail: string) {
    super(`dapodik-${reason}`, 502, { detail, params: { npsn } });
    this.reason = reason;
    this.npsn = npsn;
  }
}

export class DapodikClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  constructor(baseUrl: string, token: string, timeoutMs = 15_000) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  private async get<T>(fn: string, npsn: string): Promise<Envelope<T>> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/WebService/${fn}?npsn=${encodeURIComponent(npsn)}`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new DapodikError("unreachable", npsn, `${fn}: ${(err as Error).message}`);
    }
    const text = await res.text();
    // Dapodik answers its errors as text, sometimes with HTTP 200.
    if (/Access denied/i.test(text) || res.status === 401 || res.status === 403) throw new DapodikError("unauthorized", npsn, `${fn}: token ditolak Dapodik`);
    if (/Parameter NPSN harap diisi/i.test(text)) throw new DapodikError("npsn-missing", npsn, `${fn}: NPSN kosong`);
    if (/Sekolah tidak ditemukan/i.test(text) || res.status === 404) throw new DapodikError("school-not-found", npsn, `${fn}: sekolah tidak ditemukan`);
    if (!res.ok) throw new DapodikError("bad-response", npsn, `${fn}: HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DapodikError("bad-response", npsn, `${fn}: not JSON`);
    }
    if (!body || typeof body !== "object" || !("rows" in body)) throw new DapodikError("bad-response", npsn, `${fn}: no rows`);
    return body as Envelope<T>;
  }

  async sekolah(npsn: string): Promise<DapodikSekolah> {
    const r = await this.get<DapodikSekolah | DapodikSekolah[]>("getSekolah", npsn);
    const row = Array.isArray(r.rows) ? r.rows[0] : r.rows;
    if (!row || typeof row.npsn !== "string") throw new DapodikError("school-not-found", npsn, "getSekolah: empty");
    return row;
  }
  async gtk(npsn: string): Promise<DapodikGtk[]> {
    return listOf((await this.get<DapodikGtk[]>("getGtk", npsn)).rows);
  }
  async rombonganBelajar(npsn: string): Promise<DapodikRombel[]> {
    return listOf((await this.get<DapodikRombel[]>("getRombonganBelajar", npsn)).rows);
  }
  async pesertaDidik(npsn: string): Promise<DapodikPesertaDidik[]> {
    return listOf((await this.get<DapodikPesertaDidik[]>("getPesertaDidik", npsn)).rows);
  }

  /** Everything the platform keeps about one school, in four calls. */
  async snapshot(npsn: string): Promise<DapodikSnapshot> {
    const sekolah = await this.sekolah(npsn);
    const [gtk, rombel, pesertaDidik] = await Promise.all([this.gtk(npsn), this.rombonganBelajar(npsn), this.pesertaDidik(npsn)]);
    return { sekolah, gtk, rombel, pesertaDidik };
  }
}

const listOf = <T>(rows: T[] | T | null | undefined): T[] => (Array.isArray(rows) ? rows : rows ? [rows] : []);
