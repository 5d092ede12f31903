import type { Db } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { emit } from "../../platform/events.ts";
import { enqueueToUser } from "../../platform/notify.ts";
import type { Logger } from "pino";
import { specOf } from "./lookups.ts";
import { insertEvent } from "./store.ts";
import * as store from "./store-inbox.ts";
import { runPeriodically } from "../../platform/periodic.ts";

/**
 * Escalates every open case whose current step is past its due time: an `escalated` event, an
 * audit entry, and a message to the heads of the assigned unit (OPD admin, lurah, camat).
 * Idempotent: a case is escalated once per overdue step. Safe to run from several processes.
 */
export async function escalateOverdueCases(db: Db, now = new Date(), batch = 200): Promise<number> {
  return db.tx(async (q) => {
    const overdue = await store.overdueCases(q, now, batch);
    for (const c of overdue) {
      const spec = await specOf(q, c.tenant_id, c.service_key, c.service_version);
      const heads = c.assignee_unit_id ? await store.unitHeads(q, c.tenant_id, c.assignee_unit_id) : [];
      await store.markEscalated(q, c.tenant_id, c.id, now);
      await insertEvent(q, {
        tenantId: c.tenant_id,
        caseId: c.id,
        actorId: null,
        actorName: "Balai",
        actorRole: null,
        kind: "escalated",
        data: { state: c.state, dueAt: c.state_due_at, notified: heads.map((h) => h.id) },
      });
      await audit(q, {
        tenantId: c.tenant_id,
        actorId: null,
        action: "case.escalated",
        subjectType: "case",
        subjectId: c.id,
        data: { number: c.number, state: c.state },
      });
      await emit(q, c.tenant_id, "case.escalated", { caseId: c.id, number: c.number, unitId: c.assignee_unit_id });
      for (const h of heads)
        await enqueueToUser(q, c.tenant_id, h, {
          template: "cases.escalated",
          subject: `Terlambat: ${c.number} ${spec.name.id}`,
          body: `Permohonan ${c.number} (${spec.name.id}) melewati batas waktu pada tahap "${spec.workflow.states.find((s) => s.key === c.state)?.label.id ?? c.state}". Mohon segera ditindaklanjuti.`,
        });
    }
    return overdue.length;
  });
}

export function startEscalationJob(db: Db, log: Logger, everyMs = 60_000): () => void {
  return runPeriodically(
    everyMs,
    async () => {
      const n = await escalateOverdueCases(db);
      if (n) log.info(`escalated ${n} overdue case(s)`);
    },
    log,
    "escalation job failed",
    { db, name: "case-escalation" },
  );
}
