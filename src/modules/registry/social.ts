/**
 * Official social-media accounts of the OPDs, under Kominfo: who runs each, whether Kominfo verified it, and a review
 * every six months (the reminder job writes to Kominfo when one is due).
 */
import { audit } from "../../platform/audit.ts";
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { badRequest, conflict, notFound, validationFailed } from "../../platform/errors.ts";
import { unitsByCode, unitsById } from "../admin/index.ts";
import * as store from "./store-front.ts";

export const PLATFORMS = ["instagram", "facebook", "x", "youtube", "tiktok", "whatsapp", "website", "other"] as const;
export const SOCIAL_REVIEW_MONTHS = 6;

export interface SocialAccount {
  id: string;
  unitCode: string;
  unitName: string;
  platform: string;
  handle: string;
  url: string;
  adminName: string;
  adminContact: string;
  verification: "unverified" | "verified";
  lastReview: string | null;
  reviewDue: string;
  reviewOverdue: boolean;
}

const today = () => new Date().toISOString().slice(0, 10);
export function monthsFromToday(months: number): string {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

const toView = (r: store.SocialRow, unit: { code: string; name: string }): SocialAccount => ({
  id: r.id,
  unitCode: unit.code,
  unitName: unit.name,
  platform: r.platform,
  handle: r.handle,
  url: r.url,
  adminName: r.admin_name,
  adminContact: r.admin_contact,
  verification: r.verification,
  lastReview: r.last_review,
  reviewDue: r.review_due,
  reviewOverdue: r.review_due < today(),
});

/** The accounts as views, with their OPD's code and name from the admin module's unit tree (ordered by OPD name). */
async function views(q: Queryable, tenantId: string, rows: store.SocialRow[]): Promise<SocialAccount[]> {
  const units = new Map(
    (
      await unitsById(
        q,
        tenantId,
        rows.map((r) => r.unit_id),
      )
    ).map((u) => [u.id, u]),
  );
  return rows
    .filter((r) => units.has(r.unit_id))
    .map((r) => toView(r, units.get(r.unit_id) as { code: string; name: string }))
    .sort((a, b) => (a.unitName < b.unitName ? -1 : a.unitName > b.unitName ? 1 : 0));
}

export async function listSocialAccounts(q: Queryable, tenantId: string): Promise<SocialAccount[]> {
  return views(q, tenantId, await store.listSocial(q, tenantId));
}

export async function socialOfUnit(q: Queryable, tenantId: string, unitId: string): Promise<SocialAccount[]> {
  return views(q, tenantId, await store.listSocial(q, tenantId, unitId));
}

export interface NewSocial {
  unitCode: string;
  platform: (typeof PLATFORMS)[number];
  handle: string;
  url: string;
  adminName: string;
  adminContact?: string;
}

export async function registerSocialAccountIn(q: Queryable, tenantId: string, input: NewSocial, actorId: string | null): Promise<SocialAccount> {
  if (!/^https:\/\/\S+$/.test(input.url)) throw validationFailed([{ field: "url", code: "format", message: "an https:// address" }]);
  const handle = input.handle.trim().replace(/^@/, "");
  if (!/^[\w.\-+ ]{2,100}$/.test(handle)) throw validationFailed([{ field: "handle", code: "pattern" }]);
  const [unit] = await unitsByCode(q, tenantId, [input.unitCode]);
  if (!unit) throw badRequest("unknown-unit", { detail: `no unit with code ${input.unitCode}` });
  if (await store.socialByHandle(q, tenantId, input.platform, handle))
    throw conflict("social-account-exists", { detail: `${input.platform} ${handle} is already registered` });
  const id = await store.insertSocial(q, {
    tenantId,
    unitId: unit.id,
    platform: input.platform,
    handle,
    url: input.url,
    adminName: input.adminName.trim(),
    adminContact: input.adminContact?.trim() ?? "",
    reviewDue: monthsFromToday(SOCIAL_REVIEW_MONTHS),
    createdBy: actorId,
  });
  await audit(q, {
    tenantId,
    actorId,
    action: "registry.social.registered",
    subjectType: "social_account",
    subjectId: id,
    data: { platform: input.platform, handle },
  });
  return (await views(q, tenantId, [(await store.socialById(q, tenantId, id)) as store.SocialRow]))[0] as SocialAccount;
}

/** Kominfo reviewed the account (and says whether it is verified as official): the next review is six months on. */
export async function reviewSocialAccountIn(q: Queryable, tenantId: string, id: string, verified: boolean, actorId: string | null): Promise<SocialAccount> {
  if (!(await store.socialById(q, tenantId, id))) throw notFound();
  await store.reviewSocial(q, tenantId, id, verified ? "verified" : "unverified", monthsFromToday(SOCIAL_REVIEW_MONTHS));
  await audit(q, { tenantId, actorId, action: "registry.social.reviewed", subjectType: "social_account", subjectId: id, data: { verified } });
  return (await views(q, tenantId, [(await store.socialById(q, tenantId, id)) as store.SocialRow]))[0] as SocialAccount;
}

/** registerSocialAccountIn in a transaction of its own (what the route calls). */
export const registerSocialAccount = inTransaction(registerSocialAccountIn);

/** reviewSocialAccountIn in a transaction of its own (what the route calls). */
export const reviewSocialAccount = inTransaction(reviewSocialAccountIn);
