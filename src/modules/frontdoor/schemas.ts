/** Request and response schemas of the front door's webhooks. */
import { Type } from "typebox";

export const VerifyQuery = Type.Object(
  {
    "hub.mode": Type.Optional(Type.String({ maxLength: 40 })),
    "hub.verify_token": Type.Optional(Type.String({ maxLength: 200 })),
    "hub.challenge": Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);

export const SignatureHeaders = Type.Object(
  { "x-hub-signature-256": Type.Optional(Type.String({ maxLength: 200, description: "sha256=<hex HMAC-SHA256 of the raw body with the app secret>" })) },
  { additionalProperties: true },
);

/** The raw body (checked against its signature before it is parsed): Meta's `whatsapp_business_account` payload. */
export const WebhookBody = Type.Unknown({ description: "WhatsApp Business Cloud API webhook payload (object: whatsapp_business_account)" });

export const WebhookAck = Type.Object({ status: Type.String(), handled: Type.Integer(), duplicates: Type.Integer() }, { title: "WebhookAck" });

/**
 * An inbound SMS callback from the gateway (query string or form body): the sender and the text under the names
 * SMS gateways' inbound callbacks commonly use (docs/whatsapp-front-door.md); `token` is BALAI_SMS_INBOUND_TOKEN.
 */
const smsFields = {
  token: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  nohp: Type.Optional(Type.String({ maxLength: 40 })),
  msisdn: Type.Optional(Type.String({ maxLength: 40 })),
  sender: Type.Optional(Type.String({ maxLength: 40 })),
  originator: Type.Optional(Type.String({ maxLength: 40 })),
  text: Type.Optional(Type.String({ maxLength: 1000 })),
  pesan: Type.Optional(Type.String({ maxLength: 1000 })),
  message: Type.Optional(Type.String({ maxLength: 1000 })),
  id: Type.Optional(Type.String({ maxLength: 100 })),
  messageId: Type.Optional(Type.String({ maxLength: 100 })),
};
export const SmsQuery = Type.Object(smsFields, { additionalProperties: true });
export const SmsBody = Type.Object(smsFields, { additionalProperties: true });
export const SmsAck = Type.Object({ status: Type.String() }, { title: "SmsAck" });
