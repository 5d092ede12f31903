/** e-Parking's use cases, one file each; routes call these. */
export * from "./card.ts";
export * from "./collect.ts";
export * from "./common.ts";
export { GATEWAY_NAMES, type GatewayName } from "./gateways/index.ts";
export * from "./payments.ts";
export * from "./photo.ts";
export * from "./points.ts";
export * from "./reconcile.ts";
export * from "./revenue.ts";
