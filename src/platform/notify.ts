/**
 * The notification outbox (`notifications`): modules queue messages in their transaction, the dispatcher delivers
 * them after commit through one adapter per channel, with time-outs, retries with back-off and a status per message
 * (docs/messaging.md). Adapters: SMTP; WhatsApp Business Cloud API; Zenziva SMS or the city's own HTTP SMS gateway;
 * the recording adapter in development.
 */
import type { Transporter } from "nodemailer";
import type { Logger as FastifyBaseLogger } from "pino";
import type { Db, Queryable } from "./db.ts";
import { maskText } from "./mask.ts";
import type { NotifyConfig } from "./notify/config.ts";
import { HttpSmsAdapter } from "./notify/http-sms.ts";
import * as store from "./notify/store.ts";
import { type Adapters, type Channel, type ChannelAdapter, DeliveryError, type Message, type SendOutcome } from "./notify/types.ts";
import { WhatsAppCloudAdapter } from "./notify/whatsapp.ts";
import { ZenzivaAdapter } from "./notify/zenziva.ts";
import { runPeriodically } from "./periodic.ts";
import { loadNodemailer } from "./lazy.ts";

export type { Adapters, Channel, ChannelAdapter, Message, SendOutcome } from "./notify/types.ts";
export { DeliveryError } from "./notify/types.ts";

export interface NewNotification {
  tenantId: string;
  userId: string | null;
  channel: Channel;
  recipient: string;
  template: string;
  subject: string;
  body: string;
  /**
   * Keep no address on the row: `recipient` is stored empty and read from the account (`userId`) at delivery.
   * For messages that name something the recipient must not be linked to by staff (e-Lapor reports, docs/complaints.md).
   */
  sealed?: boolean;
}

/** Queues a message in the caller's transaction; the dispatcher delivers it after commit. */
export async function enqueueNotification(q: Queryable, n: NewNotification): Promise<void> {
  await q.later(
    `INSERT INTO notifications (tenant_id, user_id, channel, recipient, template, subject, body, recipient_sealed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [n.tenantId, n.userId, n.channel, n.sealed ? "" : n.recipient, n.template, n.subject, n.body, n.sealed === true],
  );
}

/**
 * For a use case that must stay one statement (case submission): the `INSERT … SELECT` queuing one message per row of
 * `from` (a FROM … WHERE tail), to be used as a data-modifying CTE. Each value is an SQL expression over `from` and the
 * statement's parameters; `recipient` must already be '' for a sealed message.
 */
export function notificationInsertFrom(
  from: string,
  v: { tenantId: string; userId: string; channel: string; recipient: string; template: string; subject: string; body: string; sealed: string },
): string {
  return `INSERT INTO notifications (tenant_id, user_id, channel, recipient, template, subject, body, recipient_sealed)
       SELECT ${v.tenantId}, ${v.userId}, ${v.channel}, ${v.recipient}, ${v.template}, ${v.subject}, ${v.body}, ${v.sealed} FROM ${from}`;
}

/** Queues a message to a user by email, else by SMS; false (nothing queued) when they have neither. */
export async function enqueueToUser(
  q: Queryable,
  tenantId: string,
  user: { id: string; email: string | null; phone: string | null },
  m: { template: string; subject: string; body: string },
): Promise<boolean> {
  const recipient = user.email ?? user.phone;
  if (!recipient) return false;
  await enqueueNotification(q, { tenantId, userId: user.id, channel: user.email ? "email" : "sms", recipient, ...m });
  return true;
}

export class SmtpAdapter implements ChannelAdapter {
  readonly name = "smtp";
  private transport: Promise<Transporter> | undefined;
  private readonly url: string;
  private readonly from: string;
  constructor(url: string, from: string) {
    this.url = url;
    this.from = from;
  }
  async send(m: Message) {
    try {
      this.transport ??= loadNodemailer().then((nodemailer) => nodemailer.createTransport(this.url));
      const info = await (await this.transport).sendMail({ from: this.from, to: m.recipient, subject: m.subject, text: m.body });
      return { status: "sent" as const, providerId: info.messageId };
    } catch (err) {
      // SMTP 5xx replies are permanent (unknown mailbox, refused); 4xx replies and connection trouble are temporary.
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP: ${(err as Error).message}`.slice(0, 500), { permanent: code !== undefined && code >= 500, status: code });
    }
  }
}

/**
 * Development adapter: writes the message to the server log (the developer outbox page reads the table). In
 * production (`revealBody` false) it logs only that a message was not sent, never its text: codes stay out of logs.
 */
export class RecordingAdapter implements ChannelAdapter {
  readonly name = "recording";
  private log: FastifyBaseLogger | undefined;
  private revealBody: boolean;
  constructor(log?: FastifyBaseLogger, opts: { revealBody?: boolean } = {}) {
    this.log = log;
    this.revealBody = opts.revealBody ?? true;
  }
  async send(m: Message) {
    const to = m.sealed ? "(address sealed)" : maskText(m.recipient);
    if (this.revealBody) this.log?.info(`[outbox] ${m.channel} to ${to}: ${m.subject} — ${m.body}`);
    else this.log?.warn(`[outbox] ${m.channel} to ${to} not sent: no ${m.channel} adapter is configured (docs/messaging.md)`);
    return "recorded" as const;
  }
}

