/** The front door's public face (docs/whatsapp-front-door.md): its routes are registered by the composition root. */
export { default as frontdoorRoutes } from "./routes.ts";
export { statusAnswer, statusQuery } from "./status.ts";
export { DEMO_VERIFY_TOKEN, DEMO_WHATSAPP_SECRET, signedWebhook } from "./demo.ts";
