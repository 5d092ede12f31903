import type { Queryable } from "./db.ts";
import { notFound } from "./errors.ts";

export interface Tenant {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  isDefault: boolean;
}

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  is_default: boolean;
}

const toTenant = (r: TenantRow): Tenant => ({ id: r.id, name: r.name, slug: r.slug, timezone: r.timezone, isDefault: r.is_default });

/**
 * Chooses the tenant of a request: an explicit `X-Balai-Tenant: <region code>` header (API clients,
 * tests), else the host name, else the default tenant. A short cache keeps this off the hot path.
 * The host name is Fastify's `req.hostname`: the Host header, or X-Forwarded-Host only when the
 * connecting peer is a proxy trusted by BALAI_TRUST_PROXY (so no client can pick another city's tenant
 * by sending that header itself; see docs/deploy.md).
 */
export class TenantResolver {
  private db: Queryable;
  private ttlMs: number;
  private cache: { at: number; byId: Map<string, Tenant>; byHost: Map<string, Tenant>; fallback?: Tenant } | undefined;
  constructor(db: Queryable, ttlMs = 5000) {
    this.db = db;
    this.ttlMs = ttlMs;
  }
  invalidate() {
    this.cache = undefined;
  }
  private async load() {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache;
    const tenants = (await this.db.query<TenantRow>("SELECT id, name, slug, timezone, is_default FROM tenants")).map(toTenant);
    const hosts = await this.db.query<{ host: string; tenant_id: string }>("SELECT host, tenant_id FROM tenant_hosts");
    const byId = new Map(tenants.map((t) => [t.id, t]));
    const byHost = new Map<string, Tenant>();
    for (const h of hosts) {
      const t = byId.get(h.tenant_id);
      if (t) byHost.set(h.host, t);
    }
    this.cache = { at: Date.now(), byId, byHost, fallback: tenants.find((t) => t.isDefault) };
    return this.cache;
  }
  async resolve(host: string | undefined, explicit: string | undefined): Promise<Tenant> {
    const c = await this.load();
    if (explicit) {
      const t = c.byId.get(explicit.trim());
      if (!t) throw notFound("tenant-not-found");
      return t;
    }
    const name = (host ?? "").toLowerCase().replace(/:\d+$/, "");
    const t = c.byHost.get(name) ?? c.fallback;
    if (!t) throw notFound("tenant-not-found");
    return t;
  }
}

export async function listTenants(q: Queryable): Promise<Tenant[]> {
  return (await q.query<TenantRow>("SELECT id, name, slug, timezone, is_default FROM tenants ORDER BY id")).map(toTenant);
}

/** One tenant by id (jobs that run across tenants), or undefined. */
export async function tenantById(q: Queryable, id: string): Promise<Tenant | undefined> {
  const row = await q.one<TenantRow>("SELECT id, name, slug, timezone, is_default FROM tenants WHERE id = $1", [id]);
  return row ? toTenant(row) : undefined;
}
