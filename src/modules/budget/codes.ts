/** Permendagri 90/2019 code formats, the programme hierarchy read from a sub kegiatan code, and line keys. */
import { createHash } from "node:crypto";

/** Sub kegiatan: urusan.bidang.program.kegiatan(2 parts).sub, e.g. `1.01.01.2.01.0001`. */
export const SUB_ACTIVITY_CODE = /^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$/;
/** Kode rekening, six levels: akun.kelompok.jenis.objek.rincian objek.sub rincian objek, e.g. `5.1.02.01.01.0024`. */
export const ACCOUNT_CODE = /^\d\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
/** A Balai org unit code (the OPD), e.g. `DISKOMINFO`. */
export const UNIT_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** The levels of a sub kegiatan code: urusan `1`, bidang `1.01`, program `1.01.01`, kegiatan `1.01.01.2.01`. */
export function hierarchyOf(subActivity: string) {
  const p = subActivity.split(".");
  return {
    urusan: p[0],
    bidang: p.slice(0, 2).join("."),
    program: p.slice(0, 3).join("."),
    kegiatan: p.slice(0, 5).join("."),
    subKegiatan: subActivity,
  };
}

/** One budget line's identity: OPD, sub kegiatan, account and (a short hash of) its description. */
export function lineKey(unitCode: string, subActivity: string, account: string, description: string): string {
  const d = createHash("sha256").update(description.trim().toLowerCase()).digest("hex").slice(0, 8);
  return `${unitCode}/${subActivity}/${account}/${d}`;
}

/** Rupiah amounts travel as numbers and are hashed as fixed two-decimal text. */
export const money = (v: string | number | null | undefined): string => Number(v ?? 0).toFixed(2);
