/** Payment gateways for e-Parking QRIS (docs/parking.md): which one issues QRIS, and each provider's keys. */
export interface PaymentConfig {
  /** The gateway that issues QRIS: "dev" (development, no money moves) or a provider. */
  gateway: "dev" | "midtrans" | "doku" | "xendit" | "snap";
  /** Provider API base URL (status queries), e.g. https://api.midtrans.com; tests point it at a fake. */
  url: string;
  /** Merchant NMID printed in QRIS tag 51 (the dev gateway uses a fake one). */
  nmid: string;
  merchantName: string;
  merchantCity: string;
  midtransServerKey: string;
  dokuClientId: string;
  dokuSecretKey: string;
  xenditSecretKey: string;
  xenditCallbackToken: string;
  /** SNAP BI: the provider's RSA public key (PEM) that signs notifications, and our partner/client id. */
  snapPublicKeyPem: string;
  snapClientId: string;
  snapClientSecret: string;
  /** SNAP BI: our own RSA private key (PEM) for the B2B access-token signature. */
  snapPrivateKeyPem: string;
  /** HMAC key of the dev gateway's simulated callbacks. */
  devSecret: string;
}

const GATEWAYS = ["dev", "midtrans", "doku", "xendit", "snap"] as const;

export function parsePaymentEnv(env: NodeJS.ProcessEnv, problems: string[], production: boolean): PaymentConfig {
  const gateway = (env.BALAI_PARKING_GATEWAY ?? "dev") as PaymentConfig["gateway"];
  if (!GATEWAYS.includes(gateway)) problems.push(`BALAI_PARKING_GATEWAY must be one of ${GATEWAYS.join(", ")} (got "${gateway}")`);
  const c: PaymentConfig = {
    gateway,
    url: env.BALAI_PARKING_GATEWAY_URL ?? "",
    nmid: env.BALAI_PARKING_NMID ?? "ID1026000000001",
    merchantName: env.BALAI_PARKING_MERCHANT_NAME ?? "PARKIR KOTA",
    merchantCity: env.BALAI_PARKING_MERCHANT_CITY ?? "PALEMBANG",
    midtransServerKey: env.MIDTRANS_SERVER_KEY ?? "",
    dokuClientId: env.DOKU_CLIENT_ID ?? "",
    dokuSecretKey: env.DOKU_SECRET_KEY ?? "",
    xenditSecretKey: env.XENDIT_SECRET_KEY ?? "",
    xenditCallbackToken: env.XENDIT_CALLBACK_TOKEN ?? "",
    snapPublicKeyPem: (env.SNAP_PUBLIC_KEY ?? "").replace(/\\n/g, "\n"),
    snapClientId: env.SNAP_CLIENT_ID ?? "",
    snapClientSecret: env.SNAP_CLIENT_SECRET ?? "",
    snapPrivateKeyPem: (env.SNAP_PRIVATE_KEY ?? "").replace(/\\n/g, "\n"),
    devSecret: env.BALAI_PARKING_DEV_SECRET ?? "balai-dev-gateway",
  };
  if (gateway !== "dev" && !c.url) problems.push(`BALAI_PARKING_GATEWAY=${gateway} needs BALAI_PARKING_GATEWAY_URL`);
  if (gateway === "midtrans" && !c.midtransServerKey) problems.push("BALAI_PARKING_GATEWAY=midtrans needs MIDTRANS_SERVER_KEY");
  if (gateway === "doku" && !(c.dokuClientId && c.dokuSecretKey)) problems.push("BALAI_PARKING_GATEWAY=doku needs DOKU_CLIENT_ID and DOKU_SECRET_KEY");
  if (gateway === "xendit" && !(c.xenditSecretKey && c.xenditCallbackToken))
    problems.push("BALAI_PARKING_GATEWAY=xendit needs XENDIT_SECRET_KEY and XENDIT_CALLBACK_TOKEN");
  if (gateway === "snap" && !(c.snapPublicKeyPem && c.snapPrivateKeyPem && c.snapClientId && c.snapClientSecret))
    problems.push("BALAI_PARKING_GATEWAY=snap needs SNAP_PUBLIC_KEY, SNAP_PRIVATE_KEY, SNAP_CLIENT_ID and SNAP_CLIENT_SECRET");
  if (production && gateway === "dev" && env.BALAI_PARKING_DEV_SECRET === undefined) c.devSecret = "";
  return c;
}
