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
}

/** Queues a message in the caller's transaction; the dispatcher delivers it after commit. */
export async function enqueueNotification(q: Queryable, n: NewNotification): Promise<void> {
  await q.later(
    `INSERT INTO notifications (tenant_id, user_id, channel, recipient, template, subject, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [n.tenantId, n.userId, n.channel, n.recipient, n.template, n.subject, n.body],
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
    this.log?.info(`[outbox] ${m.channel} to ${maskText(m.recipient)}: ${m.subject} — ${m.body}`);
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
    const rows = await q.query<{ id: string; channel: Channel; recipient: string; subject: string; body: string; attempts: number }>(
      `SELECT id, channel, recipient, subject, body, attempts FROM notifications
       WHERE status = 'pending' ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    );
    for (const r of rows) {
      try {
        const status = await adapters[r.channel].send(r);
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