/** The SMS and WhatsApp adapters the configuration describes (undefined: none configured). */
export function phoneAdapters(notify: NotifyConfig | undefined): { sms?: ChannelAdapter; whatsapp?: ChannelAdapter } {
  if (!notify) return {};
  const whatsapp = notify.whatsapp ? new WhatsAppCloudAdapter(notify.whatsapp, notify.timeoutMs) : undefined;
  const sms =
    notify.sms?.kind === "zenziva"
      ? new ZenzivaAdapter(notify.sms, notify.timeoutMs)
      : notify.sms?.kind === "http"
        ? new HttpSmsAdapter(notify.sms, notify.timeoutMs)
        : undefined;
  return { sms, whatsapp };
}

/**
 * One adapter per channel. Messages to a phone are queued as channel `sms`; they go through WhatsApp instead when
 * `BALAI_PHONE_CHANNEL=whatsapp` or when WhatsApp is the only phone adapter. Unconfigured channels record.
 */
export function defaultAdapters(opts: {
  smtpUrl?: string;
  mailFrom: string;
  log?: FastifyBaseLogger;
  notify?: NotifyConfig;
  /** Log unsent messages' text (development and demo); false in production. */
  revealBody?: boolean;
}): Adapters {
  const recording = new RecordingAdapter(opts.log, { revealBody: opts.revealBody });
  const { sms, whatsapp } = phoneAdapters(opts.notify);
  const preferWhatsApp = opts.notify?.phoneChannel === "whatsapp";
  return {
    email: opts.smtpUrl ? new SmtpAdapter(opts.smtpUrl, opts.mailFrom) : recording,
    sms: (preferWhatsApp ? (whatsapp ?? sms) : (sms ?? whatsapp)) ?? recording,
    whatsapp: whatsapp ?? sms ?? recording,
  };
}

export interface DeliveryOptions {
  /** Messages claimed per call. */
  limit?: number;
  /** The time the run acts at (tests move it forward instead of waiting). */
  now?: Date;
  /** Attempts before a temporarily failing message is given up (status failed). */
  maxAttempts?: number;
  /** Messages sent at once. */
  concurrency?: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs, plus up to 20 % jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claimed message stays invisible to other runs (longer than any adapter time-out). */
  leaseMs?: number;
  log?: FastifyBaseLogger;
}

export const DELIVERY_DEFAULTS = { limit: 20, maxAttempts: 6, concurrency: 8, backoffMs: 30_000, maxBackoffMs: 3_600_000, leaseMs: 300_000 };

/** Delay before the next attempt after `attempts` failed ones (1, 2, …): exponential, capped, with jitter; at least retryAfterMs. */
export function backoffDelay(attempts: number, o: { backoffMs: number; maxBackoffMs: number }, retryAfterMs = 0, random = Math.random): number {
  const base = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** Math.max(0, attempts - 1));
  return Math.max(Math.round(base * (1 + 0.2 * random())), Math.min(retryAfterMs, o.maxBackoffMs));
}

const outcomeOf = (o: SendOutcome) => (typeof o === "string" ? { status: o, providerId: undefined } : o);

/**
 * Delivers due pending notifications; returns how many it attempted. Each message's attempt is recorded: sent (with
 * the provider's message id), pending again with a later next attempt (time-out, network error, 429, 5xx), or failed
 * (a permanent refusal, or maxAttempts reached). Safe to run from several processes.
 */
export async function deliverPending(db: Db, adapters: Adapters, options: number | DeliveryOptions = {}): Promise<number> {
  const o = { ...DELIVERY_DEFAULTS, ...(typeof options === "number" ? { limit: options } : options) };
  const now = o.now ?? new Date();
  const rows = await store.claimDue(db, now, new Date(now.getTime() + o.leaseMs), o.limit);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      const adapter = adapters[r.channel];
      try {
        // A sealed row keeps no address: it was read from the account when claimed (none: the account has no address for the channel).
        if (!r.recipient) throw new DeliveryError("no address for this channel", { permanent: true });
        const res = outcomeOf(
          await adapter.send({ channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body, template: r.template, sealed: r.sealed }),
        );
        await store.markDelivered(db, {
          id: r.id,
          tenantId: r.tenant_id,
          status: res.status,
          provider: adapter.name,
          providerId: res.providerId ?? null,
          at: now,
        });
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError(String((err as Error)?.message ?? err), { permanent: false });
        const attempts = r.attempts + 1;
        const giveUp = e.permanent || attempts >= o.maxAttempts;
        const retryAt = giveUp ? null : new Date(now.getTime() + backoffDelay(attempts, o, e.retryAfterMs));
        await store.markAttemptFailed(db, { id: r.id, tenantId: r.tenant_id, provider: adapter.name, error: e.message.slice(0, 500), retryAt, at: now });
        o.log?.warn(
          { notification: r.id, channel: r.channel, provider: adapter.name, attempts, permanent: e.permanent },
          `notification to ${r.sealed ? "(address sealed)" : maskText(r.recipient ?? "")} ${giveUp ? "failed" : "will be retried"}: ${maskText(e.message)}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, rows.length) }, worker));
  return rows.length;
}

export function startNotificationDispatcher(
  db: Db,
  adapters: Adapters,
  log: FastifyBaseLogger,
  everyMs = 1000,
  options: Omit<DeliveryOptions, "now" | "log"> = {},
): () => void {
  return runPeriodically(
    everyMs,
    async () => {
      while ((await deliverPending(db, adapters, { ...options, log })) > 0) {}
    },
    log,
    "notification dispatcher failed",
    { db, name: "notification-dispatch" },
  );
}
