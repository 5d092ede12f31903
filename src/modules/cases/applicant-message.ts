/** The applicant's messages about their case: one text for every path (filing, actions, moves, comments). */
import type { Actor } from "../../platform/auth/roles.ts";
import type { Queryable } from "../../platform/db.ts";
import { enqueueNotification, type NewNotification } from "../../platform/notify.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import type { ResolvedService } from "../catalog/index.ts";
import * as store from "./store.ts";

/** What a message needs: the tenant and the public URL for the tracking link. */
export interface MessageCtx {
  tenant: Tenant;
  publicUrl?: string;
}

/**
 * The message to the applicant about their case (e-mail, else SMS), with the public tracking link; sealed for
 * e-Lapor reports. undefined: nobody to tell. `self`: the applicant acting on their own case, whose contact details
 * are at hand (saves a read).
 */
export async function applicantNotification(
  q: Queryable,
  ctx: MessageCtx,
  c: store.CaseRow,
  spec: ResolvedService,
  headline: { id: string; en: string },
  self?: Actor,
): Promise<NewNotification | undefined> {
  if (!c.applicant_id) return;
  const user =
    self?.userId === c.applicant_id
      ? { email: self.email, phone: self.phone, locale: self.locale }
      : await store.applicantContact(q, ctx.tenant.id, c.applicant_id);
  if (!user || (!user.email && !user.phone)) return;
  const link = `${ctx.publicUrl ?? ""}/lacak/${c.tracking_token}`;
  return {
    tenantId: ctx.tenant.id,
    userId: c.applicant_id,
    channel: user.email ? "email" : "sms",
    recipient: (user.email ?? user.phone) as string,
    template: "cases.update",
    subject: user.locale === "en" ? `${spec.name.en} ${c.number}` : `${spec.name.id} ${c.number}`,
    body: user.locale === "en" ? `${spec.name.en} ${c.number}: ${headline.en}. Track: ${link}` : `${spec.name.id} ${c.number}: ${headline.id}. Lacak: ${link}`,
    // e-Lapor: the row keeps no address, read from the account at delivery (docs/complaints.md).
    sealed: c.kind === "complaint",
  };
}

/** Queues the applicant's message in the caller's transaction. */
export async function notifyApplicant(...args: Parameters<typeof applicantNotification>) {
  const n = await applicantNotification(...args);
  if (n) await enqueueNotification(args[0], n);
}

/** The applicant's e-mail and phone (for an adapter that passes the reporter on, e.g. SP4N-LAPOR! forwarding). */
export const applicantContactOf = (q: Queryable, tenantId: string, userId: string) => store.applicantContact(q, tenantId, userId);
