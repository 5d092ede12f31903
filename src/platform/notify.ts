import nodemailer, { type Transporter } from "nodemailer";
import type { Logger as FastifyBaseLogger } from "pino";
import type { Db, Queryable } from "./db.ts";
import { maskText } from "./mask.ts";

export type Channel = "email" | "sms" | "whatsapp";

export interface Message {
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
  /** The row keeps no address (see NewNotification.sealed): logs name no recipient. */
  sealed?: boolean;
}

/** A way to deliver messages. `recorded` means a development adapter kept it instead of sending. */
export interface ChannelAdapter {
  readonly name: string;
  send(message: Message): Promise<"sent" | "recorded">;
}

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

export class SmtpAdapter implements ChannelAdapter {
  readonly name = "smtp";
  private transport: Transporter;
  private from: string;
  constructor(url: string, from: string) {
    this.transport = nodemailer.createTransport(url);
    this.from = from;
  }
  async send(m: Message) {
    await this.transport.sendMail({ from: this.from, to: m.recipient, subject: m.subject, text: m.body });
    return "sent" as const;
  }
}

/** Development adapter: writes the message to the server log and keeps it for the developer outbox page. */
export class RecordingAdapter implements ChannelAdapter {
  readonly name = "recording";
  private log: FastifyBaseLogger | undefined;
  constructor(log?: FastifyBaseLogger) {
    this.log = log;
  }
  async send(m: Message) {
    this.log?.info(`[outbox] ${m.channel} to ${m.sealed ? "(address sealed)" : maskText(m.recipient)}: ${m.subject} — ${m.body}`);
    return "recorded" as const;
  }
}

export type Adapters = Record<Channel, ChannelAdapter>;

export function defaultAdapters(opts: { smtpUrl?: string; mailFrom: string; log?: FastifyBaseLogger }): Adapters {
  const recording = new RecordingAdapter(opts.log);
  return {
    email: opts.smtpUrl ? new SmtpAdapter(opts.smtpUrl, opts.mailFrom) : recording,
    sms: recording,
    whatsapp: recording,
  };
}

/** Delivers pending notifications; returns how many were handled. Safe to run from several processes. */
export async function deliverPending(db: Db, adapters: Adapters, limit = 20): Promise<number> {
  return db.tx(async (q) => {
    // A sealed row's address is read from its account now (null when the account has none for the channel).
    const rows = await q.query<{ id: string; channel: Channel; recipient: string | null; subject: string; body: string; attempts: number; sealed: boolean }>(
      `SELECT n.id, n.channel, n.subject, n.body, n.attempts, n.recipient_sealed AS sealed,
              CASE WHEN n.recipient_sealed
                   THEN (SELECT CASE WHEN n.channel = 'email' THEN u.email ELSE u.phone END FROM users u WHERE u.tenant_id = n.tenant_id AND u.id = n.user_id)
                   ELSE n.recipient END AS recipient
         FROM notifications n
        WHERE n.status = 'pending' ORDER BY n.created_at LIMIT ${limit} FOR UPDATE OF n SKIP LOCKED`,
    );
    for (const r of rows) {
      try {
        if (!r.recipient) throw new Error("no address for this channel");
        const status = await adapters[r.channel].send({ ...r, recipient: r.recipient });
        await q.query("UPDATE notifications SET status = $2, attempts = attempts + 1, sent_at = now() WHERE id = $1", [r.id, status]);
      } catch (err) {
        const failed = r.attempts + 1 >= 5;
        await q.query("UPDATE notifications SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1", [
          r.id,
          failed ? "failed" : "pending",
          String((err as Error).message).slice(0, 500),
        ]);
      }
    }
    return rows.length;
  });
}

export function startNotificationDispatcher(db: Db, adapters: Adapters, log: FastifyBaseLogger, everyMs = 1000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      while ((await deliverPending(db, adapters)) > 0) {}
    } catch (err) {
      log.error({ err }, "notification dispatcher failed");
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
