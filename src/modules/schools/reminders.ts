/**
 * Reminders before the deadline: from `remindDays` before a report kind's due date until the due date, every school
 * without that period's report gets one message (e-mail) to its principal and operators. Idempotent: the reminder row
 * is claimed in the same transaction as the messages, so each school is told once per kind and period.
 */
import type { Db } from "../../platform/db.ts";
import type { Logger } from "pino";
import { enqueueNotification } from "../../platform/notify.ts";
import { listTenants } from "../../platform/tenancy.ts";
import { holdersOfRolesIn } from "../admin/index.ts";
import { addDays, dueOn, periodDueIn, todayIn } from "./common.ts";
import * as store from "./store.ts";

export async function remindSchools(db: Db, tenant: { id: string; timezone: string }, now = new Date()): Promise<number> {
  const today = todayIn(tenant.timezone, now);
  const period = periodDueIn(today);
  let sent = 0;
  for (const kind of await store.reportKinds(db, tenant.id)) {
    const due = dueOn(period, kind.dueDays);
    if (today < addDays(due, -kind.remindDays) || today > due) continue;
    sent += await db.tx(async (q) => {
      const units = (await store.claimReminders(q, tenant.id, kind.key, period)).map((r) => r.unit_id);
      if (!units.length) return 0;
      let n = 0;
      for (const s of await holdersOfRolesIn(q, tenant.id, units, kind.submitterRoles)) {
        if (!s.email) continue;
        await enqueueNotification(q, {
          tenantId: tenant.id,
          userId: s.user_id,
          channel: "email",
          recipient: s.email,
          template: "school-report-reminder",
          subject: `Pengingat: laporan ${kind.name.id} ${period} jatuh tempo ${due}`,
          body: `Yth. ${s.name},\nlaporan ${kind.name.id} periode ${period} belum dikirim. Batas waktu: ${due}.\nLaporan yang terlambat tetap diterima dan ditandai terlambat.`,
        });
        n++;
      }
      return n;
    });
  }
  return sent;
}

/** Runs the reminders hourly for every tenant with schools. */
export function startSchoolReminderJob(db: Db, log: Logger, everyMs = 3_600_000): () => void {
  const run = async () => {
    try {
      const withSchools = new Set(await store.tenantIdsWithSchools(db));
      for (const t of await listTenants(db)) if (withSchools.has(t.id)) await remindSchools(db, t);
    } catch (err) {
      log.error({ err }, "school reminders");
    }
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
