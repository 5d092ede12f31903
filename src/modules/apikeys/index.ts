/** The API keys module's public face: checking a key for a scope, the app's hidden reporter accounts, and the CLI's commands. */
export {
  API_SCOPES,
  type ApiKey,
  type ApiScope,
  appUserFor,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type VerifiedKey,
  verifyApiKey,
} from "./service.ts";
