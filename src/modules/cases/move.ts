/**
 * Engine primitives other modules use inside their own transaction: moving a case outside the workflow's actions
 * (the platform or the reporter acting: auto-close, merge, reopen, dispatch), appending a history entry, and setting
 * a case's place. Each writes what the engine owns (case row, event, outbox, applicant's message); the caller writes
 * its audit entry (last).
 */
import type { Queryable } from "../../platform/db.ts";
import { conflict } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { addWorkingDays } from "../../platform/workdays.ts";
import type { ResolvedService } from "../catalog/index.ts";
import { type MessageCtx, notifyApplicant } from "./applicant-message.ts";
import type { EventActor } from "./filing.ts";
import { holidaysOf } from "./lookups.ts";
import * as store from "./store.ts";

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
export async function moveCase(q: Queryable, ctx: MessageCtx, c: store.CaseRow, spec: ResolvedService, input: MoveInput, now = new Date()) {
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
    toLabel: target.label,
    unitId: updated.assignee_unit_id,
    kind: c.kind,
  });
  if (!input.quiet) {
    const comment = input.comment && input.actor.role !== "citizen" ? ` — ${input.comment}` : "";
    await notifyApplicant(q, ctx, updated, spec, { id: `${target.label.id}${comment}`, en: `${target.label.en}${comment}` });
  }
  return updated;
}

/** A history entry on a case (a comment, an update, a linked call), written with the transaction's next statement. */
export interface CaseEventInput {
  actor: EventActor;
  kind: "comment" | "updated" | "attachment";
  action?: string | null;
  comment?: string | null;
  data?: Record<string, unknown>;
}

/** Appends to the case's history in the caller's transaction; the caller checks access and writes the audit entry. */
export async function appendCaseEvent(q: Queryable, tenantId: string, caseId: string, e: CaseEventInput): Promise<void> {
  await store.insertEvent(q, {
    tenantId,
    caseId,
    actorId: e.actor.id,
    actorName: e.actor.name,
    actorRole: e.actor.role,
    kind: e.kind,
    action: e.action ?? null,
    comment: e.comment ?? null,
    data: e.data ?? {},
  });
}

/** Sets the kelurahan and kecamatan of a case (optimistic: undefined when it changed since `expectedVersion`). */
export async function setCasePlace(q: Queryable, tenantId: string, id: string, expectedVersion: number, place: { kelurahan: string; kecamatan: string }) {
  return store.updateCase(q, tenantId, id, expectedVersion, { kelurahan_code: place.kelurahan, kecamatan_code: place.kecamatan });
}
