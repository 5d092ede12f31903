/**
 * Service search (docs/service-spec.md "Search"): an in-process MiniSearch index per tenant, built from the published
 * catalog and rebuilt when it changes (at once in the process that published; within STAMP_CHECK_MS in the others).
 * Queries are expanded with the catalog's synonyms, forgive typos and match prefixes; names weigh most, then
 * keywords, then the summary and the unit. Hits are ordered by how many query words their name matches, then their
 * keywords, then popularity (cases filed in the last 90 days, cached per tenant and refreshed every POPULARITY_MS),
 * then the text score.
 */
import MiniSearch from "minisearch";
import type { Queryable } from "../../platform/db.ts";
import { DEFAULT_CATALOG_DIR } from "./spec-constants.ts";
import { filedPerService } from "./store-popularity.ts";
import { catalogStamp, type IndexRow, indexRows } from "./store-search.ts";
import { defaultSynonyms, normalizeText, tokenize } from "./synonyms.ts";

const STAMP_CHECK_MS = 5_000;
/** Indexes kept per process (least recently used dropped): memory stays bounded with hundreds of tenants. */
const MAX_INDEXES = 64;
/** Popularity is counted at most this often per tenant and process (a grouped count over 90 days of cases). */
const POPULARITY_MS = 5 * 60_000;

export interface SearchFilters {
  q?: string;
  unit?: string;
  category?: string;
  lifeEvent?: string;
  kind?: string;
  limit: number;
  offset: number;
}

interface TenantIndex {
  stamp: string;
  checkedAt: number;
  rows: Map<string, IndexRow>;
  sorted: IndexRow[];
  mini: MiniSearch;
  /** Ranked keys per normalized query (people search the same few words): bounded, dropped with the index. */
  hits: Map<string, string[]>;
}

interface Popularity {
  at: number;
  filed: Map<string, number>;
}

const MAX_CACHED_QUERIES = 500;

const indexes = new Map<string, TenantIndex>();
const building = new Map<string, Promise<TenantIndex>>();
const popularity = new Map<string, Popularity>();
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
        popularity.delete(tenantId);
        popularity.set(tenantId, fresh);
        while (popularity.size > MAX_INDEXES) popularity.delete(popularity.keys().next().value as string);
        // Cached rankings used the old counts.
        indexes.get(tenantId)?.hits.clear();
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

/** The tenant's most filed published services of a kind over the last 90 days, most first (ties by name). */
export async function popularServices(q: Queryable, tenantId: string, kind: string, limit: number): Promise<(IndexRow & { filed: number })[]> {
  const [idx, pop] = await Promise.all([indexFor(q, tenantId), popularityFor(q, tenantId)]);
  return idx.sorted
    .filter((r) => r.kind === kind && (pop.filed.get(r.key) ?? 0) > 0)
    .map((r) => ({ ...r, filed: pop.filed.get(r.key) ?? 0 }))
    .sort((a, b) => b.filed - a.filed)
    .slice(0, limit);
}

function build(rows: IndexRow[], stamp: string): TenantIndex {
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
  const sorted = [...rows].sort((a, b) => a.name_id.localeCompare(b.name_id, "id"));
  return { stamp, checkedAt: Date.now(), rows: new Map(rows.map((r) => [r.key, r])), sorted, mini, hits: new Map() };
}

async function indexFor(q: Queryable, tenantId: string): Promise<TenantIndex> {
  const current = indexes.get(tenantId);
  if (current) {
    // Most recently used last (Map keeps insertion order).
    indexes.delete(tenantId);
    indexes.set(tenantId, current);
    if (Date.now() - current.checkedAt < STAMP_CHECK_MS) return current;
  }
  const pending = building.get(tenantId);
  if (pending) return pending;
  const job = (async () => {
    const stamp = await catalogStamp(q, tenantId);
    if (current && current.stamp === stamp) {
      current.checkedAt = Date.now();
      return current;
    }
    const fresh = build(await indexRows(q, tenantId), stamp);
    indexes.delete(tenantId);
    indexes.set(tenantId, fresh);
    while (indexes.size > MAX_INDEXES) indexes.delete(indexes.keys().next().value as string);
    return fresh;
  })().finally(() => building.delete(tenantId));
  building.set(tenantId, job);
  return job;
}

/** Forget a tenant's index (after a publish or import in this process); the next search rebuilds it. */
export function invalidateSearch(tenantId: string): void {
  indexes.delete(tenantId);
}

/** The published services matching the filters, best first for a query, else by name. */
export async function searchCatalog(q: Queryable, tenantId: string, f: SearchFilters): Promise<IndexRow[]> {
  const [idx, pop] = await Promise.all([indexFor(q, tenantId), popularityFor(q, tenantId)]);
  const keep = (r: IndexRow) =>
    (!f.unit || r.unit_code === f.unit) &&
    (!f.category || r.category === f.category) &&
    (!f.lifeEvent || r.life_events.includes(f.lifeEvent)) &&
    (!f.kind || r.kind === f.kind);
  let list: IndexRow[];
  const text = f.q ? normalizeText(f.q) : "";
  if (text) {
    list = ranked(idx, pop.filed, text)
      .map((key) => idx.rows.get(key))
      .filter((r): r is IndexRow => r !== undefined);
  } else {
    list = idx.sorted;
  }
  return list.filter(keep).slice(f.offset, f.offset + f.limit);
}

/**
 * The ranked keys for a query: exact words and prefixes first; typo-tolerant only when that finds little. Ordered by
 * the number of query terms found in the name, then in the keywords, then by popularity, then by score.
 */
function ranked(idx: TenantIndex, filed: Map<string, number>, text: string): string[] {
  const cached = idx.hits.get(text);
  if (cached) return cached;
  const query = defaultSynonyms(DEFAULT_CATALOG_DIR).expand(text) as Parameters<MiniSearch["search"]>[0];
  const options = { boost: { name: 4, keywords: 2, summary: 1, unit: 0.5 }, prefix: (term: string) => term.length >= 3 };
  let hits = idx.mini.search(query, options);
  if (hits.length < 3) hits = idx.mini.search(query, { ...options, fuzzy: (term: string) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 : false) });
  const count = (match: Record<string, string[]>, field: string) => Object.values(match).filter((fields) => fields.includes(field)).length;
  const keys = hits
    .map((h) => ({
      key: String(h.id),
      name: count(h.match, "name"),
      keywords: count(h.match, "keywords"),
      filed: filed.get(String(h.id)) ?? 0,
      score: h.score,
    }))
    .sort((a, b) => b.name - a.name || b.keywords - a.keywords || b.filed - a.filed || b.score - a.score)
    .map((h) => h.key);
  if (idx.hits.size >= MAX_CACHED_QUERIES) idx.hits.delete(idx.hits.keys().next().value as string);
  idx.hits.set(text, keys);
  return keys;
}
