/** The gateway adapters by name, built from the configuration. */
import type { PaymentConfig } from "../../../platform/payments/config.ts";
import { DevGateway, type DevLedger } from "./dev.ts";
import { DokuGateway } from "./doku.ts";
import { MidtransGateway } from "./midtrans.ts";
import { SnapGateway } from "./snap.ts";
import type { PaymentGateway } from "./types.ts";
import { XenditGateway } from "./xendit.ts";

export type { CallbackRequest, PaymentGateway, PaymentNotice } from "./types.ts";
export const GATEWAY_NAMES = ["dev", "midtrans", "doku", "xendit", "snap"] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** The adapter for a callback route; undefined when that provider is not configured. */
export function gatewayFor(name: GatewayName, c: PaymentConfig, ledger: DevLedger): PaymentGateway | undefined {
  switch (name) {
    case "dev":
      return c.devSecret ? new DevGateway(c.devSecret, ledger) : undefined;
    case "midtrans":
      return c.midtransServerKey && c.url ? new MidtransGateway({ baseUrl: c.url, serverKey: c.midtransServerKey }) : undefined;
    case "doku":
      return c.dokuClientId && c.dokuSecretKey && c.url ? new DokuGateway({ baseUrl: c.url, clientId: c.dokuClientId, secret: c.dokuSecretKey }) : undefined;
    case "xendit":
      return c.xenditCallbackToken && c.url
        ? new XenditGateway({ baseUrl: c.url, secretKey: c.xenditSecretKey, callbackToken: c.xenditCallbackToken })
        : undefined;
    case "snap":
      return c.snapPublicKeyPem && c.url
        ? new SnapGateway({
            baseUrl: c.url,
            providerPublicKeyPem: c.snapPublicKeyPem,
            privateKeyPem: c.snapPrivateKeyPem,
            clientId: c.snapClientId,
            clientSecret: c.snapClientSecret,
          })
        : undefined;
  }
}
