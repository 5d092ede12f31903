/** The messaging part of the configuration (README "Configuration", docs/messaging.md), parsed by config.ts. */
import type { HttpSmsConfig } from "./http-sms.ts";
import type { WhatsAppConfig } from "./whatsapp.ts";
import type { ZenzivaConfig } from "./zenziva.ts";

export interface NotifyConfig {
  /** Per-request time-out of every provider call. */
  timeoutMs: number;
  /** Attempts before a temporarily failing message is marked failed. */
  maxAttempts: number;
  /** Which adapter carries messages to a phone when both SMS and WhatsApp are configured. */
  phoneChannel: "sms" | "whatsapp";
  whatsapp: WhatsAppConfig | undefined;
  sms: ({ kind: "zenziva" } & ZenzivaConfig) | ({ kind: "http" } & HttpSmsConfig) | undefined;
  /** Inbound messages (the WhatsApp/SMS front door, docs/whatsapp-front-door.md). */
  inbound: InboundConfig;
}

export interface InboundConfig {
  /** `hub.verify_token` expected by the WhatsApp webhook's verification request. */
  whatsappVerifyToken: string | undefined;
  /** App secret: `X-Hub-Signature-256` is HMAC-SHA256 of the raw body with it. No secret: the webhook refuses every POST. */
  whatsappAppSecret: string | undefined;
  /** Which tenant a business phone number (`metadata.phone_number_id`) belongs to; unlisted: the request's tenant. */
  whatsappTenants: Record<string, string>;
  /** Shared token the SMS gateway puts in the inbound callback URL (`?token=`). No token: the SMS webhook is off. */
  smsInboundToken: string | undefined;
}

const HTTP_URL = /^https?:\/\/[^\s/]+/;

