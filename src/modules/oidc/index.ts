/** The one-login module's public face: its routes (the provider at /oidc), clients and key rotation for the CLI. */
export { createClient, listClients, type NewClientInput, type OidcClientView, revokeClient } from "./clients.ts";
export { rotateSigningKey } from "./keys.ts";
export { forgetProviders } from "./provider.ts";
