/**
 * What the HTTP gateway adapters share (like src/platform/notify's HttpProviderAdapter): the configuration they
 * were built with, a constant-time check of a signature or token, and HTTP Basic credentials.
 */
import { timingSafeEqual } from "node:crypto";
import { badSignature, type CallbackRequest, type PaymentGateway, type PaymentNotice, type StatusAnswer } from "./types.ts";

export abstract class HttpGateway<Config> implements PaymentGateway {
  abstract readonly name: PaymentGateway["name"];
  protected readonly cfg: Config;
  constructor(cfg: Config) {
    this.cfg = cfg;
  }
  abstract verifyCallback(req: CallbackRequest): PaymentNotice;
  abstract queryStatus(notice: PaymentNotice): Promise<StatusAnswer>;
}

/** Throws payment-signature-invalid (401) with `why` unless `got` equals `want` (compared in constant time). */
export function checkSecret(got: string, want: string, why: string): void {
  if (!want || got.length !== want.length || !timingSafeEqual(Buffer.from(got), Buffer.from(want))) throw badSignature(why);
}

/** The Authorization header of a provider that takes its key as the Basic user with an empty password. */
export const basicAuth = (user: string) => `Basic ${Buffer.from(`${user}:`).toString("base64")}`;
