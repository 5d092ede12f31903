import { getDistricts, getRegencies, getVillages } from "idn-area-data";

export interface RegionTree {
  code: string;
  name: string;
  kecamatan: { code: string; name: string; kelurahan: { code: string; name: string }[] }[];
}

/** A kab/kota with all its kecamatan and desa/kelurahan, from Kemendagri codes in idn-area-data. */
export async function loadRegion(code: string): Promise<RegionTree | undefined> {
  const regency = (await getRegencies()).find((r) => r.code === code);
  if (!regency) return undefined;
  const districts = (await getDistricts()).filter((d) => d.regency_code === code);
  const districtCodes = new Set(districts.map((d) => d.code));
  const villages = (await getVillages()).filter((v) => districtCodes.has(v.district_code));
  return {
    code,
    name: titleCase(regency.name),
    kecamatan: districts
      .map((d) => ({
        code: d.code,
        name: titleCase(d.name),
        kelurahan: villages
          .filter((v) => v.district_code === d.code)
          .map((v) => ({ code: v.code, name: titleCase(v.name) }))
          .sort((a, b) => a.code.localeCompare(b.code)),
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/** idn-area-data names are mostly title case already; normalise the few upper-case ones. */
function titleCase(s: string): string {
  return s === s.toUpperCase() ? s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase()) : s;
}
