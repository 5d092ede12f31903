/** SQL of the front door: inbound message ids seen, conversations per phone, accounts created from WhatsApp. */
import type { Queryable } from "../../platform/db.ts";

/** Records an inbound message id; false when it was seen before (a redelivery). */
export async function claimInbound(q: Queryable, m: { tenantId: string; channel: "whatsapp" | "sms"; messageId: string; kind: string }): Promise<boolean> {
  const row = await q.one<{ message_id: string }>(
    `INSERT INTO frontdoor_inbound (tenant_id, channel, message_id, kind) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, channel, message_id) DO NOTHING RETURNING message_id`,
    [m.tenantId, m.channel, m.messageId, m.kind],
  );
  return !!row;
}

/** Forgets an inbound message id whose handling failed, so the provider's redelivery is handled. */
export async function releaseInbound(q: Queryable, tenantId: string, channel: "whatsapp" | "sms", messageId: string) {
  await q.query("DELETE FROM frontdoor_inbound WHERE tenant_id = $1 AND channel = $2 AND message_id = $3", [tenantId, channel, messageId]);
}

export type Step = "category" | "description" | "location" | "photo" | "confirm";

export interface ConversationData {
  /** The category keys in the order they were listed (the citizen answers with a number). */
  choices?: string[];
  category?: string;
  categoryName?: string;
  description?: string;
  lat?: number;
  lon?: number;
  photoId?: string;
}

export interface ConversationRow {
  step: Step;
  data: ConversationData;
  updated_at: Date;
}

export async function getConversation(q: Queryable, tenantId: string, phone: string) {
  return q.one<ConversationRow>("SELECT step, data, updated_at FROM frontdoor_conversations WHERE tenant_id = $1 AND phone = $2 FOR UPDATE", [tenantId, phone]);
}

export async function saveConversation(q: Queryable, tenantId: string, phone: string, step: Step, data: ConversationData) {
  await q.query(
    `INSERT INTO frontdoor_conversations (tenant_id, phone, step, data, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (tenant_id, phone) DO UPDATE SET step = EXCLUDED.step, data = EXCLUDED.data, updated_at = now()`,
    [tenantId, phone, step, JSON.stringify(data)],
  );
}

export async function endConversation(q: Queryable, tenantId: string, phone: string) {
  await q.query("DELETE FROM frontdoor_conversations WHERE tenant_id = $1 AND phone = $2", [tenantId, phone]);
}

export async function markWhatsAppAccount(q: Queryable, tenantId: string, userId: string) {
  await q.query("INSERT INTO frontdoor_accounts (tenant_id, user_id, source) VALUES ($1, $2, 'whatsapp') ON CONFLICT DO NOTHING", [tenantId, userId]);
}

export async function isWhatsAppAccount(q: Queryable, tenantId: string, userId: string) {
  return !!(await q.one("SELECT 1 FROM frontdoor_accounts WHERE tenant_id = $1 AND user_id = $2", [tenantId, userId]));
}
