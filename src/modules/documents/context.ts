/** What every documents use case shares: its context, the configured signer, small helpers. See docs/documents.md. */
import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { AppError, forbidden } from "../../platform/errors.ts";
import type { FileStore } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { BsreSigner, LocalSigner, type Signer } from "./signer.ts";

export interface DocsCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  files: FileStore;
  config: Config;
  signer: Signer;
  /** Absolute origin for links in documents (QR code): BALAI_PUBLIC_URL, else the request's origin. */
  baseUrl?: string;
}

export const MAX_PASSPHRASE_ATTEMPTS = 5;
export const LOCK_MINUTES = 30;
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
export const newCode = () => randomBytes(12).toString("base64url");

let signers = new Map<string, Signer>();
/** The signer the configuration names: the tenant's local CA, or BSrE. */
export function signerFor(config: Config): Signer {
  const key = `${config.signer}|${config.bsre?.api ?? ""}|${config.bsre?.url ?? ""}|${config.bsre?.user ?? ""}|${config.bsre?.clientId ?? ""}`;
  let s = signers.get(key);
  if (!s) {
    s = config.signer === "bsre" && config.bsre ? new BsreSigner(config.bsre) : new LocalSigner();
    signers.set(key, s);
  }
  return s;
}
export const resetSignersForTests = () => {
  signers = new Map();
};

export function requireStaff(ctx: { actor: Actor | undefined }): Actor {
  const a = ctx.actor;
  if (!a || a.mfaPending) throw new AppError("unauthenticated", 401);
  if (a.kind !== "staff") throw forbidden();
  return a;
}

export const verifyUrl = (base: string | undefined, code: string) => `${(base ?? "").replace(/\/+$/, "")}/verify/${code}`;

/** A Db whose tx runs in an already open transaction (to drive the case engine from inside ours). */
export function within(q: Queryable, db: Db): Db {
  return {
    kind: db.kind,
    query: (s, p) => q.query(s, p),
    one: (s, p) => q.one(s, p),
    later: (s, p, k) => q.later(s, p, k),
    afterCommit: (fn) => q.afterCommit(fn),
    tx: (fn) => fn(q),
    listen: (channel, cb) => db.listen(channel, cb),
    close: async () => {},
  };
}
