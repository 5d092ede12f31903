/**
 * The national system's reference on a case. Balai takes in services that a national system decides (SIAK, SIMBG,
 * OSS-RBA, SIAPkerja: `nationalSystem.role: intake`) and reports that may also be filed in SP4N-LAPOR!; when staff
 * hand a case over, they record the number that system gave it, so the applicant can follow it there and an auditor
 * can match the two. Recorded in the case history and the audit log; the applicant is told.
 */
import { audit } from "../../platform/audit.ts";
import { AppError, conflict, forbidden } from "../../platform/errors.ts";
import type { ResolvedService } from "../catalog/index.ts";
import { type CasesCtx, loadVisible, rolesOnCase } from "./access.ts";
import type { Queryable } from "../../platform/db.ts";
import { type MessageCtx, notifyApplicant } from "./applicant-message.ts";
import { specOf } from "./lookups.ts";
import * as store from "./store.ts";

/** SP4N-LAPOR!, the national complaints system every e-Lapor report belongs to (PermenPANRB 62/2018). */
export const SP4N_LAPOR = { system: "SP4N-LAPOR", url: "https://www.lapor.go.id" };

/** The national system a case can carry a reference of, if any. */
export function nationalSystemOf(spec: Pick<ResolvedService, "kind" | "nationalSystem">): { system: string; url: string } | undefined {
  if (spec.nationalSystem && spec.nationalSystem.role !== "guide") return { system: spec.nationalSystem.system, url: spec.nationalSystem.url };
  if (spec.kind === "complaint") return SP4N_LAPOR;
  return undefined;
}

/** How a case shows its national reference: where it can be recorded, and what was recorded. */
export function nationalRefView(spec: Pick<ResolvedService, "kind" | "nationalSystem">, c: store.CaseRow) {
  const sys = nationalSystemOf(spec);
  if (!sys) return null;
  return { system: sys.system, url: sys.url, reference: c.national_ref, recordedAt: c.national_ref_at };
}

export async function recordNationalRef(ctx: CasesCtx, id: string, reference: string) {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  const ref = reference.trim();
  return ctx.db.tx(async (q) => {
    const c = await loadVisible(q, ctx, id, true);
    const roles = rolesOnCase(actor, c).filter((r) => r !== "citizen");
    if (!roles.length || c.state === "draft") throw forbidden();
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    const sys = nationalSystemOf(spec);
    if (!sys) throw conflict("no-national-system");
    const view = { system: sys.system, url: sys.url, reference: ref };
    if (c.national_ref === ref && c.national_system === sys.system) return view;
    const other = await store.caseWithNationalRef(q, ctx.tenant.id, sys.system, ref);
    if (other && other.id !== id) throw conflict("national-ref-taken", { detail: other.number ?? undefined });
    await store.setNationalRef(q, ctx.tenant.id, id, sys.system, ref);
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: roles[0],
      kind: "updated",
      action: "national_ref",
      data: { system: sys.system, reference: ref, previous: c.national_ref },
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.national-ref-recorded",
      subjectType: "case",
      subjectId: id,
      data: { system: sys.system, reference: ref, previous: c.national_ref },
    });
    if (c.number)
      await notifyApplicant(q, ctx, c, spec, {
        id: `tercatat di ${sys.system} dengan nomor ${ref} (${sys.url})`,
        en: `recorded in ${sys.system} under number ${ref} (${sys.url})`,
      });
    return view;
  });
}

/**
 * Records the reference a national system answered an adapter with (no staff hand: e.g. SP4N-LAPOR!'s tracking id
 * after e-Lapor forwarded the report). Same history, audit entry and message to the applicant as a recorded one;
 * `by` names who asked for the forwarding (the audit actor). Runs inside the caller's transaction.
 */
export async function recordNationalRefFromSystem(
  q: Queryable,
  ctx: MessageCtx,
  caseId: string,
  sys: { system: string; url: string },
  reference: string,
  by: string | null,
  data: Record<string, unknown> = {},
) {
  const c = await store.getCase(q, ctx.tenant.id, caseId, true);
  if (!c) return;
  await store.setNationalRef(q, ctx.tenant.id, caseId, sys.system, reference);
  await store.insertEvent(q, {
    tenantId: ctx.tenant.id,
    caseId,
    actorId: null,
    actorName: sys.system,
    actorRole: null,
    kind: "updated",
    action: "national_ref",
    data: { system: sys.system, reference, previous: c.national_ref, ...data },
  });
  await audit(q, {
    tenantId: ctx.tenant.id,
    actorId: by,
    action: "case.national-ref-recorded",
    subjectType: "case",
    subjectId: caseId,
    data: { system: sys.system, reference, previous: c.national_ref, ...data },
  });
  if (c.number) {
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    await notifyApplicant(q, ctx, c, spec, {
      id: `diteruskan ke ${sys.system} dengan nomor ${reference} (${sys.url})`,
      en: `forwarded to ${sys.system} under number ${reference} (${sys.url})`,
    });
  }
}
