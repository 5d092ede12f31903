import type { App, Deps } from "../../platform/http.ts";

/** "Masuk dengan INApas": Balai as a relying party of the national identity provider. */
export default async function inapasRoutes(_app: App, _deps: Deps) {}
