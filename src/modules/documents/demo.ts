/**
 * Demo signers: the officials who sign in the demo workflows get a certificate from the tenant's demo CA at seed
 * time, sealed with one documented passphrase (README "Try it", docs/documents.md), so the first signature works.
 */
import type { Db } from "../../platform/db.ts";
import { tenantById } from "../../platform/tenancy.ts";
import { newKeyPairAsync, sealKeyAsync } from "./ca.ts";
import { storeNewCertificate } from "./certificates.ts";
import * as store from "./store.ts";
import * as refs from "./store-refs.ts";

/** The passphrase of every demo official's signing key (not their login password). */
export const DEMO_SIGNING_PASSPHRASE = "Balai-TTE-2026";

export interface DemoSigner {
  login: string;
  nip: string;
  title: string;
}

/** Who signs in the demo: the lurah (kelurahan letters), Dishub's head (Izin Penyelenggaraan Tempat Parkir), Disdag's head (e-Office). */
export const DEMO_SIGNERS: DemoSigner[] = [
  { login: "lurah@palembang.go.id", nip: "198003152005011002", title: "Lurah" },
  { login: "kadis.dishub@palembang.go.id", nip: "197812102003121004", title: "Kepala Dinas" },
  { login: "kepala.disdag@palembang.go.id", nip: "197505122000032001", title: "Kepala Dinas" },
];

/**
 * Issues the demo signers' certificates (ECDSA P-256: a key in about a millisecond; the sealing's scrypt runs in
 * the thread pool, the signers in parallel). Officials who already hold an active certificate are left alone.
 */
export async function seedDemoSigners(db: Db, tenantId: string, caSecret: string, signers = DEMO_SIGNERS): Promise<number> {
  const tenant = await tenantById(db, tenantId);
  if (!tenant) return 0;
  const prepared = await Promise.all(
    signers.map(async (s) => {
      const user = await refs.staffByEmailOrId(db, tenantId, s.login);
      if (!user || (await store.hasActiveCertificate(db, tenantId, user.id))) return undefined;
      const keyPair = await newKeyPairAsync("ecdsa-p256");
      return { s, user, keyPair, sealedKey: await sealKeyAsync(keyPair.privateKey, DEMO_SIGNING_PASSPHRASE) };
    }),
  );
  const ready = prepared.filter((p) => p !== undefined);
  await db.tx(async (q) => {
    for (const p of ready) {
      const user = await refs.activeUser(q, tenantId, p.user.id);
      if (!user) continue;
      await storeNewCertificate(q, {
        tenant,
        caSecret,
        user,
        algorithm: "ecdsa-p256",
        keyPair: p.keyPair,
        sealedKey: p.sealedKey,
        nip: p.s.nip,
        title: p.s.title,
        createdBy: null,
      });
    }
  });
  return ready.length;
}
