/** Types shared by the notification outbox and its channel adapters (docs/messaging.md). */

export type Channel = "email" | "sms" | "whatsapp";

export interface Message {
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
  /** What kind of message this is (`accounts.verify-code`, `cases.update`, …): WhatsApp picks its template by it. */
  template?: string;
  /** The row keeps no address (see NewNotification.sealed): logs name no recipient. */
  sealed?: boolean;
}

/** What an adapter reports for an accepted message: `recorded` means a development adapter kept it instead of sending. */
export type SendOutcome = "sent" | "recorded" | { status: "sent" | "recorded"; providerId?: string };

/** A way to deliver messages. Throws DeliveryError (or any error: treated as temporary) when it could not. */
export interface ChannelAdapter {
  readonly name: string;
  send(message: Message): Promise<SendOutcome>;
}

export type Adapters = Record<Channel, ChannelAdapter>;

/**
 * A failed delivery. `permanent` failures (a 4xx answer other than 429, a provider's "invalid number") are not
 * retried; temporary ones (time-out, network error, 429, 5xx) are, after `retryAfterMs` when the provider said so.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  constructor(message: string, opts: { permanent: boolean; retryAfterMs?: number; status?: number }) {
    super(message);
    this.name = "DeliveryError";
    this.permanent = opts.permanent;
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status;
  }
}
