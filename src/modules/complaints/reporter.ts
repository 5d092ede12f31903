import type { Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { appendCaseEvent, type CaseRow, getCase, moveCase, specOf } from "../cases/index.ts";
import { auditActor, canRead, fieldError, isPublic, type LaporCtx, REOPENABLE, reopenDeadline, reporterActor, requireUser } from "./common.ts";
import * as store from "./store.ts";

// ---- the reporter's steps ----------------------------------------------------------------------------

async function loadOwn(q: Queryable, ctx: LaporCtx, id: string, actor: Actor) {
  const r = await store.getReport(q, ctx.tenant.id, id, true);
  if (!r || r.reporter_id !== actor.userId) throw notFound("report-not-found");
  return r;
}

/** The reporter writes back; an answered report goes back to the unit for follow-up. */
export async function reply(ctx: LaporCtx, id: string, message: string) {
  const actor = requireUser(ctx);
  const text = message.trim();
  if (!text) throw fieldError("message", "required");
  return ctx.db.tx(async (q) => {
    const r = await loadOwn(q, ctx, id, actor);
    if (!r.is_open) throw conflict("report-closed");
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const who = reporterActor(actor, r.anonymous);
    await appendCaseEvent(q, ctx.tenant.id, id, {
      actor: { ...who, role: "citizen" },
      kind: "comment",
      comment: text,
    });
    let state = r.state;
    if (r.state === "responded") {
      const c = await getCase(q, ctx.tenant.id, id);
      const moved = await moveCase(q, ctx, c as CaseRow, spec, { to: "in_progress", action: "reply", actor: who, quiet: true });
      state = moved.state;
    }
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.replied",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { id, state };
  });
}

/** Not fixed after all: the reporter reopens within the category's reopenDays of closing. */
export async function reopen(ctx: LaporCtx, id: string, reason: string, now = new Date()) {
  const actor = requireUser(ctx);
  const text = reason.trim();
  if (!text) throw fieldError("reason", "required");
  return ctx.db.tx(async (q) => {
    const r = await loadOwn(q, ctx, id, actor);
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    if (r.is_open || !REOPENABLE.has(r.state)) throw conflict("report-not-reopenable");
    const deadline = reopenDeadline(r, spec);
    if (!deadline || deadline.getTime() < now.getTime()) throw conflict("reopen-window-closed", { detail: deadline?.toISOString() });
    const c = await getCase(q, ctx.tenant.id, id);
    const moved = await moveCase(
      q,
      ctx,
      c as CaseRow,
      spec,
      { to: "in_progress", action: "reopen", actor: reporterActor(actor, r.anonymous), comment: text, quiet: true },
      now,
    );
    await store.bumpReopen(q, ctx.tenant.id, id);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.reopened",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { id, state: moved.state };
  });
}

export async function rate(ctx: LaporCtx, id: string, rating: number, comment?: string) {
  const actor = requireUser(ctx);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw fieldError("rating", "maximum");
  return ctx.db.tx(async (q) => {
    const r = await loadOwn(q, ctx, id, actor);
    if (r.is_open || r.state === "duplikat") throw conflict("report-not-closed");
    const text = comment?.trim() || null;
    await store.setRating(q, ctx.tenant.id, id, rating, text);
    const who = reporterActor(actor, r.anonymous);
    await appendCaseEvent(q, ctx.tenant.id, id, {
      actor: { ...who, role: "citizen" },
      kind: "updated",
      data: { rating },
      comment: text,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.rated",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, rating, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { rating, comment: text };
  });
}

/** "+1, saya juga mengalami": once per user, on open public reports. */
export async function support(ctx: LaporCtx, id: string) {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id);
    if (!r || (!isPublic(r) && !canRead(actor, r))) throw notFound("report-not-found");
    if (!r.is_open) throw conflict("report-closed");
    if (r.reporter_id === actor.userId) return { supportCount: r.support_count, supported: false };
    const res = await store.addSupport(q, ctx.tenant.id, id, actor.userId);
    if (res.added) {
      await audit(q, {
        tenantId: ctx.tenant.id,
        actorId: actor.userId,
        action: "complaint.supported",
        subjectType: "case",
        subjectId: id,
        data: { supportCount: res.supportCount },
      });
    }
    return { supportCount: res.supportCount, supported: res.added };
  });
}

export async function flag(ctx: LaporCtx, id: string, reason: string) {
  const actor = requireUser(ctx);
  const text = reason.trim();
  if (!text) throw fieldError("reason", "required");
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id);
    if (!r || (!isPublic(r) && !canRead(actor, r))) throw notFound("report-not-found");
    const added = await store.addFlag(q, ctx.tenant.id, id, actor.userId, text);
    if (added) {
      await audit(q, {
        tenantId: ctx.tenant.id,
        actorId: actor.userId,
        action: "complaint.flagged",
        subjectType: "case",
        subjectId: id,
        data: { number: r.number },
      });
    }
    return { flagged: true };
  });
}
