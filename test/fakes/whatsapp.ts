/**
 * A fake WhatsApp Business Cloud API (Graph API `POST /{version}/{phone-number-id}/messages`): checks the bearer
 * token and the template message body exactly, answers `{messaging_product, contacts, messages: [{id}]}`, and fails
 * like Graph does: `{error: {message, type, code, error_subcode, error_data, fbtrace_id}}`.
 */
import type http from "node:http";
import { FakeProvider, type Mode, type RecordedRequest, sendJson } from "./server.ts";

export interface WhatsAppFakeOptions {
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  templates: string[];
  language: string;
}

const graphError = (message: string, type: string, code: number, subcode?: number) => ({
  error: {
    message,
    type,
    code,
    ...(subcode ? { error_subcode: subcode } : {}),
    error_data: { messaging_product: "whatsapp", details: message },
    fbtrace_id: "AbCdEfGhIj1",
  },
});

/** A Cloud API template message as this fake reads it (fields are checked, so every one may be missing or wrong). */
interface TemplateMessage {
  messaging_product?: unknown;
  recipient_type?: unknown;
  to?: string;
  type?: unknown;
  template?: {
    name?: string;
    language?: { code?: string };
    components?: { type: string; sub_type?: string; index?: string; parameters?: { type: string; text?: unknown }[] }[];
  };
}

export class WhatsAppFake extends FakeProvider {
  readonly opts: WhatsAppFakeOptions;
  constructor(opts: Partial<WhatsAppFakeOptions> = {}) {
    super();
    this.opts = {
      apiVersion: "v21.0",
      phoneNumberId: "106540352242922",
      accessToken: "EAAtest",
      templates: ["balai_kode", "balai_kabar"],
      language: "id",
      ...opts,
    };
  }

  /** The parsed JSON bodies of every request. */
  get bodies(): TemplateMessage[] {
    return this.requests.map((r) => JSON.parse(r.body) as TemplateMessage);
  }

  protected check(r: RecordedRequest): string[] {
    const errors: string[] = [];
    if (r.method !== "POST") errors.push(`method ${r.method}`);
    if (r.path !== `/${this.opts.apiVersion}/${this.opts.phoneNumberId}/messages`) errors.push(`path ${r.path}`);
    if (r.headers.authorization !== `Bearer ${this.opts.accessToken}`) errors.push("authorization");
    if (!String(r.headers["content-type"]).startsWith("application/json")) errors.push(`content-type ${r.headers["content-type"]}`);
    let b: TemplateMessage;
    try {
      b = JSON.parse(r.body) as TemplateMessage;
    } catch {
      return [...errors, "body is not JSON"];
    }
    const keys = Object.keys(b).sort().join(",");
    if (keys !== "messaging_product,recipient_type,template,to,type") errors.push(`body keys ${keys}`);
    if (b.messaging_product !== "whatsapp") errors.push("messaging_product");
    if (b.recipient_type !== "individual") errors.push("recipient_type");
    if (!/^628\d{7,12}$/.test(b.to ?? "")) errors.push(`to ${b.to}`);
    if (b.type !== "template") errors.push("type");
    const t = b.template ?? {};
    if (!this.opts.templates.includes(t.name ?? "")) errors.push(`template name ${t.name}`);
    if (t.language?.code !== this.opts.language) errors.push(`language ${JSON.stringify(t.language)}`);
    if (!Array.isArray(t.components) || t.components.length === 0) errors.push("components");
    for (const c of t.components ?? []) {
      if (!["body", "button"].includes(c.type)) errors.push(`component type ${c.type}`);
      if (c.type === "button" && (c.sub_type !== "url" || c.index !== "0")) errors.push("button component");
      for (const p of c.parameters ?? []) {
        if (p.type !== "text" || typeof p.text !== "string" || !p.text) errors.push("parameter");
        else if (/[\n\t]| {5,}/.test(p.text) || p.text.length > 1024) errors.push("parameter text format");
      }
    }
    return errors;
  }

  protected respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]) {
    if (shapeErrors.some((e) => e === "authorization")) return sendJson(res, 401, graphError("Invalid OAuth access token.", "OAuthException", 190));
    if (shapeErrors.length) return sendJson(res, 400, graphError(`(#100) Invalid parameter: ${shapeErrors.join("; ")}`, "OAuthException", 100));
    if (mode === "4xx") return sendJson(res, 400, graphError("(#131026) Message undeliverable", "OAuthException", 131026));
    if (mode === "5xx") return sendJson(res, 500, graphError("(#131000) Something went wrong", "OAuthException", 131000));
    if (mode === "429") return sendJson(res, 429, graphError("(#130429) Rate limit hit", "OAuthException", 130429));
    const to = JSON.parse(r.body).to;
    sendJson(res, 200, { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.FAKE${this.nextId()}` }] });
  }
}
