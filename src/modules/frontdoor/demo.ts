/** Trying the front door without a WhatsApp Business account (docs/whatsapp-front-door.md, `balai whatsapp say`). */
import { createHmac } from "node:crypto";

/**
 * The app secret the webhook accepts in a demo that configures none (BALAI_DEMO on, not production): public on
 * purpose, it only lets the documented CLI play Meta's part.
 */
export const DEMO_WHATSAPP_SECRET = "balai-demo-whatsapp-secret";
export const DEMO_VERIFY_TOKEN = "balai-demo-verify";

/** A webhook delivery of one message, as Meta sends it, with its `X-Hub-Signature-256`. */
export function signedWebhook(secret: string, m: { from: string; id: string; phoneNumberId: string; name?: string; message: Record<string, unknown> }) {
  const payload = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "0",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "0", phone_number_id: m.phoneNumberId },
              contacts: [{ profile: { name: m.name ?? "Warga Demo" }, wa_id: m.from }],
              messages: [{ from: m.from, id: m.id, timestamp: String(Math.floor(Date.now() / 1000)), ...m.message }],
            },
          },
        ],
      },
    ],
  };
  const body = JSON.stringify(payload);
  return { body, signature: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` };
}
