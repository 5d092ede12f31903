import { getDistricts, getRegencies, getVillages } from "idn-area-data";

export interface RegionTree {
  code: string;
  name: string;
  kecamatan: { code: string; name: string; kelurahan: { code: string; name: string }[] }[];
}

/** A kab/kota with all its kecamatan and desa/kelurahan, from Kemendagri codes in idn-area-data. */
export async function loadRegion(code: string): Promise<RegionTree | undefined> {
  return (await loadRegions((r) => r.code === code))[0];
}

/**
 * Every kab/kota the filter keeps (by code and province code), each with its kecamatan and desa/kelurahan, ordered
 * by code. Reads the data files once per call (83,762 villages, about a second) and keeps nothing afterwards.
 */
export async function loadRegions(keep: (r: { code: string; province_code: string }) => boolean): Promise<RegionTree[]> {
  const regencies = (await getRegencies()).filter(keep).sort((a, b) => a.code.localeCompare(b.code));
  if (!regencies.length) return [];
  const wanted = new Set(regencies.map((r) => r.code));
  const districts = (await getDistricts()).filter((d) => wanted.has(d.regency_code));
  const villagesOf = new Map<string, { code: string; name: string }[]>();
  for (const d of districts) villagesOf.set(d.code, []);
  for (const v of await getVillages()) villagesOf.get(v.district_code)?.push({ code: v.code, name: titleCase(v.name) });
  const districtsOf = new Map<string, RegionTree["kecamatan"]>();
  for (const r of regencies) districtsOf.set(r.code, []);
  for (const d of districts) {
    const kelurahan = (villagesOf.get(d.code) ?? []).sort((a, b) => a.code.localeCompare(b.code));
    districtsOf.get(d.regency_code)?.push({ code: d.code, name: titleCase(d.name), kelurahan });
  }
  return regencies.map((r) => ({
    code: r.code,
    name: titleCase(r.name),
    kecamatan: (districtsOf.get(r.code) ?? []).sort((a, b) => a.code.localeCompare(b.code)),
  }));
}

/** idn-area-data names are mostly title case already; normalise the few upper-case ones. */
function titleCase(s: string): string {
  const t = s === s.toUpperCase() ? s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase()) : s;
  return withNumerals(t);
}

const UNITS: Record<string, number> = { satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };
const ROMAN = ["", "I", "II", "III", "IV", "V"];

/** "tiga-puluh-lima" → 35, "dua-belas" → 12, "sebelas" → 11, "sepuluh" → 10. */
function numberWord(w: string): number | undefined {
  const parts = w.toLowerCase().split("-");
  if (parts.length === 1) {
    if (parts[0] === "sepuluh") return 10;
    if (parts[0] === "sebelas") return 11;
    return UNITS[parts[0]];
  }
  const first = UNITS[parts[0]];
  if (first === undefined) return undefined;
  if (parts[1] === "belas" && parts.length === 2) return 10 + first;
  if (parts[1] === "puluh") {
    if (parts.length === 2) return first * 10;
    const last = UNITS[parts[2]];
    return parts.length === 3 && last !== undefined ? first * 10 + last : undefined;
  }
  return undefined;
}

/**
 * The Kemendagri data spells numbers out ("Tiga-puluh-lima Ilir", "Ilir Barat Dua"); people write
 * "35 Ilir" and "Ilir Barat II". Leading number words become digits ("Tiga Empat Ulu" → "3-4 Ulu"),
 * a trailing one a Roman numeral.
 */
export function withNumerals(name: string): string {
  const words = name.split(" ");
  const lead: number[] = [];
  while (lead.length < 2 && words.length > 1) {
    const n = numberWord(words[0]);
    if (n === undefined) break;
    lead.push(n);
    words.shift();
  }
  const lastN = words.length > 1 ? numberWord(words[words.length - 1]) : undefined;
  if (lastN !== undefined && lastN <= 5) words[words.length - 1] = ROMAN[lastN];
  return [lead.length ? lead.join("-") : "", ...words].filter(Boolean).join(" ");
}
