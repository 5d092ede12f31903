/**
 * The payment-gateway adapter interface of e-Parking. Balai does not issue real QRIS: a gateway does. Each adapter
 * checks a callback the way its provider signs it, reads it into a PaymentNotice, and confirms it with the
 * provider's status query before anything is counted.
 */
import { AppError } from "../../../platform/errors.ts";

export interface CallbackRequest {
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  rawBody: string;
  /** The path the provider posted to (some signatures cover it). */
  path: string;
}

export interface PaymentNotice {
  /** The gateway's own transaction id: replays of one transaction carry the same one. */
  txnId: string;
  /** Our merchant order id / reference (QRIS tag 62), or the static QR's reference. */
  orderId: string;
  /** Rupiah (whole). */
  amount: number;
  paid: boolean;
  paidAt: Date;
  /** Provider handle the status query needs (e.g. Xendit's qr_id, SNAP's originalReferenceNo). */
  queryKey: string;
}

export interface StatusAnswer {
  paid: boolean;
  amount: number;
}

export interface PaymentGateway {
  readonly name: "dev" | "midtrans" | "doku" | "xendit" | "snap";
  /** Checks the signature and reads the notice; throws AppError payment-signature-invalid (401) when it does not verify. */
  verifyCallback(req: CallbackRequest): PaymentNotice;
  /** Asks the provider for the transaction's state. */
  queryStatus(notice: PaymentNotice): Promise<StatusAnswer>;
  /** Has the provider issue a dynamic QRIS for an order (providers that issue per-transaction QRs). */
  issueDynamicQris?(order: { orderId: string; amount: number }): Promise<{ qris: string; txnId: string }>;
}

export const badSignature = (why: string) => new AppError("payment-signature-invalid", 401, { detail: why });
export const badCallback = (why: string) => new AppError("payment-callback-malformed", 400, { detail: why });
export const gatewayUnavailable = (why: string) => new AppError("payment-gateway-unavailable", 502, { detail: why });

/** Rupiah from a provider's decimal string ("10000.00") or number; NaN when it is not a whole amount. */
export function rupiahOf(v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d{1,2})?$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : Number.NaN;
}

export function parseJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw);
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badCallback("body is not a JSON object");
}

export async function fetchJson(url: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw gatewayUnavailable(`status query failed: ${(err as Error).message}`);
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    // a non-JSON answer is treated as unavailable below
  }
  if (res.status >= 500 || res.status === 429) throw gatewayUnavailable(`status query answered ${res.status}`);
  return { status: res.status, body };
}

/** "2026-12-02 10:15:00" in WIB (how Midtrans writes times) or an ISO time; now when absent or unreadable. */
export function wibTime(v: unknown): Date {
  if (typeof v !== "string") return new Date();
  const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(" ", "T")}+07:00` : v);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}
