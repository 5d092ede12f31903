/**
 * oidc-provider's storage adapter on Balai's store (PGlite or PostgreSQL): one row per artefact in `oidc_models`,
 * tenant-scoped; clients come from `oidc_clients` (revoked clients and retired apps are not found).
 */
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Db } from "../../platform/db.ts";
import { findApp } from "../registry/index.ts";
import * as store from "./store.ts";

export function adapterFactory(db: Db, tenantId: string) {
  return (kind: string): Adapter => new DbAdapter(db, tenantId, kind);
}

class DbAdapter implements Adapter {
  private readonly db: Db;
  private readonly tenantId: string;
  private readonly kind: string;
  constructor(db: Db, tenantId: string, kind: string) {
    this.db = db;
    this.tenantId = tenantId;
    this.kind = kind;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await store.upsertModel(this.db, {
      tenantId: this.tenantId,
      kind: this.kind,
      id,
      payload,
      grantId: payload.grantId,
      uid: payload.uid,
      userCode: payload.userCode,
      clientId: payload.clientId,
      expiresIn: expiresIn > 0 ? Math.ceil(expiresIn) : undefined,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.kind === "Client") {
      const row = await store.activeClientMetadata(this.db, this.tenantId, id);
      if (!row) return undefined;
      // A retired app's clients stop working with it.
      const app = await findApp(this.db, this.tenantId, row.app_id);
      return app && app.status !== "retired" ? (publicMetadata(row.metadata) as AdapterPayload) : undefined;
    }
    return this.read("id", id);
  }

  findByUid(uid: string) {
    return this.read("uid", uid);
  }

  findByUserCode(userCode: string) {
    return this.read("user_code", userCode);
  }

  async consume(id: string): Promise<void> {
    await store.consumeModel(this.db, this.tenantId, this.kind, id);
  }

  async destroy(id: string): Promise<void> {
    await store.destroyModel(this.db, this.tenantId, this.kind, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await store.revokeGrant(this.db, this.tenantId, grantId);
  }

  private async read(column: "id" | "uid" | "user_code", value: string): Promise<AdapterPayload | undefined> {
    const row = await store.findModel(this.db, this.tenantId, this.kind, column, value);
    if (!row) return undefined;
    const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : payload;
  }
}

/** Balai's own fields of a client row that oidc-provider must not see as metadata are kept under `balai`. */
function publicMetadata(m: Record<string, unknown> | string): Record<string, unknown> {
  const meta = typeof m === "string" ? (JSON.parse(m) as Record<string, unknown>) : m;
  const { balai: _balai, ...rest } = meta;
  return rest;
}
