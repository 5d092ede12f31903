import type { Db } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { tenantById } from "../../platform/tenancy.ts";
import { addWorkingDays } from "../../platform/workdays.ts";
import { getCase, holidaysOf, moveCase, specOf } from "../cases/index.ts";
import { SYSTEM } from "./common.ts";
import { closeUnconfirmed } from "./fix-loop.ts";
import { limitsOf } from "./routing.ts";
import * as store from "./store.ts";
import { runPeriodically } from "../../platform/periodic.ts";

// ---- auto-close -------------------------------------------------------------------------------------

/**
 * Closes answered reports (`responded`) whose reporter has not replied within the category's
 * autoCloseDays working days: outcome selesai, event, notification, audit. Idempotent, safe in several processes.
 */
export async function autoCloseAnswered(db: Db, now = new Date(), batch = 200, publicUrl?: string): Promise<number> {
  return db.tx(async (q) => {
    const candidates = await store.respondedCandidates(q, new Date(now.getTime() - 86_400_000), batch);
    let closed = 0;
    for (const cand of candidates) {
      const c = await getCase(q, cand.tenant_id, cand.id);
      if (c?.state !== "responded" || !c.is_open) continue;
      const spec = await specOf(q, c.tenant_id, c.service_key, c.service_version);
      const tenant = await tenantById(q, c.tenant_id);
      if (!tenant) continue;
      const days = limitsOf(spec.complaint).autoCloseDays;
      const holidays = await holidaysOf(q, c.tenant_id);
      const due = addWorkingDays(new Date(cand.answered_at ?? c.updated_at), days, tenant.timezone, holidays);
      if (due.getTime() > now.getTime()) continue;
      await moveCase(
        q,
        { tenant, publicUrl },
        c,
        spec,
        {
          to: "selesai",
          action: "auto_close",
          actor: SYSTEM,
          comment: `Ditutup otomatis: tidak ada balasan pelapor dalam ${days} hari kerja / Closed automatically: no reply from the reporter within ${days} working days`,
        },
        now,
      );
      await audit(q, {
        tenantId: c.tenant_id,
        actorId: null,
        action: "complaint.auto-closed",
        subjectType: "case",
        subjectId: c.id,
        data: { number: c.number, days },
      });
      closed++;
    }
    return closed;
  });
}

export function startAutoCloseJob(
  db: Db,
  log: { info(msg: string): void; error(obj: unknown, msg: string): void },
  publicUrl?: string,
  everyMs = 300_000,
): () => void {
  return runPeriodically(
    everyMs,
    async () => {
      const n = await autoCloseAnswered(db, new Date(), 200, publicUrl);
      if (n) log.info(`auto-closed ${n} answered report(s)`);
      const u = await closeUnconfirmed(db, new Date(), 200, publicUrl);
      if (u) log.info(`closed ${u} fix(es) as unconfirmed`);
    },
    log,
    "e-Lapor auto-close job failed",
    { db, name: "lapor-auto-close" },
  );
}
