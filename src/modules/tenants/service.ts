import type { Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { badRequest, conflict } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { setTenantExtent } from "../../platform/geo.ts";
import { KNOWN_EXTENTS } from "./extents.ts";
import { type OpdSeed, STANDARD_OPDS } from "./opds.ts";
import { loadRegion, type RegionTree } from "./regions.ts";
import * as store from "./store.ts";

export interface CreateTenantInput {
  region: string;
  hosts?: string[];
  isDefault?: boolean;
  timezone?: string;
  /** The region already read (tenant create --all reads the data files once for every tenant). */
  tree?: RegionTree;
}

export interface CreatedTenant {
  id: string;
  name: string;
  slug: string;
  hosts: string[];
  kecamatan: number;
  kelurahan: number;
  opds: number;
}

/** "Kota Malang" → "malang", "Kabupaten Ogan Ilir" → "kab-ogan-ilir". */
export function slugFor(name: string): string {
  const base = name.replace(/^Kota\s+/i, "").replace(/^Kabupaten\s+/i, "kab ");
  return base
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Time zone of a province (WIB, WITA, WIT) from the first two digits of its Kemendagri code. */
export function timezoneForRegion(code: string): string {
  const province = Number(code.slice(0, 2));
  if ([51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76].includes(province)) {
    // Bali, NTB, NTT, Sulawesi: WITA; Kalimantan Barat and Tengah are WIB.
    return province === 61 || province === 62 ? "Asia/Jakarta" : "Asia/Makassar";
  }
  if (province >= 81) return "Asia/Jayapura";
  return "Asia/Jakarta";
}

/** A unit to insert, its parent named by code; depth 1 = directly under the pemda. */
interface UnitSeed extends store.NewUnit {
  depth: number;
}

function opdSeeds(opds: OpdSeed[], parentCode: string, depth: number): UnitSeed[] {
  return opds.flatMap((o) => [
    { parentCode, kind: o.kind ?? "opd", code: o.code, name: o.name, depth },
    ...(o.children ? opdSeeds(o.children, o.code, depth + 1) : []),
  ]);
}

/**
 * Adds a pemda with its real kecamatan and kelurahan (Kemendagri codes, from idn-area-data), the
 * standard OPD set, and its host names. Runs in the caller's transaction.
 */
export async function createTenant(q: Queryable, input: CreateTenantInput, actorId: string | null = null): Promise<CreatedTenant> {
  if (!/^\d{2}\.\d{2}$/.test(input.region)) {
    throw badRequest("validation-failed", {
      fields: [{ field: "region", code: "pattern", message: "Kode wilayah kab/kota seperti 16.71 / a kab/kota code such as 16.71" }],
    });
  }
  const region = input.tree?.code === input.region ? input.tree : await loadRegion(input.region);
  if (!region)
    throw badRequest("validation-failed", {
      fields: [{ field: "region", code: "unknown-region", message: `Kode ${input.region} tidak ada di data Kemendagri / not a Kemendagri kab/kota code` }],
    });
  if (await store.tenantExists(q, input.region)) throw conflict("code-taken", { detail: `Tenant ${input.region} (${region.name}) already exists` });
  const slug = slugFor(region.name);
  const hosts = input.hosts?.length ? input.hosts : [`${slug}.localhost`];
  for (const h of hosts) if (await store.hostTaken(q, h)) throw conflict("code-taken", { detail: `Host ${h} already belongs to another tenant` });

  await store.insertTenant(q, {
    id: region.code,
    name: region.name,
    slug,
    timezone: input.timezone ?? timezoneForRegion(region.code),
    isDefault: !!input.isDefault,
  });
  for (const h of hosts) await store.insertHost(q, region.code, h);
  if (KNOWN_EXTENTS[region.code]) await setTenantExtent(q, region.code, KNOWN_EXTENTS[region.code]);
  const isKota = region.name.startsWith("Kota");
  await store.insertUnit(q, region.code, { parentId: null, kind: "pemda", code: "PEMDA", name: `Pemerintah ${region.name}` });
  // One INSERT per level of the tree (parents found by code), not one per unit: a kabupaten has hundreds of desa.
  const seeds = opdSeeds(STANDARD_OPDS, "PEMDA", 1);
  const opds = seeds.length;
  let kelurahan = 0;
  for (const k of region.kecamatan) {
    seeds.push({ parentCode: "PEMDA", kind: "kecamatan", code: k.code, name: `Kecamatan ${k.name}`, depth: 1 });
    for (const l of k.kelurahan) {
      // Kemendagri: 1xxx codes are kelurahan, 2xxx desa.
      const label = l.code.split(".")[3]?.startsWith("2") && !isKota ? "Desa" : "Kelurahan";
      seeds.push({ parentCode: k.code, kind: "kelurahan", code: l.code, name: `${label} ${l.name}`, depth: 2 });
      kelurahan++;
    }
  }
  const depths = [...new Set(seeds.map((u) => u.depth))].sort((a, b) => a - b);
  for (const d of depths)
    await store.insertUnits(
      q,
      region.code,
      seeds.filter((u) => u.depth === d),
    );
  const created = { id: region.code, name: region.name, slug, hosts, kecamatan: region.kecamatan.length, kelurahan, opds };
  await audit(q, { tenantId: region.code, actorId, action: "tenant.created", subjectType: "tenant", subjectId: region.code, data: { ...created } });
  await emit(q, region.code, "tenant.created", { tenantId: region.code });
  return created;
}
