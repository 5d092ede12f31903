/**
 * The sign-in and consent steps of an authorization request, answered by Balai's own web app
 * (`/oidc/interaction/:uid`) with the user's Balai session: who asks (the client and its app), for what (scopes,
 * NIK with its registered purpose and retention), then the login or consent result back to oidc-provider.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { audit } from "../../platform/audit.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { Db } from "../../platform/db.ts";
import { AppError, forbidden, notFound } from "../../platform/errors.ts";
import * as store from "./store.ts";

export interface InteractionView {
  uid: string;
  prompt: "login" | "consent";
  client: { clientId: string; name: string };
  scopes: string[];
  nik: { purpose: string; retentionDays: number } | null;
  /** The Balai account the OIDC session belongs to (consent step). */
  accountId: string | null;
}

type Raw = { req: IncomingMessage; res: ServerResponse };

async function details(provider: Provider, raw: Raw) {
  try {
    return await provider.interactionDetails(raw.req, raw.res);
  } catch {
    // No interaction cookie, or the interaction has expired (one hour): start again from the app.
    throw new AppError("interaction-expired", 410);
  }
}

async function clientMeta(db: Db, tenantId: string, clientId: string) {
  const row = await store.activeClientMetadata(db, tenantId, clientId);
  if (!row) throw notFound("client-not-found");
  return (typeof row.metadata === "string" ? JSON.parse(row.metadata) : row.metadata) as Record<string, unknown> & {
    client_name: string;
    balai?: { nikPurpose: string | null; nikRetentionDays: number | null };
  };
}

export async function viewInteraction(db: Db, tenantId: string, provider: Provider, raw: Raw, uid: string): Promise<InteractionView> {
  const d = await details(provider, raw);
  if (d.uid !== uid) throw new AppError("interaction-expired", 410);
  const meta = await clientMeta(db, tenantId, d.params.client_id);
  const scopes = String(d.params.scope ?? "")
    .split(" ")
    .filter(Boolean);
  const nikPurpose = meta.balai?.nikPurpose;
  return {
    uid: d.uid,
    prompt: d.prompt.name === "login" ? "login" : "consent",
    client: { clientId: d.params.client_id, name: meta.client_name },
    scopes,
    nik: scopes.includes("nik") && nikPurpose ? { purpose: nikPurpose, retentionDays: meta.balai?.nikRetentionDays ?? 0 } : null,
    accountId: d.session?.accountId ?? null,
  };
}

/** The signed-in Balai user becomes the OIDC session's account. */
export async function finishLogin(provider: Provider, raw: Raw, uid: string, actor: Actor): Promise<string> {
  const d = await details(provider, raw);
  if (d.uid !== uid || d.prompt.name !== "login") throw new AppError("interaction-expired", 410);
  return provider.interactionResult(raw.req, raw.res, { login: { accountId: actor.userId, amr: ["pwd"] } }, { mergeWithLastSubmission: false });
}

/**
 * The user's consent: the requested scopes are granted, except `nik` unless the user ticked it. A NIK consent is
 * recorded with the client's registered purpose and retention, and audited.
 */
export async function finishConsent(db: Db, tenantId: string, provider: Provider, raw: Raw, uid: string, actor: Actor, shareNik: boolean): Promise<string> {
  const d = await details(provider, raw);
  if (d.uid !== uid || d.prompt.name !== "consent") throw new AppError("interaction-expired", 410);
  if (d.session?.accountId !== actor.userId) throw forbidden("interaction-other-account");
  const meta = await clientMeta(db, tenantId, d.params.client_id);
  const grant = d.grantId ? await provider.Grant.find(d.grantId) : new provider.Grant({ accountId: actor.userId, clientId: d.params.client_id });
  if (!grant) throw new AppError("interaction-expired", 410);
  const missing = (d.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
  const nikAsked = missing.includes("nik");
  const nikAllowed = nikAsked && shareNik && !!meta.balai?.nikPurpose;
  const scopes = missing.filter((s) => s !== "nik" || nikAllowed);
  if (scopes.length) grant.addOIDCScope(scopes.join(" "));
  const claims = (d.prompt.details.missingOIDCClaims as string[] | undefined) ?? [];
  if (claims.length) grant.addOIDCClaims(claims.filter((c) => c !== "nik" || nikAllowed));
  // A NIK the user did not agree to share is rejected in the grant (not asked again for this client).
  if (nikAsked && !nikAllowed) grant.rejectOIDCScope("nik");
  const grantId = await grant.save();
  if (nikAllowed && meta.balai?.nikPurpose) {
    const purpose = meta.balai.nikPurpose;
    const retentionDays = meta.balai.nikRetentionDays ?? 0;
    await db.tx(async (q) => {
      await store.recordNikConsent(q, { tenantId, userId: actor.userId, clientId: d.params.client_id, purpose, retentionDays });
      await audit(q, {
        tenantId,
        actorId: actor.userId,
        action: "oidc.nik.consented",
        subjectType: "oidc_client",
        subjectId: d.params.client_id,
        data: { purpose, retentionDays },
      });
    });
  }
  return provider.interactionResult(raw.req, raw.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export async function abortInteraction(provider: Provider, raw: Raw, uid: string): Promise<string> {
  const d = await details(provider, raw);
  if (d.uid !== uid) throw new AppError("interaction-expired", 410);
  return provider.interactionResult(raw.req, raw.res, { error: "access_denied", error_description: "the user declined" }, { mergeWithLastSubmission: false });
}
