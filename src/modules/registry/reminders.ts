/**
 * Review reminders: an app whose yearly review (a year after its last security assessment) or a social account whose
 * six-monthly review is due gets one message to the tenant's Kominfo admins; reviewing it sets the next due date and
 * arms the reminder again.
 */
import type { Logger } from "pino";
import type { Db } from "../../platform/db.ts";
import { enqueueToUser } from "../../platform/notify.ts";
import { leased } from "../../platform/periodic.ts";
import { holdersOfRole } from "../admin/index.ts";
import * as store from "./store-infra.ts";

export async function remindDueReviews(db: Db): Promise<number> {
  return db.tx(async (q) => {
    const due = await store.dueForReview(q);
    for (const d of due) {
      const what = d.kind === "app" ? `Aplikasi ${d.label}` : `Akun media sosial ${d.label}`;
      for (const admin of await holdersOfRole(q, d.tenant_id, "kominfo_admin"))
        await enqueueToUser(q, d.tenant_id, admin, {
          template: "registry.review-due",
          subject: `Tinjauan jatuh tempo: ${what}`,
          body: `${what} perlu ditinjau (jatuh tempo ${d.review_due}). Buka Konsol → Aplikasi & SSO untuk mencatat tinjauannya.`,
        });
      await store.markReminded(q, d.kind, d.tenant_id, d.id);
    }
    return due.length;
  });
}

export function startReminderJob(db: Db, log: Logger, everyMs = 3_600_000): () => void {
  const run = leased(db, "registry-reminders", everyMs, async () => {
    const n = await remindDueReviews(db);
    if (n) log.info(`registry: ${n} review reminder(s) sent`);
  });
  const timer = setInterval(() => {
    run().catch((err) => log.warn({ err }, "registry review reminders failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
