/**
 * The accounts module's public face: what other modules may use. Identifiers (e-mail and Indonesian phone numbers
 * normalised) and the user reads and writes that staff administration needs; everything else stays inside.
 */
export { type Identifier, normalizeEmail, normalizePhone, parseIdentifier } from "./identifiers.ts";
export { ensureUserByEmail, findUserById, findUserByIdentifier, insertUser, updateUser, type UserRow, userNames } from "./store.ts";
