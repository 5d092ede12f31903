/** The documents module's reaction to case transitions (registered by `init()` in index.ts). */
import type { Queryable } from "../../platform/db.ts";
import type { TransitionEvent } from "../cases/index.ts";
import { newCode } from "./context.ts";
import * as store from "./store.ts";

/**
 * Called by the case engine inside the transition's transaction (registered through cases/hooks.ts by `init()`).
 * Entering the state the signing action starts from queues the document; leaving it another way cancels it
 * (also when the signing action is performed outside the queue, e.g. signed on paper and uploaded).
 */
export async function onCaseTransition(q: Queryable, e: TransitionEvent): Promise<void> {
  const t = e.spec.output?.template;
  if (!t) return;
  const signAction = e.spec.workflow.actions.find((a) => a.key === t.signer.action);
  if (!signAction) return;
  const waiting = e.case.is_open && signAction.from.includes(e.to) && e.action.key !== signAction.key;
  const pending = await store.pendingForCase(q, e.tenantId, e.case.id);
  if (waiting) {
    const unitId = e.case.assignee_unit_id;
    if (!unitId) return;
    if (pending) {
      if (pending.unit_id !== unitId) await store.moveDocumentUnit(q, e.tenantId, pending.id, unitId);
      return;
    }
    await store.insertPending(q, {
      tenantId: e.tenantId,
      caseId: e.case.id,
      serviceKey: e.case.service_key,
      version: e.case.service_version,
      unitId,
      role: t.signer.role,
      action: t.signer.action,
      code: newCode(),
      title: t.title,
    });
  } else if (pending) {
    await store.cancelPending(q, e.tenantId, e.case.id);
  }
}
