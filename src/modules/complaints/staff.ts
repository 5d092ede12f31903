/** Staff steps: progress updates, merging duplicates, the heat map and moderation. */
import { cellToLatLng } from "h3-js";
import type { Db } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, forbidden, notFound } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { appendCaseEvent, type CaseRow, getCase, moveCase, notifyApplicant, specOf } from "../cases/index.ts";
import { canRead, excerpt, fieldError, type LaporCtx, MAX_PHOTOS, privatePhoto, requireUser, staffRoles } from "./common.ts";
import { recordPhoto, storePhoto } from "./photos.ts";
import * as store from "./store.ts";

// ---- staff steps ---------------------------------------------------------------------------------------

/** An officer of the handling unit posts a progress update (message and up to 5 photos), shown publicly. */
export async function postUpdate(ctx: LaporCtx, id: string, message: string, photos: { filename: string; bytes: Buffer }[]) {
  const actor = requireUser(ctx);
  const text = message.trim();
  if (!text) throw fieldError("message", "required");
  if (photos.length > MAX_PHOTOS) throw fieldError("file", "too-many-photos");
  const r = await store.getReport(ctx.db, ctx.tenant.id, id);
  if (!r || !canRead(actor, r)) throw notFound("report-not-found");
  const roles = staffRoles(actor, r);
  if (!roles.length) throw forbidden();
  if (!r.is_open) throw conflict("report-closed");
  const stored: Awaited<ReturnType<typeof storePhoto>>[] = [];
  for (const p of photos) stored.push(await storePhoto(ctx, actor, p.filename, p.bytes, "file"));
  return ctx.db.tx(async (q) => {
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const ids: string[] = [];
    for (const p of stored) {
      ids.push(await recordPhoto(q, ctx.tenant.id, p, id, "update"));
    }
    const now = new Date();
    await appendCaseEvent(q, ctx.tenant.id, id, {
      actor: { id: actor.userId, name: actor.name, role: roles[0] },
      kind: "comment",
      comment: text,
      data: { update: true, photos: ids },
    });
    await store.markFirstResponse(q, ctx.tenant.id, id, now);
    const c = (await getCase(q, ctx.tenant.id, id)) as CaseRow;
    await notifyApplicant(q, ctx, c, spec, { id: `kabar perkembangan: ${text}`, en: `progress update: ${text}` });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.update-posted",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, photos: ids.length },
    });
    return { id, photos: ids.map(privatePhoto) };
  });
}

/** Closes a report as a duplicate of another open one (by number or id); its reporter becomes a supporter. */
export async function merge(ctx: LaporCtx, id: string, into: string) {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id, true);
    if (!r || !canRead(actor, r)) throw notFound("report-not-found");
    const kominfo = actor.grants.some((g) => g.role === "kominfo_admin");
    if (!kominfo && !staffRoles(actor, r).length) throw forbidden();
    const target = /^[0-9a-f-]{36}$/i.test(into) ? await store.getReport(q, ctx.tenant.id, into) : await store.getReportByNumber(q, ctx.tenant.id, into);
    if (!target) throw fieldError("into", "report-not-found");
    if (target.id === r.id) throw fieldError("into", "merge-self");
    if (!r.is_open) throw conflict("report-closed");
    if (!target.is_open) throw fieldError("into", "report-closed");
    if (target.service_key !== r.service_key && !kominfo) throw fieldError("into", "other-category");
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const c = (await getCase(q, ctx.tenant.id, id)) as CaseRow;
    const role = staffRoles(actor, r)[0] ?? "kominfo_admin";
    await moveCase(q, ctx, c, spec, {
      to: "duplikat",
      action: "merge",
      actor: { id: actor.userId, name: actor.name, role },
      comment: `Digabung ke laporan ${target.number} / Merged into ${target.number}`,
      data: { mergedInto: target.id, number: target.number },
    });
    await store.setMerged(q, ctx.tenant.id, id, target.id);
    if (r.reporter_id && r.reporter_id !== target.reporter_id) await store.addSupport(q, ctx.tenant.id, target.id, r.reporter_id);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.merged",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, into: target.number },
    });
    return { id, state: "duplikat", mergedInto: { id: target.id, number: target.number } };
  });
}

export async function heatmap(db: Db, tenant: Tenant, from: Date, to: Date) {
  const rows = await store.heatmap(db, tenant.id, from, to);
  return {
    cells: rows.map((r) => {
      const [lat, lon] = cellToLatLng(r.h3);
      return { h3: r.h3, lat, lon, count: r.count };
    }),
  };
}

export async function moderationQueue(db: Db, tenant: Tenant) {
  const rows = await store.moderationQueue(db, tenant.id, 200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      category: r.service_key,
      excerpt: excerpt(r.description),
      hidden: r.hidden,
      flags: r.flags,
      reasons: r.reasons,
      firstFlaggedAt: r.first_flagged_at,
    })),
  };
}

export async function moderate(ctx: LaporCtx, id: string, decision: "hide" | "keep") {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("report-not-found");
    const decided = await store.decideFlags(q, ctx.tenant.id, id, decision, actor.userId);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.moderated",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, decision, flags: decided },
    });
    return { id, hidden: decision === "hide" };
  });
}
