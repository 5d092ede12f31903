/**
 * Zenziva SMS (Indonesia), "SMS Reguler" console API: `POST https://console.zenziva.net/reguler/api/sendsms/` with
 * the form fields userkey, passkey, to, message; the answer is JSON `{messageId, to, status, text}` where status "1"
 * is success and anything else a refusal explained in `text` (wrong key, no balance, bad number). See docs/messaging.md.
 */
import { httpFailure, HttpProviderAdapter, msisdn, providerFetch } from "./http-client.ts";
import { DeliveryError, type Message } from "./types.ts";

export interface ZenzivaConfig {
  url: string;
  userkey: string;
  passkey: string;
}

export class ZenzivaAdapter extends HttpProviderAdapter<ZenzivaConfig> {
  readonly name = "zenziva";

  async send(m: Message) {
    const form = new URLSearchParams({ userkey: this.cfg.userkey, passkey: this.cfg.passkey, to: msisdn(m.recipient), message: m.body });
    const res = await providerFetch(
      this.cfg.url,
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: form.toString() },
      this.timeoutMs,
    );
    if (res.status < 200 || res.status >= 300) throw httpFailure(res, res.text.slice(0, 200));
    const json = res.json as { messageId?: string | number; status?: string | number; text?: string } | undefined;
    if (!json || json.status === undefined)
      throw new DeliveryError(`Zenziva answered without a status: ${res.text.slice(0, 200)}`, { permanent: false, status: res.status });
    if (String(json.status) !== "1") {
      // A refusal (wrong key, balance, invalid number): sending the same again would be refused again.
      throw new DeliveryError(`Zenziva status ${json.status}: ${json.text ?? ""}`.slice(0, 500), { permanent: true, status: res.status });
    }
    return { status: "sent" as const, providerId: json.messageId === undefined ? undefined : String(json.messageId) };
  }
}