export function parseNotifyEnv(
  env: NodeJS.ProcessEnv,
  problems: string[],
  int: (name: string, fallback: number, min?: number, max?: number) => number,
): NotifyConfig {
  const cfg: NotifyConfig = {
    timeoutMs: int("BALAI_NOTIFY_TIMEOUT_MS", 10_000, 100, 120_000),
    maxAttempts: int("BALAI_NOTIFY_MAX_ATTEMPTS", 6, 1, 50),
    phoneChannel: env.BALAI_PHONE_CHANNEL === "whatsapp" ? "whatsapp" : "sms",
    whatsapp: undefined,
    sms: undefined,
    inbound: {
      whatsappVerifyToken: env.BALAI_WHATSAPP_VERIFY_TOKEN || undefined,
      whatsappAppSecret: env.BALAI_WHATSAPP_APP_SECRET || undefined,
      whatsappTenants: {},
      smsInboundToken: env.BALAI_SMS_INBOUND_TOKEN || undefined,
    },
  };
  for (const pair of (env.BALAI_WHATSAPP_TENANTS ?? "").split(",").filter((x) => x.trim())) {
    const m = /^\s*(\d+)\s*=\s*([\w.-]+)\s*$/.exec(pair);
    if (m) cfg.inbound.whatsappTenants[m[1]] = m[2];
    else problems.push(`BALAI_WHATSAPP_TENANTS must be a list like 106540352242922=16.71,106540352242923=35.73 (got "${pair}")`);
  }
  if (cfg.inbound.smsInboundToken !== undefined && cfg.inbound.smsInboundToken.length < 16)
    problems.push("BALAI_SMS_INBOUND_TOKEN must be at least 16 characters");
  if (env.BALAI_PHONE_CHANNEL && !["sms", "whatsapp"].includes(env.BALAI_PHONE_CHANNEL))
    problems.push(`BALAI_PHONE_CHANNEL must be sms or whatsapp (got "${env.BALAI_PHONE_CHANNEL}")`);

  if (env.BALAI_WHATSAPP_PHONE_NUMBER_ID || env.BALAI_WHATSAPP_TOKEN) {
    const wa: WhatsAppConfig = {
      baseUrl: env.BALAI_WHATSAPP_URL || "https://graph.facebook.com",
      apiVersion: env.BALAI_WHATSAPP_API_VERSION || "v21.0",
      phoneNumberId: env.BALAI_WHATSAPP_PHONE_NUMBER_ID ?? "",
      accessToken: env.BALAI_WHATSAPP_TOKEN ?? "",
      codeTemplate: env.BALAI_WHATSAPP_CODE_TEMPLATE || "balai_kode",
      updateTemplate: env.BALAI_WHATSAPP_UPDATE_TEMPLATE || "balai_kabar",
      language: env.BALAI_WHATSAPP_LANGUAGE || "id",
    };
    if (!/^\d+$/.test(wa.phoneNumberId)) problems.push("BALAI_WHATSAPP_PHONE_NUMBER_ID must be the numeric phone number id of the WhatsApp Business account");
    if (!wa.accessToken) problems.push("BALAI_WHATSAPP_TOKEN must be set with BALAI_WHATSAPP_PHONE_NUMBER_ID");
    if (!HTTP_URL.test(wa.baseUrl)) problems.push(`BALAI_WHATSAPP_URL must be an http(s) URL (got "${wa.baseUrl}")`);
    if (!/^v\d+\.\d+$/.test(wa.apiVersion)) problems.push(`BALAI_WHATSAPP_API_VERSION must look like v21.0 (got "${wa.apiVersion}")`);
    if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(wa.language))
      problems.push(`BALAI_WHATSAPP_LANGUAGE must be a template language code like id or en_US (got "${wa.language}")`);
    for (const [name, v] of [
      ["BALAI_WHATSAPP_CODE_TEMPLATE", wa.codeTemplate],
      ["BALAI_WHATSAPP_UPDATE_TEMPLATE", wa.updateTemplate],
    ])
      if (!/^[a-z0-9_]{1,512}$/.test(v)) problems.push(`${name} must be a template name of lowercase letters, digits and _ (got "${v}")`);
    cfg.whatsapp = wa;
  }

  const zenziva = env.BALAI_ZENZIVA_USERKEY || env.BALAI_ZENZIVA_PASSKEY;
  if (zenziva && env.BALAI_SMS_URL) problems.push("set either BALAI_ZENZIVA_USERKEY/PASSKEY or BALAI_SMS_URL, not both");
  if (zenziva) {
    const url = env.BALAI_ZENZIVA_URL || "https://console.zenziva.net/reguler/api/sendsms/";
    if (!env.BALAI_ZENZIVA_USERKEY || !env.BALAI_ZENZIVA_PASSKEY) problems.push("BALAI_ZENZIVA_USERKEY and BALAI_ZENZIVA_PASSKEY must both be set");
    if (!HTTP_URL.test(url)) problems.push(`BALAI_ZENZIVA_URL must be an http(s) URL (got "${url}")`);
    cfg.sms = { kind: "zenziva", url, userkey: env.BALAI_ZENZIVA_USERKEY ?? "", passkey: env.BALAI_ZENZIVA_PASSKEY ?? "" };
  } else if (env.BALAI_SMS_URL) {
    const method = (env.BALAI_SMS_METHOD || (env.BALAI_SMS_BODY ? "POST" : "GET")).toUpperCase();
    if (!["GET", "POST", "PUT"].includes(method)) problems.push(`BALAI_SMS_METHOD must be GET, POST or PUT (got "${env.BALAI_SMS_METHOD}")`);
    if (!HTTP_URL.test(env.BALAI_SMS_URL)) problems.push("BALAI_SMS_URL must be an http(s) URL template");
    const placeholders = `${env.BALAI_SMS_URL} ${env.BALAI_SMS_BODY ?? ""}`;
    if (!placeholders.includes("{to}") || !placeholders.includes("{text}")) problems.push("BALAI_SMS_URL (or BALAI_SMS_BODY) must contain {to} and {text}");
    if (method === "GET" && env.BALAI_SMS_BODY) problems.push("BALAI_SMS_BODY needs BALAI_SMS_METHOD=POST or PUT");
    let headers: Record<string, string> = {};
    if (env.BALAI_SMS_HEADERS) {
      try {
        const parsed = JSON.parse(env.BALAI_SMS_HEADERS) as unknown;
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === "string")) throw new Error();
        headers = parsed as Record<string, string>;
      } catch {
        problems.push('BALAI_SMS_HEADERS must be a JSON object of strings, e.g. {"Authorization": "Bearer …"}');
      }
    }
    cfg.sms = { kind: "http", url: env.BALAI_SMS_URL, method: method as HttpSmsConfig["method"], headers, body: env.BALAI_SMS_BODY || undefined };
  }
  if (cfg.phoneChannel === "whatsapp" && !cfg.whatsapp)
    problems.push("BALAI_PHONE_CHANNEL=whatsapp needs BALAI_WHATSAPP_PHONE_NUMBER_ID and BALAI_WHATSAPP_TOKEN");
  return cfg;
}

/** Is there a real adapter for messages to a phone? */
export const hasPhoneAdapter = (cfg: NotifyConfig) => !!(cfg.sms || cfg.whatsapp);
