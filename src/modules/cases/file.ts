/**
 * Engine primitives for cases that do not start as a citizen's draft (reports, complaints) and for
 * transitions the platform makes itself (auto-close, merge, reopen by the reporter), beside the
 * workflow actions of service.ts. Each runs in the caller's transaction and writes the case event,
 * the outbox event and the applicant's notification; the caller writes the audit entry (last).
 */
import type { Queryable } from "../../platform/db.ts";
import { conflict } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { addWorkingDays, localDate } from "../../platform/workdays.ts";
import type { ResolvedService } from "../catalog/spec.ts";
import { holidaysOf } from "../calendar/service.ts";
import { newTrackingToken } from "./service.ts";
import * as store from "./store.ts";

export interface FileCtx {
  tenant: Tenant;
  publicUrl?: string;
}

/** Who a case event names. Anonymous reporters are written as { id: null, name: null, role: "citizen" }. */
export interface EventActor {
  id: string | null;
  name: string | null;
  role: string | null;
}

export interface NewFiledCase {
  serviceKey: string;
  version: number;
  spec: ResolvedService;
  applicantId: string | null;
  /** null hides the applicant from every staff view (anonymous reports). */
  applicantName: string | null;
  data: Record<string, unknown>;
  unitId: string;
  kelurahan: string | null;
  kecamatan: string | null;
  lat?: number | null;
  lng?: number | null;
  h3?: string | null;
  actor: EventActor;
  headline?: { id: string; en: string };
}

/** Creates a case directly in its workflow's start state: numbered, routed, SLA clocks set, event, outbox, notification. */
export async function fileCase(q: Queryable, ctx: FileCtx, input: NewFiledCase, now = new Date()): Promise<store.CaseRow> {
  const { spec } = input;
  const { tenant } = ctx;
  const holidays = await holidaysOf(q, tenant.id);
  const start = spec.workflow.start;
  const stateSla = spec.workflow.states.find((s) => s.key === start)?.slaDays;
  const slaDue = addWorkingDays(now, spec.slaDays, tenant.timezone, holidays);
  const stateDue = stateSla !== undefined ? addWorkingDays(now, stateSla, tenant.timezone, holidays) : null;
  const year = Number(localDate(now, tenant.timezone).slice(0, 4));
  const seq = await store.nextCaseNumber(q, tenant.id, spec.prefix, year);
  const number = `${spec.prefix}-${year}-${String(seq).padStart(6, "0")}`;
  const c = (await q.one<store.CaseRow>(
    `INSERT INTO cases (tenant_id, number, tracking_token, service_key, service_version, kind, applicant_id, applicant_name, data, state,
                        assignee_unit_id, kelurahan_code, kecamatan_code, lat, lng, h3, submitted_at, sla_due_at, state_due_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $17, $17) RETURNING *`,
    [
      tenant.id,
      number,
      newTrackingToken(),
      input.serviceKey,
      input.version,
      spec.kind,
      input.applicantId,
      input.applicantName,
      input.data,
      start,
      input.unitId,
      input.kelurahan,
      input.kecamatan,
      input.lat ?? null,
      input.lng ?? null,
      input.h3 ?? null,
      now,
      slaDue,
      stateDue,
    ],
  )) as store.CaseRow;
  await store.insertEvent(q, {
    tenantId: tenant.id,
    caseId: c.id,
    actorId: input.actor.id,
    actorName: input.actor.name,
    actorRole: input.actor.role,
    kind: "submitted",
    toState: start,
    data: { number },
  });
  await emit(q, tenant.id, "case.submitted", {
    caseId: c.id,
    number,
    service: input.serviceKey,
    kind: spec.kind,
    unitId: input.unitId,
    kelurahan: input.kelurahan,
  });
  await notifyApplicant(q, ctx, c, spec, input.headline ?? { id: "laporan diterima", en: "report received" });
  return c;
}

