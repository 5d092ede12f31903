import { allowedActions, type CaseRow, caseEvents, specOf } from "../cases/index.ts";
import {
  excerpt,
  type LaporCtx,
  loadReport,
  privatePhoto,
  reopenDeadline,
  requireUser,
  staffRoles,
  stateLabel,
  terminalOf,
  unitNamesByCode,
  unitsById,
} from "./common.ts";
import { fixView } from "./fix-loop.ts";
import { addressOf } from "./place-store.ts";
import * as store from "./store.ts";

export async function viewReport(ctx: LaporCtx, id: string) {
  const actor = requireUser(ctx);
  const r = await loadReport(ctx.db, ctx, id);
  const spec = await specOf(ctx.db, ctx.tenant.id, r.service_key, r.service_version);
  const isReporter = r.reporter_id === actor.userId;
  const roles = staffRoles(actor, r);
  const asStaff = !isReporter || roles.length > 0;
  const [events, photos, units, names, address] = await Promise.all([
    caseEvents(ctx.db, ctx.tenant.id, id),
    store.photosOf(ctx.db, ctx.tenant.id, [id]),
    unitsById(ctx.db, ctx.tenant.id, [r.assignee_unit_id, r.routed_unit_id]),
    unitNamesByCode(ctx.db, ctx.tenant.id, [r.kelurahan_code, r.kecamatan_code]),
    asStaff ? addressOf(ctx.db, ctx.tenant.id, id) : null,
  ]);
  const merged = r.merged_into ? await store.getReport(ctx.db, ctx.tenant.id, r.merged_into) : undefined;
  const deadline = reopenDeadline(r, spec);
  const now = new Date();
  return {
    id: r.id,
    number: r.number,
    version: r.version,
    trackingToken: isReporter ? r.tracking_token : undefined,
    category: { key: r.service_key, name: spec.name, classification: r.classification },
    title: r.title,
    description: r.description,
    data: r.data,
    fields: spec.form.fields,
    lat: r.lat,
    lon: r.lon,
    kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: names.get(r.kelurahan_code) ?? null } : null,
    kecamatan: r.kecamatan_code ? { code: r.kecamatan_code, name: names.get(r.kecamatan_code) ?? null } : null,
    /** Staff: the address an Open311 app sent; canPlace: may set the kelurahan (POST …/kelurahan, ./kelurahan.ts). */
    address: asStaff ? address : undefined,
    canPlace: asStaff && r.is_open && (roles.length > 0 || actor.grants.some((g) => g.role === "kominfo_admin")),
    anonymous: r.anonymous,
    confidential: r.confidential,
    /** Staff see the reporter's name only when the report is not anonymous; nobody sees account ids. */
    reporter: asStaff && !isReporter ? (r.anonymous ? null : { name: r.applicant_name }) : undefined,
    state: r.state,
    stateLabel: stateLabel(spec, r.state),
    isOpen: r.is_open,
    outcome: terminalOf(spec, r.state) ? r.state : null,
    unit: r.assignee_unit_id ? (units.get(r.assignee_unit_id) ?? null) : null,
    routedUnit: asStaff ? (r.routed_unit_id ? (units.get(r.routed_unit_id) ?? null) : null) : undefined,
    submittedAt: r.submitted_at,
    stateDueAt: r.state_due_at,
    slaDueAt: r.sla_due_at,
    closedAt: r.closed_at,
    supportCount: r.support_count,
    rating: r.rating,
    ratingComment: r.rating_comment,
    reopenCount: r.reopen_count,
    mergedInto: merged ? { id: merged.id, number: merged.number } : null,
    hidden: asStaff ? r.hidden : undefined,
    flagCount: asStaff ? r.flag_count : undefined,
    canReply: isReporter && r.is_open,
    canReopen: isReporter && !!deadline && deadline.getTime() >= now.getTime(),
    reopenUntil: isReporter ? deadline : undefined,
    canRate: isReporter && !r.is_open && r.state !== "duplikat",
    myRoles: roles,
    actions: allowedActions(spec.workflow, r as unknown as CaseRow, roles).map((a) => ({
      key: a.key,
      label: a.label,
      to: a.to,
      requireComment: !!a.requireComment,
      forward: !!a.forward,
    })),
    photos: photos.filter((p) => p.kind === "report").map((p) => privatePhoto(p.file_id)),
    timeline: events.map((e) => {
      const byReporter = e.actor_role === "citizen";
      const files = Array.isArray(e.data?.photos) ? (e.data.photos as string[]) : [];
      return {
        at: e.at,
        kind: e.data?.update ? "update" : e.kind,
        action: e.action,
        from: e.from_state,
        to: e.to_state,
        toLabel: e.to_state ? stateLabel(spec, e.to_state) : null,
        comment: e.comment,
        by: byReporter ? "reporter" : e.actor_role ? "officer" : "system",
        // Officers' names for staff; the reporter's name never when anonymous; nothing of staff for citizens.
        actorName: asStaff && !isReporter ? (byReporter && r.anonymous ? null : e.actor_name) : undefined,
        photos: files.map(privatePhoto),
      };
    }),
    sla: r.is_open && r.state_due_at ? (new Date(r.state_due_at) < now ? "overdue" : "on_time") : "none",
    fix: await fixView(ctx.db, ctx.tenant.id, r, spec, isReporter ? "reporter" : "staff", now),
  };
}

export async function myReports(ctx: LaporCtx) {
  const actor = requireUser(ctx);
  const rows = await store.listMine(ctx.db, ctx.tenant.id, actor.userId);
  const out = [];
  const now = Date.now();
  for (const r of rows) {
    const spec = await specOf(ctx.db, ctx.tenant.id, r.service_key, r.service_version);
    const deadline = reopenDeadline(r, spec);
    out.push({
      id: r.id,
      number: r.number,
      category: { key: r.service_key, name: spec.name },
      excerpt: excerpt(r.title ? `${r.title}: ${r.description}` : r.description),
      state: r.state,
      stateLabel: stateLabel(spec, r.state),
      isOpen: r.is_open,
      outcome: terminalOf(spec, r.state) ? r.state : null,
      anonymous: r.anonymous,
      confidential: r.confidential,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      supportCount: r.support_count,
      rating: r.rating,
      canReopen: !!deadline && deadline.getTime() >= now,
      canRate: !r.is_open && r.state !== "duplikat",
      trackingToken: r.tracking_token,
    });
  }
  return out;
}
