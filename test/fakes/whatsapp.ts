/**
 * A fake WhatsApp Business Cloud API (Graph API `POST /{version}/{phone-number-id}/messages`): checks the bearer
 * token and the template or text message body exactly, answers `{messaging_product, contacts, messages: [{id}]}`, and
 * fails like Graph does: `{error: {message, type, code, error_subcode, error_data, fbtrace_id}}`. Media: `GET
 * /{version}/{media-id}` answers `{messaging_product, url, mime_type, sha256, file_size, id}` and the `url` serves the
 * bytes, both only with the bearer token (the front door's photo download).
 */
import { createHash } from "node:crypto";
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
  text?: { body?: string; preview_url?: unknown };
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

  private media = new Map<string, { bytes: Buffer; mimeType: string }>();

  /** A media file the fake serves (as if a WhatsApp user had sent it). */
  addMedia(id: string, bytes: Buffer, mimeType: string) {
    this.media.set(id, { bytes, mimeType });
    return this;
  }

  /** The parsed JSON bodies of every message request (media downloads left out). */
  get bodies(): TemplateMessage[] {
    return this.requests.filter((r) => r.method === "POST").map((r) => JSON.parse(r.body) as TemplateMessage);
  }

  /** The text messages sent, as {to, body}. */
  get texts(): { to: string; body: string }[] {
    return this.bodies.filter((b) => b.type === "text").map((b) => ({ to: b.to ?? "", body: b.text?.body ?? "" }));
  }

  private mediaPath(r: RecordedRequest) {
    if (r.method !== "GET") return undefined;
    const meta = new RegExp(`^/${this.opts.apiVersion.replace(".", "\\.")}/([\\w.-]+)$`).exec(r.path);
    if (meta) return { kind: "meta" as const, id: meta[1] };
    const file = /^\/media-download\/([\w.-]+)$/.exec(r.path);
    if (file) return { kind: "file" as const, id: file[1] };
    return undefined;
  }

  protected check(r: RecordedRequest): string[] {
    const errors: string[] = [];
    const media = this.mediaPath(r);
    if (media) {
      if (r.headers.authorization !== `Bearer ${this.opts.accessToken}`) errors.push("authorization");
      if (media.kind === "file" && r.query.get("ext") !== "1") errors.push("media url");
      return errors;
    }
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
    if (b.messaging_product !== "whatsapp") errors.push("messaging_product");
    if (b.recipient_type !== "individual") errors.push("recipient_type");
    if (!/^628\d{7,12}$/.test(b.to ?? "")) errors.push(`to ${b.to}`);
    if (b.type === "text") {
      // A free-form text message (inside the 24-hour window): text.body up to 4096 characters.
      if (keys !== "messaging_product,recipient_type,text,to,type") errors.push(`body keys ${keys}`);
      const t = b.text ?? {};
      if (Object.keys(t).some((k) => k !== "body" && k !== "preview_url")) errors.push("text keys");
      if (typeof t.body !== "string" || !t.body.trim() || t.body.length > 4096) errors.push("text body");
      if (t.preview_url !== undefined && typeof t.preview_url !== "boolean") errors.push("preview_url");
      return errors;
    }
    if (keys !== "messaging_product,recipient_type,template,to,type") errors.push(`body keys ${keys}`);
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
    const media = this.mediaPath(r);
    if (media) {
      if (shapeErrors.length) return sendJson(res, 404, graphError("Unsupported get request.", "GraphMethodException", 100, 33));
      const m = this.media.get(media.id);
      if (!m) return sendJson(res, 400, graphError(`Unsupported get request. Object with ID '${media.id}' does not exist`, "GraphMethodException", 100, 33));
      if (mode === "5xx") return sendJson(res, 500, graphError("(#131000) Something went wrong", "OAuthException", 131000));
      if (media.kind === "file") {
        res.writeHead(200, { "content-type": m.mimeType, "content-length": String(m.bytes.length) });
        return res.end(m.bytes);
      }
      return sendJson(res, 200, {
        messaging_product: "whatsapp",
        url: `${this.url}/media-download/${media.id}?ext=1`,
        mime_type: m.mimeType,
        sha256: createHash("sha256").update(m.bytes).digest("hex"),
        file_size: m.bytes.length,
        id: media.id,
      });
    }
    if (shapeErrors.length) return sendJson(res, 400, graphError(`(#100) Invalid parameter: ${shapeErrors.join("; ")}`, "OAuthException", 100));
    if (mode === "4xx") return sendJson(res, 400, graphError("(#131026) Message undeliverable", "OAuthException", 131026));
    if (mode === "5xx") return sendJson(res, 500, graphError("(#131000) Something went wrong", "OAuthException", 131000));
    if (mode === "429") return sendJson(res, 429, graphError("(#130429) Rate limit hit", "OAuthException", 130429));
    const to = JSON.parse(r.body).to;
    sendJson(res, 200, { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.FAKE${this.nextId()}` }] });
  }
}
