/** The SQL of the registry's social-media accounts and OPD front doors. */
import type { Queryable } from "../../platform/db.ts";

export interface SocialRow {
  id: string;
  unit_id: string;
  platform: string;
  handle: string;
  url: string;
  admin_name: string;
  admin_contact: string;
  verification: "unverified" | "verified";
  last_review: string | null;
  review_due: string;
}

const SOCIAL = `SELECT s.id, s.unit_id, s.platform, s.handle, s.url, s.admin_name, s.admin_contact,
        s.verification, s.last_review::text AS last_review, s.review_due::text AS review_due
   FROM registry_social_accounts s`;

export function listSocial(q: Queryable, tenantId: string, unitId?: string) {
  return unitId
    ? q.query<SocialRow>(`${SOCIAL} WHERE s.tenant_id = $1 AND s.unit_id = $2 ORDER BY s.platform, s.handle`, [tenantId, unitId])
    : q.query<SocialRow>(`${SOCIAL} WHERE s.tenant_id = $1 ORDER BY s.platform, s.handle`, [tenantId]);
}

export function socialById(q: Queryable, tenantId: string, id: string) {
  return q.one<SocialRow>(`${SOCIAL} WHERE s.tenant_id = $1 AND s.id = $2`, [tenantId, id]);
}

export function socialByHandle(q: Queryable, tenantId: string, platform: string, handle: string) {
  return q.one<{ id: string }>("SELECT id FROM registry_social_accounts WHERE tenant_id = $1 AND platform = $2 AND lower(handle) = lower($3)", [
    tenantId,
    platform,
    handle,
  ]);
}

export async function insertSocial(
  q: Queryable,
  s: {
    tenantId: string;
    unitId: string;
    platform: string;
    handle: string;
    url: string;
    adminName: string;
    adminContact: string;
    reviewDue: string;
    createdBy: string | null;
  },
) {
  const row = await q.one<{ id: string }>(
    `INSERT INTO registry_social_accounts (tenant_id, unit_id, platform, handle, url, admin_name, admin_contact, review_due, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [s.tenantId, s.unitId, s.platform, s.handle, s.url, s.adminName, s.adminContact, s.reviewDue, s.createdBy],
  );
  return (row as { id: string }).id;
}

export async function reviewSocial(q: Queryable, tenantId: string, id: string, verification: "unverified" | "verified", nextDue: string) {
  await q.query(
    "UPDATE registry_social_accounts SET verification = $3, last_review = current_date, review_due = $4, reminded_at = NULL WHERE tenant_id = $1 AND id = $2",
    [tenantId, id, verification, nextDue],
  );
}

export interface PageRow {
  published: Record<string, unknown> | string | null;
  published_at: Date | null;
  draft: Record<string, unknown> | string | null;
  draft_at: Date | null;
}

export function pageOf(q: Queryable, tenantId: string, unitId: string, forUpdate = false) {
  return q.one<PageRow>(
    `SELECT published, published_at, draft, draft_at FROM opd_pages WHERE tenant_id = $1 AND unit_id = $2${forUpdate ? " FOR UPDATE" : ""}`,
    [tenantId, unitId],
  );
}

export interface PageDraft {
  about: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  hours: { days: string; time: string }[];
  location: { lat: number; lon: number } | null;
}

export async function saveDraft(q: Queryable, tenantId: string, unitId: string, draft: PageDraft, by: string | null) {
  await q.query(
    `INSERT INTO opd_pages (tenant_id, unit_id, draft, draft_by, draft_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (tenant_id, unit_id) DO UPDATE SET draft = EXCLUDED.draft, draft_by = EXCLUDED.draft_by, draft_at = now()`,
    [tenantId, unitId, JSON.stringify(draft), by],
  );
}

export async function publishDraft(q: Queryable, tenantId: string, unitId: string, by: string | null) {
  await q.query(
    "UPDATE opd_pages SET published = draft, published_at = now(), approved_by = $3, draft = NULL, draft_by = NULL, draft_at = NULL WHERE tenant_id = $1 AND unit_id = $2",
    [tenantId, unitId, by],
  );
}

/** OPD pages with a proposed change waiting for Kominfo. */
export function pendingPages(q: Queryable, tenantId: string) {
  return q.query<{ unit_id: string; draft_at: Date }>(
    "SELECT p.unit_id, p.draft_at FROM opd_pages p WHERE p.tenant_id = $1 AND p.draft IS NOT NULL ORDER BY p.draft_at",
    [tenantId],
  );
}
