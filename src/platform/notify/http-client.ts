/** The HTTP call every provider adapter makes: a per-request time-out, and answers sorted into retry or not. */
import { type ChannelAdapter, DeliveryError, type Message, type SendOutcome } from "./types.ts";

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Sends one request; network errors and time-outs become temporary DeliveryErrors, every answer is returned. */
export async function providerFetch(url: string, init: RequestInit, timeoutMs: number): Promise<ProviderResponse> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    text = await res.text();
  } catch (err) {
    const e = err as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError") throw new DeliveryError(`time-out after ${timeoutMs} ms`, { permanent: false });
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DeliveryError(`network error: ${cause?.code ?? cause?.message ?? e.message}`, { permanent: false });
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Retry-After in milliseconds (seconds or an HTTP date), when the answer carries one. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const v = headers.get("retry-after");
  if (!v) return;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The usual rule for an HTTP answer that is not a success: 429 and 5xx are temporary, other 4xx permanent. */
export function httpFailure(res: ProviderResponse, detail: string): DeliveryError {
  const temporary = res.status === 429 || res.status >= 500 || res.status === 408;
  return new DeliveryError(`HTTP ${res.status}: ${detail}`.slice(0, 500), {
    permanent: !temporary,
    status: res.status,
    retryAfterMs: temporary ? retryAfterMs(res.headers) : undefined,
  });
}

/** An Indonesian mobile number (+62812…, 62812…, 0812…) as the providers want it: 62812… (digits only). */
export function msisdn(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.startsWith("0")) return `62${digits.slice(1)}`;
  return digits;
}

/** An adapter for a provider's HTTP API: its configuration and the time-out of one request. */
export abstract class HttpProviderAdapter<Config> implements ChannelAdapter {
  abstract readonly name: string;
  protected readonly cfg: Config;
  protected readonly timeoutMs: number;
  constructor(cfg: Config, timeoutMs: number) {
    this.cfg = cfg;
    this.timeoutMs = timeoutMs;
  }
  abstract send(message: Message): Promise<SendOutcome>;
}
