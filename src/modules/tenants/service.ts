import type { Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { badRequest, conflict } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { setTenantExtent } from "../../platform/geo.ts";
import { KNOWN_EXTENTS } from "./extents.ts";
import { type OpdSeed, STANDARD_OPDS } from "./opds.ts";
import { loadRegion } from "./regions.ts";
import * as store from "./store.ts";

export interface CreateTenantInput {
  region: string;
  hosts?: string[];
  isDefault?: boolean;
  timezone?: string;
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

async function insertOpds(q: Queryable, tenantId: string, parentId: string, opds: OpdSeed[]): Promise<number> {
  let n = 0;
  for (const o of opds) {
    const id = await store.insertUnit(q, tenantId, { parentId, kind: o.kind ?? "opd", code: o.code, name: o.name });
    n += 1 + (o.children ? await insertOpds(q, tenantId, id, o.children) : 0);
  }
  return n;
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
  const region = await loadRegion(input.region);
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
  const rootId = await store.insertUnit(q, region.code, { parentId: null, kind: "pemda", code: "PEMDA", name: `Pemerintah ${region.name}` });
  const opds = await insertOpds(q, region.code, rootId, STANDARD_OPDS);
  let kelurahan = 0;
  for (const k of region.kecamatan) {
    const kId = await store.insertUnit(q, region.code, { parentId: rootId, kind: "kecamatan", code: k.code, name: `Kecamatan ${k.name}` });
    for (const l of k.kelurahan) {
      // Kemendagri: 1xxx codes are kelurahan, 2xxx desa.
      const label = l.code.split(".")[3]?.startsWith("2") && !isKota ? "Desa" : "Kelurahan";
      await store.insertUnit(q, region.code, { parentId: kId, kind: "kelurahan", code: l.code, name: `${label} ${l.name}` });
      kelurahan++;
    }
  }
  const created = { id: region.code, name: region.name, slug, hosts, kecamatan: region.kecamatan.length, kelurahan, opds };
  await audit(q, { tenantId: region.code, actorId, action: "tenant.created", subjectType: "tenant", subjectId: region.code, data: { ...created } });
  await emit(q, region.code, "tenant.created", { tenantId: region.code });
  return created;
}
