/** The tenant's certificate authority: its root (created on first use) and revocation list. */
import { type KeyObject, X509Certificate } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { buildCrl, issueCertificate, newKeyPair, newSerial, openKey, sealKey } from "./ca.ts";
import * as store from "./store.ts";

const caCache = new Map<string, { cert: X509Certificate; key: KeyObject; fingerprint: string }>();

/** The tenant's root (created on first use), unsealed with the deployment's CA secret. */
export async function ensureCa(q: Queryable, tenant: { id: string; name: string }, secret: string) {
  const hit = caCache.get(tenant.id);
  if (hit) return hit;
  let row = await store.getCa(q, tenant.id);
  if (!row) {
    const kp = newKeyPair("ecdsa-p256");
    const now = Date.now();
    const cert = issueCertificate({
      subject: { cn: `Balai Root CA ${tenant.name}`, o: `Pemerintah ${tenant.name}`, c: "ID" },
      publicKey: kp.publicKey,
      selfKey: kp.privateKey,
      serial: newSerial(),
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 20 * 365 * 86400_000),
      ca: true,
    });
    row = await store.insertCa(q, {
      tenantId: tenant.id,
      certPem: cert.toString(),
      keySealed: sealKey(kp.privateKey, `${secret}:${tenant.id}`),
      fingerprint: cert.fingerprint256,
    });
    if (row.fingerprint === cert.fingerprint256) {
      await audit(q, {
        tenantId: tenant.id,
        actorId: null,
        action: "document.ca-created",
        subjectType: "document_ca",
        subjectId: tenant.id,
        data: { fingerprint: row.fingerprint },
      });
    }
  }
  const ca = { cert: new X509Certificate(row.cert_pem), key: openKey(row.key_sealed, `${secret}:${tenant.id}`), fingerprint: row.fingerprint };
  caCache.set(tenant.id, ca);
  return ca;
}

/** Root certificate (PEM) for relying parties, e.g. pdfsig's NSS database or a PDF reader's trust list. */
export async function rootPem(db: Db, tenant: Tenant, config: Config) {
  const ca = await db.tx((q) => ensureCa(q, tenant, config.caSecret));
  return ca.cert.toString();
}

/** The current revocation list (DER, signed by the root). */
export async function currentCrl(db: Db, tenant: Tenant, config: Config) {
  return db.tx(async (q) => {
    const ca = await ensureCa(q, tenant, config.caSecret);
    const revoked = await store.revokedCertificates(q, tenant.id);
    const n = await store.nextCrlNumber(q, tenant.id);
    return buildCrl(
      ca,
      revoked.map((r) => ({ serial: r.serial, at: r.revoked_at })),
      n,
    );
  });
}
