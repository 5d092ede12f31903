/**
 * The front door's use cases: the webhook verification handshake, a signed WhatsApp delivery (each new message
 * claimed by its id, then handled; a redelivery does nothing), and an inbound SMS STATUS query.
 */
import { timingSafeEqual } from "node:crypto";
import { AppError, badRequest, forbidden } from "../../platform/errors.ts";
import type { Deps } from "../../platform/http.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import type { InboundConfig } from "../../platform/notify/config.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { normalizePhone } from "../accounts/index.ts";
import { handleMessage } from "./conversation.ts";
import { statusAnswer, statusQuery } from "./status.ts";
import * as store from "./store.ts";
import { inboundMessages, validSignature } from "./webhook.ts";

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `GET /webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: the challenge, when the token matches. */
export function verifyChallenge(cfg: InboundConfig, query: Record<string, unknown>): string {
  const mode = query["hub.mode"];
  const token = query["hub.verify_token"];
  const challenge = query["hub.challenge"];
  if (mode !== "subscribe" || typeof token !== "string" || typeof challenge !== "string" || !challenge) throw badRequest("webhook-verification-invalid");
  if (!cfg.whatsappVerifyToken || !sameText(token, cfg.whatsappVerifyToken)) throw forbidden("webhook-verify-token");
  return challenge;
}

/**
 * A signed delivery: 401 unless `X-Hub-Signature-256` matches (nothing is read or stored before). Each message is
 * claimed by its id and handled; when handling fails the claim is released and the delivery answered 500, so Meta
 * delivers it again.
 */
export async function handleInbound(
  deps: Deps,
  appSecret: string | undefined,
  raw: Buffer,
  signature: string | undefined,
  tenantFor: (phoneNumberId: string | undefined) => Promise<Tenant>,
) {
  if (!validSignature(raw, signature, appSecret)) throw new AppError("webhook-signature-invalid", 401);
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    throw badRequest("malformed-json");
  }
  let handled = 0;
  let duplicates = 0;
  for (const msg of inboundMessages(payload)) {
    const tenant = await tenantFor(msg.phoneNumberId);
    const fresh = await deps.db.tx((q) => store.claimInbound(q, { tenantId: tenant.id, channel: "whatsapp", messageId: msg.id, kind: msg.body.kind }));
    if (!fresh) {
      duplicates++;
      continue;
    }
    try {
      await handleMessage(
        {
          db: deps.db,
          tenant,
          files: deps.files,
          publicUrl: deps.config.publicUrl,
          whatsapp: deps.config.notify.whatsapp,
          timeoutMs: deps.config.notify.timeoutMs,
          log: deps.log,
        },
        msg,
      );
      handled++;
    } catch (err) {
      await store.releaseInbound(deps.db, tenant.id, "whatsapp", msg.id);
      throw err;
    }
  }
  return { status: "ok", handled, duplicates };
}

const first = (fields: Record<string, unknown>, names: string[]) => {
  for (const n of names) {
    const v = fields[n];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === "string" && s.trim()) return s.trim();
  }
  return undefined;
};

/** An inbound SMS: a STATUS query is answered by SMS through the outbox; anything else is ignored (no reply loops). */
export async function handleSms(deps: Deps, tenant: Tenant, fields: Record<string, unknown>, token: string) {
  const given = first(fields, ["token"]);
  if (!given || !sameText(given, token)) throw forbidden("webhook-token");
  const phone = normalizePhone(first(fields, ["from", "nohp", "msisdn", "sender", "originator"]) ?? "");
  const text = first(fields, ["text", "pesan", "message"]) ?? "";
  if (!phone) throw badRequest("validation-failed", { fields: [{ field: "from", code: "invalid-phone" }] });
  const id = first(fields, ["id", "messageId"]);
  if (id && !(await deps.db.tx((q) => store.claimInbound(q, { tenantId: tenant.id, channel: "sms", messageId: id, kind: "text" }))))
    return { status: "duplicate" };
  const number = statusQuery(text);
  const asked = /^\s*(status|cek)\b/i.test(text);
  if (!number && !asked) return { status: "ignored" };
  const body = number ? await statusAnswer(deps.db, tenant, number, phone, deps.config.publicUrl) : "Kirim STATUS <nomor>, contoh: STATUS SKD-2026-000001";
  await deps.db.tx((q) =>
    enqueueNotification(q, {
      tenantId: tenant.id,
      userId: null,
      channel: "sms",
      recipient: phone,
      template: "frontdoor.sms-status",
      subject: tenant.name,
      body,
    }),
  );
  return { status: "answered" };
}
