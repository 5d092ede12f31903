/**
 * `balai whatsapp say --url URL --from 6281… (--text T | --lat=LAT --lon=LON) [--id WAMID]`: posts one message to
 * a running server's WhatsApp webhook the way Meta does (signed with BALAI_WHATSAPP_APP_SECRET, or the demo secret),
 * to try the front door without a WhatsApp Business account. Replies land in the outbox (/dev/outbox, the log).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { UsageError } from "../platform/usage.ts";
import { DEMO_WHATSAPP_SECRET, signedWebhook } from "../modules/frontdoor/index.ts";
import { type Command, stringOptions } from "./context.ts";

export const whatsapp: Command = async (ctx, sub, rest) => {
  if (sub !== "say") return undefined;
  const { values } = parseArgs({
    args: rest,
    options: stringOptions("url", "from", "text", "lat", "lon", "id", "phone-number-id"),
  });
  const usage = "usage: balai whatsapp say --url http://localhost:3000 --from 6281234567890 (--text 'LAPOR' | --lat=-2.97 --lon=104.77)";
  if (!values.url || !values.from || !/^62\d{8,13}$/.test(values.from)) throw new UsageError(usage);
  const lat = Number(values.lat);
  const lon = Number(values.lon);
  const message =
    values.text !== undefined
      ? { type: "text", text: { body: values.text } }
      : Number.isFinite(lat) && Number.isFinite(lon) && values.lat && values.lon
        ? { type: "location", location: { latitude: lat, longitude: lon } }
        : undefined;
  if (!message) throw new UsageError(usage);
  const secret = ctx.config.notify.inbound.whatsappAppSecret ?? DEMO_WHATSAPP_SECRET;
  const { body, signature } = signedWebhook(secret, {
    from: values.from,
    id: values.id ?? `wamid.CLI${randomBytes(8).toString("hex")}`,
    phoneNumberId: values["phone-number-id"] ?? ctx.config.notify.whatsapp?.phoneNumberId ?? "0",
    message,
  });
  const res = await fetch(`${values.url.replace(/\/+$/, "")}/webhooks/whatsapp`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signature },
    body,
  });
  ctx.print(`${res.status} ${await res.text()}`);
  ctx.print(res.ok ? "delivered; the reply is in the outbox (/dev/outbox or the server log)" : "refused");
  return res.ok ? 0 : 1;
};
