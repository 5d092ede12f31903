/**
 * The provider's keys, stored per tenant in `oidc_keys`: RS256 signing keys (private JWKs), cookie-signing keys and
 * the pairwise-subject salt. Made on first use; `rotateSigningKey` adds a new key and retires the others, which stay
 * in the published JWKS for two days so tokens signed before the rotation still verify.
 */
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import type { Queryable } from "../../platform/db.ts";
import * as store from "./store.ts";

export interface ProviderKeys {
  /** Private JWKs, the active signing key first. */
  signing: Record<string, unknown>[];
  cookie: string[];
  pairwiseSalt: string;
}

async function newSigningKey(): Promise<Record<string, unknown>> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `sig-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`, alg: "RS256", use: "sig" };
}

export async function loadKeys(q: Queryable, tenantId: string): Promise<ProviderKeys> {
  let rows = await store.keysOf(q, tenantId);
  const has = (use: store.KeyRow["use"]) => rows.some((r) => r.use === use && r.retired_at === null);
  if (!has("sig") || !has("cookie") || !has("pairwise")) {
    if (!has("sig")) {
      const jwk = await newSigningKey();
      await store.insertKey(q, tenantId, jwk.kid as string, "sig", jwk);
    }
    if (!has("cookie"))
      await store.insertKey(q, tenantId, `cookie-${randomBytes(6).toString("hex")}`, "cookie", { secret: randomBytes(32).toString("base64url") });
    if (!has("pairwise"))
      await store.insertKey(q, tenantId, `pairwise-${randomBytes(6).toString("hex")}`, "pairwise", { secret: randomBytes(32).toString("base64url") });
    rows = await store.keysOf(q, tenantId);
  }
  const material = (r: store.KeyRow) => (typeof r.material === "string" ? JSON.parse(r.material) : r.material) as Record<string, unknown>;
  return {
    signing: rows.filter((r) => r.use === "sig").map(material),
    cookie: rows.filter((r) => r.use === "cookie").map((r) => material(r).secret as string),
    pairwiseSalt: material(rows.find((r) => r.use === "pairwise" && r.retired_at === null) as store.KeyRow).secret as string,
  };
}

/** A new signing key becomes the active one; the old ones are retired (still published for two days). Returns its kid. */
export async function rotateSigningKey(q: Queryable, tenantId: string): Promise<string> {
  const jwk = await newSigningKey();
  await store.insertKey(q, tenantId, jwk.kid as string, "sig", jwk);
  await store.retireKeys(q, tenantId, "sig", jwk.kid as string);
  return jwk.kid as string;
}
