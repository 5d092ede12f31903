/**
 * WhatsApp Business Cloud API (Meta Graph API): template messages, since a business may only start a conversation
 * with an approved template. `POST {baseUrl}/{version}/{phone-number-id}/messages` with a bearer token; the answer
 * is `{messages: [{id}]}`, an error `{error: {message, type, code, error_subcode, fbtrace_id}}`.
 * See https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages and docs/messaging.md.
 */
import { httpFailure, HttpProviderAdapter, msisdn, providerFetch } from "./http-client.ts";
import { DeliveryError, type Message } from "./types.ts";

export interface WhatsAppConfig {
  /** Graph API base URL, `https://graph.facebook.com` (overridable for tests). */
  baseUrl: string;
  /** Graph API version, e.g. `v21.0`. */
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  /** Authentication template (the code in the body and on its copy-code button). */
  codeTemplate: string;
  /** Utility template with two body parameters: {{1}} the subject, {{2}} the message. */
  updateTemplate: string;
  /** Template language code, e.g. `id`. */
  language: string;
}

/** Error codes that mean "try again later" although the HTTP status is a 4xx (rate limits, temporary outages). */
const TEMPORARY_CODES = new Set([4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

/** Template parameter text may not hold new lines, tabs or more than four spaces in a row, and is at most 1024 characters. */
export const templateText = (s: string, max = 1000) =>
  s
    .replace(/[\r\n\t]+/g, " ")
    .replace(/ {4,}/g, "   ")
    .trim()
    .slice(0, max);

/** The 4–8 digit one-time code in a code message's body. */
export function codeIn(body: string): string | undefined {
  return /\b(\d{4,8})\b/.exec(body)?.[1];
}

export const isCodeTemplate = (template: string | undefined) => !!template && /-code$/.test(template);

/**
 * Messages of this kind answer a message the person just sent (the WhatsApp front door, docs/whatsapp-front-door.md):
 * inside the 24-hour customer service window they go as free-form text, not as a template.
 */
export const REPLY_TEMPLATE = "frontdoor.reply";
/** A text message body is at most 4096 characters. */
export const MAX_TEXT = 4096;

export class WhatsAppCloudAdapter extends HttpProviderAdapter<WhatsAppConfig> {
  readonly name = "whatsapp-cloud";
  constructor(cfg: WhatsAppConfig, timeoutMs: number) {
    super({ ...cfg, baseUrl: cfg.baseUrl.replace(/\/+$/, "") }, timeoutMs);
  }

  /** The request body for a message: an authentication template for codes, the utility template for everything else. */
  requestBody(m: Message) {
    if (m.template === REPLY_TEMPLATE) return this.textBody(m.recipient, m.body);
    const code = isCodeTemplate(m.template) ? codeIn(m.body) : undefined;
    const components = code
      ? [
          { type: "body", parameters: [{ type: "text", text: code }] },
          { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: code }] },
        ]
      : [
          {
            type: "body",
            parameters: [
              { type: "text", text: templateText(m.subject, 200) },
              { type: "text", text: templateText(m.body) },
            ],
          },
        ];
    return {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: msisdn(m.recipient),
      type: "template",
      template: { name: code ? this.cfg.codeTemplate : this.cfg.updateTemplate, language: { code: this.cfg.language }, components },
    };
  }

  /** A free-form text message (only inside the 24-hour window after the person's last message). */
  textBody(to: string, body: string) {
    return {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: msisdn(to),
      type: "text",
      text: { preview_url: false, body: body.slice(0, MAX_TEXT) },
    };
  }

  /** Sends a free-form text reply now (retries are the caller's: the outbox queues replies as `frontdoor.reply`). */
  sendText(to: string, body: string) {
    return this.send({ channel: "whatsapp", recipient: to, subject: "", body, template: REPLY_TEMPLATE });
  }

  async send(m: Message) {
    const url = `${this.cfg.baseUrl}/${this.cfg.apiVersion}/${encodeURIComponent(this.cfg.phoneNumberId)}/messages`;
    const res = await providerFetch(
      url,
      {
        method: "POST",
        headers: { authorization: `Bearer ${this.cfg.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify(this.requestBody(m)),
      },
      this.timeoutMs,
    );
    const json = res.json as
      | { messages?: { id?: string }[]; error?: { message?: string; code?: number; error_subcode?: number; fbtrace_id?: string } }
      | undefined;
    if (res.status >= 200 && res.status < 300) {
      const id = json?.messages?.[0]?.id;
      if (!id) throw new DeliveryError(`WhatsApp answered ${res.status} without a message id`, { permanent: false, status: res.status });
      return { status: "sent" as const, providerId: id };
    }
    const err = json?.error;
    const detail = err
      ? `${err.code ?? "?"}${err.error_subcode ? `/${err.error_subcode}` : ""} ${err.message ?? ""} (fbtrace ${err.fbtrace_id ?? "-"})`
      : res.text.slice(0, 200);
    const failure = httpFailure(res, detail);
    if (failure.permanent && err?.code !== undefined && TEMPORARY_CODES.has(err.code)) {
      throw new DeliveryError(failure.message, { permanent: false, status: res.status });
    }
    throw failure;
  }
}
