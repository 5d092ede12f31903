/**
 * The city's own SMS gateway, described by a URL template: `BALAI_SMS_URL="https://sms.kota.go.id/send?to={to}&text={text}"`,
 * with a method, optional headers and an optional body template. `{to}` is the number as 62812…, `{text}` the message,
 * `{subject}` the subject; in the URL and in form bodies they are URL-encoded, in a JSON body (a template starting
 * with `{` or `[`) JSON-escaped. Any 2xx answer is a success; its JSON `id` or `messageId`, when present, is kept.
 */
import { httpFailure, HttpProviderAdapter, msisdn, providerFetch } from "./http-client.ts";
import type { Message } from "./types.ts";

export interface HttpSmsConfig {
  url: string;
  method: "GET" | "POST" | "PUT";
  headers: Record<string, string>;
  body: string | undefined;
}

const fill = (template: string, values: Record<string, string>, encode: (s: string) => string) =>
  template.replace(/\{(to|text|subject)\}/g, (_m, k: string) => encode(values[k]));

export const isJsonTemplate = (body: string) => /^\s*[{[]/.test(body);

export class HttpSmsAdapter extends HttpProviderAdapter<HttpSmsConfig> {
  readonly name = "http-sms";

  async send(m: Message) {
    const values = { to: msisdn(m.recipient), text: m.body, subject: m.subject };
    const url = fill(this.cfg.url, values, encodeURIComponent);
    const headers: Record<string, string> = { ...this.cfg.headers };
    let body: string | undefined;
    if (this.cfg.body !== undefined) {
      const json = isJsonTemplate(this.cfg.body);
      body = fill(this.cfg.body, values, json ? (s) => JSON.stringify(s).slice(1, -1) : encodeURIComponent);
      const hasType = Object.keys(headers).some((h) => h.toLowerCase() === "content-type");
      if (!hasType) headers["content-type"] = json ? "application/json" : "application/x-www-form-urlencoded";
    }
    const res = await providerFetch(url, { method: this.cfg.method, headers, body }, this.timeoutMs);
    if (res.status < 200 || res.status >= 300) throw httpFailure(res, res.text.slice(0, 200));
    const json = res.json as { id?: unknown; messageId?: unknown } | undefined;
    const id = json && typeof json === "object" ? (json.messageId ?? json.id) : undefined;
    return { status: "sent" as const, providerId: id === undefined || id === null ? undefined : String(id) };
  }
}