export interface MoveInput {
  to: string;
  action: string;
  actor: EventActor;
  comment?: string | null;
  data?: Record<string, unknown>;
  /** Reassign to this unit. */
  assigneeUnitId?: string;
  /** Skip the applicant's notification (e.g. they made the move themselves). */
  quiet?: boolean;
}

/**
 * Moves a case to another state of its workflow outside the workflow's actions (the platform or the
 * reporter acting), with the same bookkeeping as an action. A closed case moved to a non-terminal state
 * is reopened. Optimistic: 409 when the case changed since it was read.
 */
export async function moveCase(q: Queryable, ctx: FileCtx, c: store.CaseRow, spec: ResolvedService, input: MoveInput, now = new Date()) {
  const target = spec.workflow.states.find((s) => s.key === input.to);
  if (!target) throw new Error(`state ${input.to} is not in the workflow of ${spec.key}`);
  const holidays = await holidaysOf(q, ctx.tenant.id);
  const reopening = !c.is_open && !target.terminal;
  const updated = await store.updateCase(q, ctx.tenant.id, c.id, c.version, {
    state: target.key,
    is_open: !target.terminal,
    outcome: target.terminal ? (target.outcome ?? target.key) : null,
    closed_at: target.terminal ? now : null,
    state_due_at: target.slaDays !== undefined && !target.terminal ? addWorkingDays(now, target.slaDays, ctx.tenant.timezone, holidays) : null,
    escalated_at: null,
    ...(input.assigneeUnitId ? { assignee_unit_id: input.assigneeUnitId } : {}),
    // A reopened case gets a fresh service clock.
    ...(reopening ? { sla_due_at: addWorkingDays(now, spec.slaDays, ctx.tenant.timezone, holidays) } : {}),
  });
  if (!updated) throw conflict("stale-version");
  await store.insertEvent(q, {
    tenantId: ctx.tenant.id,
    caseId: c.id,
    actorId: input.actor.id,
    actorName: input.actor.name,
    actorRole: input.actor.role,
    kind: "transition",
    action: input.action,
    fromState: c.state,
    toState: target.key,
    comment: input.comment ?? null,
    data: input.data ?? {},
  });
  await emit(q, ctx.tenant.id, "case.transitioned", {
    caseId: c.id,
    number: c.number,
    action: input.action,
    from: c.state,
    to: target.key,
    unitId: updated.assignee_unit_id,
    kind: c.kind,
  });
  if (!input.quiet) {
    const comment = input.comment && input.actor.role !== "citizen" ? ` — ${input.comment}` : "";
    await notifyApplicant(q, ctx, updated, spec, { id: `${target.label.id}${comment}`, en: `${target.label.en}${comment}` });
  }
  return updated;
}

/** Queues a message about the case to its applicant (e-mail, else SMS), with the public tracking link; sealed for e-Lapor reports. */
export async function notifyApplicant(q: Queryable, ctx: FileCtx, c: store.CaseRow, spec: ResolvedService, headline: { id: string; en: string }) {
  if (!c.applicant_id) return;
  const user = await q.one<{ email: string | null; phone: string | null; locale: "id" | "en" }>(
    "SELECT email, phone, locale FROM users WHERE tenant_id = $1 AND id = $2",
    [ctx.tenant.id, c.applicant_id],
  );
  if (!user || (!user.email && !user.phone)) return;
  const link = `${ctx.publicUrl ?? ""}/lacak/${c.tracking_token}`;
  await enqueueNotification(q, {
    tenantId: ctx.tenant.id,
    userId: c.applicant_id,
    channel: user.email ? "email" : "sms",
    recipient: (user.email ?? user.phone) as string,
    template: "cases.update",
    subject: user.locale === "en" ? `${spec.name.en} ${c.number}` : `${spec.name.id} ${c.number}`,
    body: user.locale === "en" ? `${spec.name.en} ${c.number}: ${headline.en}. Track: ${link}` : `${spec.name.id} ${c.number}: ${headline.id}. Lacak: ${link}`,
    // A reporter's address never sits next to the report on a stored row (docs/complaints.md).
    sealed: c.kind === "complaint",
  });
}
