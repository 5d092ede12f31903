/**
 * The case engine's one filing path. A citizen's draft being submitted (./submit.ts) and a case filed directly in
 * its start state by another module (e-Lapor reports, Call Center 112 incidents: `fileCase`) both go through
 * `fileRecord`: SLA clocks, then one statement that numbers the case gaplessly and writes the case row, its
 * "submitted" history entry, the `case.submitted` outbox event and the applicant's message (store-filing.ts).
 */
import type { Actor } from "../../platform/auth/roles.ts";
import { type AuditEntry, audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { localDate } from "../../platform/workdays.ts";
import type { ResolvedService } from "../catalog/index.ts";
import { newTrackingToken } from "./access.ts";
import { applicantNotification, type MessageCtx } from "./applicant-message.ts";
import { dueDates } from "./lookups.ts";
import type * as store from "./store.ts";
import { type DraftTarget, fileNumbered, NUMBER_SLOT, type NewCaseTarget } from "./store-filing.ts";

/** Who a case event names. Anonymous reporters are written as { id: null, name: null, role: "citizen" }. */
export interface EventActor {
  id: string | null;
  name: string | null;
  role: string | null;
}

interface FilingInput {
  spec: ResolvedService;
  /** The case as the applicant's message sees it (number still the NUMBER_SLOT). */
  draft: store.CaseRow;
  target: (due: { sla: Date; state: Date | null }) => DraftTarget | NewCaseTarget;
  actor: EventActor;
  fromState: string | null;
  outbox: Record<string, unknown>;
  headline: { id: string; en: string };
  /** The applicant acting themselves (their contact details are at hand). */
  self?: Actor;
  /** Written before numbering: it locks the head of its audit lane and rides on the filing statement. */
  audit?: AuditEntry;
}

/** Files a case: SLA clocks, number, case row, history, outbox, message. undefined: the draft changed meanwhile. */
export async function fileRecord(q: Queryable, ctx: MessageCtx, f: FilingInput, now: Date) {
  const start = f.spec.workflow.start;
  const due = await dueDates(q, ctx.tenant, f.spec, start, now);
  const year = Number(localDate(now, ctx.tenant.timezone).slice(0, 4));
  const notification = await applicantNotification(q, ctx, { ...f.draft, number: NUMBER_SLOT }, f.spec, f.headline, f.self);
  if (f.audit) await audit(q, f.audit);
  // The counter row stays locked until commit: numbered as late as possible.
  const c = await fileNumbered(q, {
    tenantId: ctx.tenant.id,
    prefix: f.spec.prefix,
    year,
    target: f.target(due),
    event: { actorId: f.actor.id, actorName: f.actor.name, actorRole: f.actor.role, kind: "submitted", fromState: f.fromState, toState: start },
    outbox: { topic: "case.submitted", payload: f.outbox },
    notification: notification && { ...notification, sealed: notification.sealed === true },
  });
  return c && { case: c, due };
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

/**
 * Creates a case directly in its workflow's start state (reports, incidents), in the caller's transaction: numbered,
 * routed, SLA clocks set, event, outbox, notification. The caller writes its own audit entry (last: it names the number).
 */
export async function fileCase(q: Queryable, ctx: MessageCtx, input: NewFiledCase, now = new Date()): Promise<store.CaseRow> {
  const { spec } = input;
  const token = newTrackingToken();
  const start = spec.workflow.start;
  const shape = {
    tenant_id: ctx.tenant.id,
    tracking_token: token,
    kind: spec.kind,
    applicant_id: input.applicantId,
  } as store.CaseRow;
  const filed = await fileRecord(
    q,
    ctx,
    {
      spec,
      draft: shape,
      target: (due) => ({
        insert: {
          trackingToken: token,
          serviceKey: input.serviceKey,
          version: input.version,
          kind: spec.kind,
          applicantId: input.applicantId,
          applicantName: input.applicantName,
          data: input.data,
          state: start,
          assigneeUnitId: input.unitId,
          kelurahan: input.kelurahan,
          kecamatan: input.kecamatan,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          h3: input.h3 ?? null,
          submittedAt: now,
          slaDueAt: due.sla,
          stateDueAt: due.state,
        },
      }),
      actor: input.actor,
      fromState: null,
      outbox: { service: input.serviceKey, kind: spec.kind, unitId: input.unitId, kelurahan: input.kelurahan },
      headline: input.headline ?? { id: "laporan diterima", en: "report received" },
    },
    now,
  );
  if (!filed) throw new Error("filing a new case returned no row");
  return filed.case;
}
