/**
 * Service search (docs/service-spec.md "Search"): an in-process MiniSearch index of each tenant's published catalog,
 * rebuilt when it changes (at once in the process that published; within STAMP_CHECK_MS in the others). Tenants whose
 * catalogs are the same share one index (found by a hash of its rows), so hundreds of kab/kota cost a few indexes.
 * Queries are expanded with the catalog's synonyms, forgive typos and match prefixes; names weigh most, then
 * keywords, then the summary and the unit. Hits are ordered by how many query words their name matches, then their
 * keywords, then popularity (cases filed in the last 90 days, cached per tenant and refreshed every POPULARITY_MS),
 * then the text score.
 */
import { createHash } from "node:crypto";
import MiniSearch from "minisearch";
import { LruMap } from "../../platform/lru.ts";
import type { Queryable } from "../../platform/db.ts";
import { DEFAULT_CATALOG_DIR } from "./spec-constants.ts";
import { filedPerService } from "./store-popularity.ts";
import { catalogStamp, type IndexRow, indexRows } from "./store-search.ts";
import { defaultSynonyms, normalizeText, tokenize } from "./synonyms.ts";

const STAMP_CHECK_MS = 5_000;
/**
 * Built indexes kept per process, by content (least recently used dropped): tenants whose published catalogs are the
 * same — every kab/kota created with the default catalog — share one index, so 514 tenants cost one index, not 514.
 */
const MAX_INDEXES = 64;
/** Tenants remembered per process: their catalog stamp, which index is theirs and their units' names (a few KB each). */
const MAX_TENANTS = 1_024;
/** Popularity is counted at most this often per tenant and process (a grouped count over 90 days of cases). */
const POPULARITY_MS = 5 * 60_000;
/** Ranked hit lists kept per index (people search the same few words). */
const MAX_CACHED_QUERIES = 500;

export interface SearchFilters {
  q?: string;
  unit?: string;
  category?: string;
  lifeEvent?: string;
  kind?: string;
  limit: number;
  offset: number;
}

/** A hit before popularity is applied: the same for every tenant sharing the index. */
interface Hit {
  key: string;
  name: number;
  keywords: number;
  score: number;
}

interface SharedIndex {
  rows: Map<string, IndexRow>;
  sorted: IndexRow[];
  mini: MiniSearch;
  hits: LruMap<string, Hit[]>;
}

interface TenantEntry {
  stamp: string;
  checkedAt: number;
  /** The content hash of the tenant's index rows: the key of its index in `indexes`. */
  content: string;
  /** The tenant's own unit names by code: what results show (the shared rows hold the neutral names). */
  units: Map<string, string>;
}

/** Who searches: the tenant's id and its name (taken out of its unit names before they are indexed). */
export interface SearchTenant {
  id: string;
  name: string;
}

interface TenantIndex {
  index: SharedIndex;
  units: Map<string, string>;
}

interface Popularity {
  at: number;
  filed: Map<string, number>;
}

const indexes = new LruMap<string, SharedIndex>(MAX_INDEXES);
const tenants = new LruMap<string, TenantEntry>(MAX_TENANTS);
const building = new Map<string, Promise<TenantIndex>>();
const popularity = new LruMap<string, Popularity>(MAX_TENANTS);
const counting = new Map<string, Promise<Popularity>>();

/**
 * The tenant's filed-per-service counts: counted on first use, then recounted in the background when older than
 * POPULARITY_MS (searches meanwhile use the previous counts and never wait).
 */
async function popularityFor(q: Queryable, tenantId: string): Promise<Popularity> {
  const current = popularity.get(tenantId);
  if (current && Date.now() - current.at < POPULARITY_MS) return current;
  let job = counting.get(tenantId);
  if (!job) {
    job = filedPerService(q, tenantId)
      .then((filed) => {
        const fresh = { at: Date.now(), filed };
        popularity.set(tenantId, fresh);
        return fresh;
      })
      .finally(() => counting.delete(tenantId));
    counting.set(tenantId, job);
    if (current) {
      job.catch(() => {}); // a failed recount keeps the old counts; the next search tries again
      return current;
    }
  }
  return current ?? job;
}

/** Cases filed per published service key over the last 90 days (cached as for search). */
export async function popularityOf(q: Queryable, tenantId: string): Promise<Map<string, number>> {
  return (await popularityFor(q, tenantId)).filed;
}

/** A shared row with the tenant's own unit name. */
const own = (row: IndexRow, units: Map<string, string>): IndexRow => ({ ...row, unit_name: units.get(row.unit_code) ?? row.unit_name });

/** The tenant's most filed published services of a kind over the last 90 days, most first (ties by name). */
export async function popularServices(q: Queryable, tenant: SearchTenant, kind: string, limit: number): Promise<(IndexRow & { filed: number })[]> {
  const [{ index, units }, pop] = await Promise.all([indexFor(q, tenant), popularityFor(q, tenant.id)]);
  return index.sorted
    .filter((r) => r.kind === kind && (pop.filed.get(r.key) ?? 0) > 0)
    .map((r) => ({ ...own(r, units), filed: pop.filed.get(r.key) ?? 0 }))
    .sort((a, b) => b.filed - a.filed)
    .slice(0, limit);
}

