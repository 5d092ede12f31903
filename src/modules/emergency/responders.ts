/** Responding units (Damkar, PSC 119, BPBD, Satpol PP, Dishub, police) and their demo seed. */
import type { Queryable } from "../../platform/db.ts";
import type { Agency } from "./model.ts";
import * as store from "./store.ts";

// ---- reference data ---------------------------------------------------------------------------------

export async function listResponders(q: Queryable, tenantId: string) {
  const rows = await store.responderRows(q, tenantId);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    agency: r.agency,
    orgUnitId: r.org_unit_id,
    phone: r.phone,
    active: r.active,
    busy: r.busy,
  }));
}

/** The responding units a city starts with: its own OPDs' crews, and the police as an external contact. */
const DEFAULT_RESPONDERS: Array<{ code: string; name: string; agency: Agency; unit: string | null; phone: string | null }> = [
  { code: "DAMKAR-1", name: "Damkar — Regu Pos Induk", agency: "damkar", unit: "DAMKAR", phone: "113" },
  { code: "DAMKAR-2", name: "Damkar — Regu Pos Seberang Ulu", agency: "damkar", unit: "DAMKAR", phone: "113" },
  { code: "PSC119-1", name: "PSC 119 — Ambulans 1", agency: "psc119", unit: "DINKES", phone: "119" },
  { code: "PSC119-2", name: "PSC 119 — Ambulans 2", agency: "psc119", unit: "DINKES", phone: "119" },
  { code: "BPBD-TRC", name: "BPBD — Tim Reaksi Cepat", agency: "bpbd", unit: "BPBD", phone: null },
  { code: "SATPOLPP-1", name: "Satpol PP — Regu Piket", agency: "satpolpp", unit: "SATPOLPP", phone: null },
  { code: "DISHUB-1", name: "Dishub — Patroli Lalu Lintas", agency: "dishub", unit: "DISHUB", phone: null },
  { code: "POLRESTABES", name: "Polrestabes (kontak eksternal, 110)", agency: "police", unit: null, phone: "110" },
];

export async function seedResponders(q: Queryable, tenantId: string): Promise<number> {
  let n = 0;
  for (const r of DEFAULT_RESPONDERS) {
    const unit = r.unit ? await store.unitIdByCode(q, tenantId, r.unit) : undefined;
    if (await store.insertResponder(q, tenantId, { code: r.code, name: r.name, agency: r.agency, orgUnitId: unit?.id ?? null, phone: r.phone })) n++;
  }
  return n;
}
