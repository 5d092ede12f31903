/**
 * Forwarding an e-Lapor report to SP4N-LAPOR! (docs/complaints.md, "Forwarding to SP4N-LAPOR!"). Kominfo decides per
 * report ("Teruskan ke SP4N-LAPOR!"): the XML fields are queued in the transaction of that decision, a job sends them
 * with back-off while LAPOR! is unreachable, and the tracking id LAPOR! answers becomes the case's national reference
 * (shown to staff and the reporter, in the history and the audit log). A refusal (bad token, malformed report) is
 * marked failed with LAPOR!'s message and may be forwarded again.
 */
import { audit } from "../../platform/audit.ts";
import { tenantById } from "../../platform/tenancy.ts";
import type { Db } from "../../platform/db.ts";
import { conflict, forbidden, notFound } from "../../platform/errors.ts";
import { runPeriodically } from "../../platform/periodic.ts";
import { applicantContactOf, recordNationalRefFromSystem, SP4N_LAPOR } from "../cases/index.ts";
import { canRead, categoryOf, type LaporCtx, requireUser } from "./common.ts";
import { type LaporClient, type LaporReport, LaporUnavailable } from "./lapor-client.ts";
import * as store from "./store.ts";
import type { ReportRow } from "./store-rows.ts";
import * as outbox from "./store-lapor.ts";

export const LAPOR_MAX_ATTEMPTS = 8;

/** The forwarding's state as staff see it; null: never forwarded. */
export function forwardingView(row: outbox.LaporOutboxRow | undefined) {
  if (!row) return { state: "none" as const, trackingId: null, attempts: 0, lastError: null, sentAt: null };
  return {
    state: row.state,
    trackingId: row.tracking_id,
    attempts: row.attempts,
    lastError: row.last_error,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}

/** Splits a name as LAPOR! asks for it (first name, the rest). */
function splitName(name: string): [string, string] {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return [parts[0] ?? "", parts.slice(1).join(" ")];
}

/** The report's part of what LAPOR! receives (queued); the reporter's part is read when it is sent (`withReporter`). */
export function laporContentOf(tenantName: string, r: ReportRow, categoryName: string): outbox.QueuedLapor {
  const place = r.lat !== null && r.lon !== null ? `\nLokasi: ${r.lat.toFixed(6)}, ${r.lon.toFixed(6)}` : "";
  const isi = [`${r.title ? `${r.title}\n` : ""}${r.description}`, `Kategori: ${categoryName}${place}`, `Nomor e-Lapor ${tenantName}: ${r.number}`].join(
    "\n\n",
  );
  return { isi, rahasia: r.confidential, anonim: r.anonymous };
}

/**
 * What LAPOR! receives. The reporter's name and contact are read at sending time and never kept in the outbox row
 * (as e-Lapor's sealed messages keep no address). An anonymous report goes with `anonim="1"` and empty name and
 * contact: Balai promised the reporter that nobody outside their account sees who they are; they follow it through
 * Balai, which holds the tracking id.
 */
async function laporReportOf(db: Db, row: outbox.LaporOutboxRow): Promise<LaporReport> {
  const none = { email: "", telpon: "", namadepan: "", namabelakang: "" };
  if (row.body.anonim) return { ...none, ...row.body, anonim: true };
  const r = await store.getReport(db, row.tenant_id, row.case_id);
  const contact = r?.applicant_id && !r.anonymous ? await applicantContactOf(db, row.tenant_id, r.applicant_id) : undefined;
  if (!r || r.anonymous || !r.applicant_name) return { ...none, ...row.body, anonim: true };
  const [namadepan, namabelakang] = splitName(r.applicant_name);
  return { email: contact?.email ?? "", telpon: contact?.phone ?? "", namadepan, namabelakang, ...row.body };
}

/** Kominfo's "Teruskan ke SP4N-LAPOR!": queues the report once (again only after a refusal). */
export async function forwardToLapor(ctx: LaporCtx, id: string) {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id, true);
    if (!r || !canRead(actor, r)) throw notFound("report-not-found");
    if (r.tppk) throw forbidden(); // reports involving minors stay with the TPPK team
    if (r.merged_into) throw conflict("report-merged");
    const existing = await outbox.forwardingOf(q, ctx.tenant.id, id);
    if (existing && existing.state !== "failed") return forwardingView(existing);
    const category = (await categoryOf(q, ctx.tenant.id, r.service_key)).spec.name.id;
    await outbox.queueForwarding(q, ctx.tenant.id, id, laporContentOf(ctx.tenant.name, r, category), actor.userId);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.lapor-forward-requested",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, again: Boolean(existing) },
    });
    return forwardingView(await outbox.forwardingOf(q, ctx.tenant.id, id));
  });
}

export async function laporForwarding(ctx: LaporCtx, id: string) {
  const actor = requireUser(ctx);
  const r = await store.getReport(ctx.db, ctx.tenant.id, id);
  if (!r || !canRead(actor, r)) throw notFound("report-not-found");
  return forwardingView(await outbox.forwardingOf(ctx.db, ctx.tenant.id, id));
}

/** Sends what is due (oldest first); returns how many LAPOR! accepted. */
export async function drainLaporOutbox(db: Db, client: LaporClient, opts: { limit?: number; now?: () => Date; publicUrl?: string } = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const due = await outbox.dueForwardings(db, now(), opts.limit ?? 20);
  let sent = 0;
  for (const row of due) {
    try {
      const answer = await client.addStream(await laporReportOf(db, row));
      await db.tx(async (q) => {
        const tenant = await tenantById(q, row.tenant_id);
        await outbox.markSent(q, row.id, answer.trackingId, answer.transactionId, now());
        if (tenant)
          await recordNationalRefFromSystem(q, { tenant, publicUrl: opts.publicUrl }, row.case_id, SP4N_LAPOR, answer.trackingId, row.requested_by, {
            transactionId: answer.transactionId,
          });
      });
      sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof LaporUnavailable) {
        const delayS = Math.min(3600, 30 * 2 ** (row.attempts + 1));
        await outbox.markRetry(db, row.id, message, now(), delayS, LAPOR_MAX_ATTEMPTS);
      } else await outbox.markRefused(db, row.id, message);
    }
  }
  return sent;
}

/** The forwarding job (every `everyMs`, one process at a time); only when LAPOR_TOKEN is set. */
export function startLaporForwardJob(db: Db, client: LaporClient, log: { error(obj: unknown, msg: string): void }, publicUrl?: string, everyMs = 10_000) {
  return runPeriodically(
    everyMs,
    async () => {
      await drainLaporOutbox(db, client, { publicUrl });
    },
    log,
    "SP4N-LAPOR! forwarding failed",
    { db, name: "lapor-sp4n-forward" },
  );
}
