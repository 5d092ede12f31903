/**
 * Every OPD's front door inside Balai (`/opd/{code}`): what it offers (services from the catalog), how to reach it
 * (contacts, opening hours, location), its verified official social-media accounts and its registered apps. The
 * OPD's head and staff propose the text; Kominfo approves, and only then is it public. An OPD without an app or a
 * social account is told so on its page: the city guides it to get one under Kominfo.
 */
import { audit } from "../../platform/audit.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { can } from "../../platform/auth/roles.ts";
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { badRequest, forbidden, notFound } from "../../platform/errors.ts";
import { unitsByCode, withUnits } from "../admin/index.ts";
import { servicesOfUnit } from "../catalog/index.ts";
import { listApps } from "./service.ts";
import { socialOfUnit } from "./social.ts";
import * as store from "./store-front.ts";

export type PageContent = store.PageDraft;

const EMPTY: PageContent = { about: "", address: "", phone: "", email: "", website: "", hours: [], location: null };
const parse = (v: Record<string, unknown> | string | null): PageContent | null =>
  v === null ? null : ((typeof v === "string" ? JSON.parse(v) : v) as unknown as PageContent);

async function unitOf(q: Queryable, tenantId: string, code: string) {
  const [unit] = await unitsByCode(q, tenantId, [code.toUpperCase()]);
  if (!unit) throw notFound("opd-not-found");
  return unit;
}

export async function publicPage(q: Queryable, tenantId: string, code: string) {
  const unit = await unitOf(q, tenantId, code);
  const [page, services, social, apps] = await Promise.all([
    store.pageOf(q, tenantId, unit.id),
    servicesOfUnit(q, tenantId, unit.id),
    socialOfUnit(q, tenantId, unit.id),
    listApps(q, tenantId),
  ]);
  const content = parse(page?.published ?? null) ?? EMPTY;
  const verified = social.filter((s) => s.verification === "verified");
  const ownApps = apps.filter((a) => a.ownerUnitId === unit.id && a.status === "production");
  return {
    code: unit.code,
    name: unit.name,
    ...content,
    publishedAt: page?.published_at ? new Date(page.published_at).toISOString() : null,
    services: services.map((s) => ({ key: s.key, name: { id: s.name_id, en: s.name_en } })),
    social: verified.map((s) => ({ platform: s.platform, handle: s.handle, url: s.url })),
    apps: ownApps.map((a) => ({ key: a.key, name: a.name, url: a.url })),
    guidance: { noApps: ownApps.length === 0, noSocial: verified.length === 0 },
  };
}

export async function pageForEditing(q: Queryable, tenantId: string, code: string, actor: Actor) {
  const unit = await unitOf(q, tenantId, code);
  if (!can(actor, "opd.page.edit", [unit.id])) throw forbidden();
  const page = await store.pageOf(q, tenantId, unit.id);
  return {
    code: unit.code,
    name: unit.name,
    published: parse(page?.published ?? null),
    draft: parse(page?.draft ?? null),
    draftAt: page?.draft_at ? new Date(page.draft_at).toISOString() : null,
  };
}

/** The OPD's head or staff (or Kominfo) propose the page's content; it waits for Kominfo's approval. */
export async function proposePageIn(q: Queryable, tenantId: string, code: string, content: PageContent, actor: Actor) {
  const unit = await unitOf(q, tenantId, code);
  if (!can(actor, "opd.page.edit", [unit.id])) throw forbidden();
  if (content.location && (Math.abs(content.location.lat) > 90 || Math.abs(content.location.lon) > 180)) throw badRequest("location-invalid");
  await store.saveDraft(q, tenantId, unit.id, content, actor.userId);
  await audit(q, { tenantId, actorId: actor.userId, action: "registry.opd-page.proposed", subjectType: "org_unit", subjectId: unit.id });
  return pageForEditing(q, tenantId, code, actor);
}

/** Kominfo approves the proposed page: it becomes the public one. */
export async function approvePageIn(q: Queryable, tenantId: string, code: string, actor: Actor) {
  const unit = await unitOf(q, tenantId, code);
  const page = await store.pageOf(q, tenantId, unit.id, true);
  if (!page?.draft) throw badRequest("nothing-to-approve", { detail: "there is no proposed change to approve" });
  await store.publishDraft(q, tenantId, unit.id, actor.userId);
  await audit(q, { tenantId, actorId: actor.userId, action: "registry.opd-page.approved", subjectType: "org_unit", subjectId: unit.id });
  return pageForEditing(q, tenantId, code, actor);
}

/** Proposed OPD pages waiting for Kominfo's approval. */
export async function pendingProposals(q: Queryable, tenantId: string) {
  const pages = await store.pendingPages(q, tenantId);
  return (await withUnits(q, tenantId, pages, (p) => p.unit_id)).map(({ row, unit }) => ({
    code: unit.code,
    name: unit.name,
    draftAt: new Date(row.draft_at).toISOString(),
  }));
}

/** proposePageIn in a transaction of its own (what the route calls). */
export const proposePage = inTransaction(proposePageIn);

/** approvePageIn in a transaction of its own (what the route calls). */
export const approvePage = inTransaction(approvePageIn);
