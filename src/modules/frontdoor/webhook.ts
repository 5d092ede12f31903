/**
 * The WhatsApp Business Cloud API webhook (Meta's published reference:
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components and
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started): the signature check and the inbound
 * messages of a payload, reduced to what the front door understands.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, compared in constant time. */
export function validSignature(raw: Buffer, header: string | undefined, appSecret: string | undefined): boolean {
  if (!appSecret || !header) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac("sha256", appSecret).update(raw).digest();
  const given = Buffer.from(m[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type Inbound =
  | { kind: "text"; text: string }
  | { kind: "location"; lat: number; lon: number }
  | { kind: "image"; mediaId: string; mimeType: string }
  | { kind: "other"; type: string };

export interface InboundMessage {
  id: string;
  /** The sender's WhatsApp id: the phone number in international form without "+" (6281234567890). */
  from: string;
  /** The sender's WhatsApp profile name, when the payload's contacts[] carries it. */
  profileName: string | undefined;
  phoneNumberId: string | undefined;
  body: Inbound;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Text as PostgreSQL can store it: no NUL, no other control character but new lines and tabs, no lone surrogate. */
const clean = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
const str = (v: unknown): string | undefined => (typeof v === "string" ? clean(v) : undefined);

function bodyOf(m: Obj): Inbound {
  const type = str(m.type) ?? "unknown";
  if (type === "text") return { kind: "text", text: str(obj(m.text)?.body) ?? "" };
  if (type === "location") {
    const l = obj(m.location);
    const lat = Number(l?.latitude);
    const lon = Number(l?.longitude);
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { kind: "location", lat, lon };
  }
  if (type === "image") {
    const i = obj(m.image);
    const id = str(i?.id);
    if (id) return { kind: "image", mediaId: id, mimeType: str(i?.mime_type) ?? "" };
  }
  // Quick-reply buttons and list replies answer with their title (or id): treated as the text typed.
  if (type === "interactive") {
    const i = obj(m.interactive);
    const reply = obj(i?.button_reply) ?? obj(i?.list_reply);
    const text = str(reply?.id) ?? str(reply?.title);
    if (text) return { kind: "text", text };
  }
  if (type === "button") {
    const text = str(obj(m.button)?.payload) ?? str(obj(m.button)?.text);
    if (text) return { kind: "text", text };
  }
  return { kind: "other", type };
}

/**
 * The messages of a `whatsapp_business_account` payload: `entry[].changes[]` with `field: "messages"`, their
 * `value.messages[]`; status updates (`value.statuses[]`) and other fields carry no message and are skipped.
 */
export function inboundMessages(payload: unknown): InboundMessage[] {
  const p = obj(payload);
  if (p?.object !== "whatsapp_business_account") return [];
  const out: InboundMessage[] = [];
  for (const entry of arr(p.entry)) {
    for (const change of arr(obj(entry)?.changes)) {
      const c = obj(change);
      if (c?.field !== undefined && c.field !== "messages") continue;
      const value = obj(c?.value);
      if (!value) continue;
      const phoneNumberId = str(obj(value.metadata)?.phone_number_id);
      const contacts = arr(value.contacts).map(obj);
      for (const message of arr(value.messages)) {
        const m = obj(message);
        const id = str(m?.id);
        const from = str(m?.from);
        if (!m || !id || !from || !/^\d{8,15}$/.test(from)) continue;
        const contact = contacts.find((x) => str(x?.wa_id) === from) ?? contacts[0];
        out.push({ id, from, profileName: str(obj(contact?.profile)?.name), phoneNumberId, body: bodyOf(m) });
      }
    }
  }
  return out;
}