function build(rows: IndexRow[]): SharedIndex {
  const mini = new MiniSearch({
    fields: ["name", "keywords", "summary", "unit"],
    storeFields: [],
    idField: "key",
    tokenize,
    processTerm: (t) => normalizeText(t) || null,
  });
  mini.addAll(
    rows.map((r) => ({
      key: r.key,
      name: `${r.name_id} ${r.name_en}`,
      keywords: [...(r.keywords ?? []), r.prefix, r.category, ...r.life_events].join(" "),
      summary: `${r.summary?.id ?? ""} ${r.summary?.en ?? ""}`,
      unit: r.unit_name,
    })),
  );
  const sorted = [...rows].sort((a, b) => a.name_id.localeCompare(b.name_id, "id") || a.key.localeCompare(b.key));
  return { rows: new Map(rows.map((r) => [r.key, r])), sorted, mini, hits: new LruMap(MAX_CACHED_QUERIES) };
}

/** A hash of what the index is built from, in a fixed order: equal catalogs give equal hashes. */
function contentHash(rows: IndexRow[]): string {
  const ordered = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(ordered)).digest("base64url");
}

/**
 * A unit's name without the tenant's own name ("Pemerintah Kota Pagar Alam" → "Pemerintah"): every service of a city
 * is that city's, so its name tells no service from another, and without it kab/kota with the default catalog index
 * the same text and share one index.
 */
function neutralUnitName(unitName: string, tenantName: string): string {
  if (!tenantName.trim()) return unitName;
  const at = unitName.toLowerCase().indexOf(tenantName.toLowerCase());
  if (at < 0) return unitName;
  return `${unitName.slice(0, at)} ${unitName.slice(at + tenantName.length)}`.replace(/\s+/g, " ").trim() || unitName;
}

/**
 * The tenant's index: its stamp is checked at most every STAMP_CHECK_MS; when the stamp changed (or the tenant is
 * new to this process, or its index was dropped) its rows are read and hashed, and the index with that hash is
 * reused or built.
 */
async function indexFor(q: Queryable, tenant: SearchTenant): Promise<TenantIndex> {
  const entry = tenants.get(tenant.id);
  const known = entry ? indexes.get(entry.content) : undefined;
  if (entry && known && Date.now() - entry.checkedAt < STAMP_CHECK_MS) return { index: known, units: entry.units };
  const pending = building.get(tenant.id);
  if (pending) return pending;
  const job = (async () => {
    const stamp = await catalogStamp(q, tenant.id);
    if (entry && known && entry.stamp === stamp) {
      entry.checkedAt = Date.now();
      return { index: known, units: entry.units };
    }
    const rows = await indexRows(q, tenant.id);
    const units = new Map(rows.map((r) => [r.unit_code, r.unit_name]));
    const neutral = rows.map((r) => ({ ...r, unit_name: neutralUnitName(r.unit_name, tenant.name) }));
    const content = contentHash(neutral);
    let index = indexes.get(content);
    if (!index) {
      index = build(neutral);
      indexes.set(content, index);
    }
    tenants.set(tenant.id, { stamp, checkedAt: Date.now(), content, units });
    return { index, units };
  })().finally(() => building.delete(tenant.id));
  building.set(tenant.id, job);
  return job;
}

/** Forget which index is a tenant's (after a publish or import in this process); the next search reads it again. */
export function invalidateSearch(tenantId: string): void {
  tenants.delete(tenantId);
}

/** The published services matching the filters, best first for a query, else by name. */
export async function searchCatalog(q: Queryable, tenant: SearchTenant, f: SearchFilters): Promise<IndexRow[]> {
  const [{ index, units }, pop] = await Promise.all([indexFor(q, tenant), popularityFor(q, tenant.id)]);
  const keep = (r: IndexRow) =>
    (!f.unit || r.unit_code === f.unit) &&
    (!f.category || r.category === f.category) &&
    (!f.lifeEvent || r.life_events.includes(f.lifeEvent)) &&
    (!f.kind || r.kind === f.kind);
  let list: IndexRow[];
  const text = f.q ? normalizeText(f.q) : "";
  if (text) {
    list = ranked(index, pop.filed, text)
      .map((key) => index.rows.get(key))
      .filter((r): r is IndexRow => r !== undefined);
  } else {
    list = index.sorted;
  }
  return list
    .filter(keep)
    .slice(f.offset, f.offset + f.limit)
    .map((r) => own(r, units));
}

/**
 * The ranked keys for a query: exact words and prefixes first; typo-tolerant only when that finds little. Ordered by
 * the number of query terms found in the name, then in the keywords, then by the tenant's popularity, then by score.
 */
function ranked(idx: SharedIndex, filed: Map<string, number>, text: string): string[] {
  let hits = idx.hits.get(text);
  if (!hits) {
    hits = matches(idx.mini, text);
    idx.hits.set(text, hits);
  }
  return [...hits]
    .sort((a, b) => b.name - a.name || b.keywords - a.keywords || (filed.get(b.key) ?? 0) - (filed.get(a.key) ?? 0) || b.score - a.score)
    .map((h) => h.key);
}

function matches(mini: MiniSearch, text: string): Hit[] {
  const query = defaultSynonyms(DEFAULT_CATALOG_DIR).expand(text) as Parameters<MiniSearch["search"]>[0];
  const options = { boost: { name: 4, keywords: 2, summary: 1, unit: 0.5 }, prefix: (term: string) => term.length >= 3 };
  let hits = mini.search(query, options);
  if (hits.length < 3) hits = mini.search(query, { ...options, fuzzy: (term: string) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 : false) });
  const count = (match: Record<string, string[]>, field: string) => Object.values(match).filter((fields) => fields.includes(field)).length;
  return hits.map((h) => ({ key: String(h.id), name: count(h.match, "name"), keywords: count(h.match, "keywords"), score: h.score }));
}
