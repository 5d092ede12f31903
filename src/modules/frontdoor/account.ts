/**
 * The citizen account a WhatsApp reporter files under: the account with that phone number, or a new citizen account
 * marked as created from WhatsApp (like Open311's app reporters, but the person's own number: replies about the
 * report reach it through the usual notification path).
 */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { Queryable } from "../../platform/db.ts";
import { findUserByIdentifier, insertUser, type UserRow } from "../accounts/index.ts";
import * as store from "./store.ts";

export async function accountForPhone(q: Queryable, tenantId: string, phone: string, profileName: string | undefined): Promise<UserRow> {
  const existing = await findUserByIdentifier(q, tenantId, { kind: "phone", value: phone });
  if (existing) return existing;
  const name = `${
    (profileName ?? "")
      .replace(/[\p{C}]/gu, "")
      .trim()
      .slice(0, 100) || "Warga"
  } (WhatsApp)`;
  const user = await insertUser(q, {
    tenantId,
    kind: "citizen",
    name,
    email: null,
    phone,
    passwordHash: await hashPassword(randomBytes(24).toString("base64url")),
    verified: false,
  });
  await store.markWhatsAppAccount(q, tenantId, user.id);
  await audit(q, { tenantId, actorId: null, action: "frontdoor.account-created", subjectType: "user", subjectId: user.id, data: { source: "whatsapp" } });
  return user;
}

/** The reporter as an actor for e-Lapor: never any staff grant (a WhatsApp message proves a phone, not a role). */
export function reporterActor(user: UserRow, tenantId: string): Actor {
  return {
    tenantId,
    userId: user.id,
    kind: "citizen",
    name: user.name,
    // No address here: the filing message would repeat the reply the front door sends itself.
    email: null,
    phone: null,
    locale: "id",
    totpEnabled: false,
    grants: [],
    sessionId: "whatsapp",
    csrfToken: "",
    mfaPending: false,
  };
}
