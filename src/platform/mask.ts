/** Masks personal identifiers before they reach logs or public views. */

const NIK = /\b(\d{4})\d{8}(\d{4})\b/g; // 16-digit NIK: keep first 4 and last 4
const PHONE = /(\+62|\b62|\b0)(8\d)(\d{3,7})(\d{3})\b/g;
const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

export function maskText(s: string): string {
  return s
    .replace(NIK, (_m, a, b) => `${a}********${b}`)
    .replace(PHONE, (_m, p, op, mid: string, end) => `${p}${op}${"*".repeat(mid.length)}${end}`)
    .replace(EMAIL, (_m, first, domain) => `${first}***@${domain}`);
}

export const maskNik = (nik: string) => (nik.length === 16 ? `${nik.slice(0, 4)}********${nik.slice(12)}` : "****");
/** A phone number for views that must not show it: mobile numbers keep operator prefix and last 3 digits, any other keeps its last 3. */
export function maskPhone(phone: string): string {
  const masked = maskText(phone);
  if (masked !== phone) return masked;
  const digits = phone.replace(/\D/g, "");
  return digits.length <= 4 ? phone : `${"*".repeat(digits.length - 3)}${digits.slice(-3)}`;
}
export const maskEmail = (email: string) => maskText(email);

/** Deep-masks strings inside a log object (keys like password/secret/token are dropped entirely). */
export function maskValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === "string") return maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value && typeof value === "object" && !(value instanceof Date) && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /pass(word|phrase)?|secret|token|cookie|authorization|otp/i.test(k) ? "[redacted]" : maskValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_PARAM = /token|code|state|secret|pass|otp|key|sig/i;
/**
 * A path segment that is a bearer secret (a tracking or link token: ≥ 16 base64url characters with upper and lower
 * case). Service keys (lower case), case numbers (upper case and digits) and UUIDs do not look like one.
 */
const looksLikeToken = (s: string) => s.length >= 16 && /^[A-Za-z0-9_-]+$/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && !UUID.test(s);

/**
 * A request's address for the log: personal identifiers masked (maskText), and the secrets an address can carry taken
 * out — path segments that are tokens (`/api/track/:token`, `/api/auth/inapas/link/:token`) and the values of query
 * parameters such as `code`, `state`, `token`. Case ids (UUIDs) and ordinary words stay, so the log still says what
 * was asked.
 */
export function maskUrl(url: string): string {
  const q = url.indexOf("?");
  const path = (q < 0 ? url : url.slice(0, q))
    .split("/")
    .map((seg) => (looksLikeToken(seg) ? "[redacted]" : seg))
    .join("/");
  if (q < 0) return maskText(path);
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq > 0 && SECRET_PARAM.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join("&");
  return maskText(`${path}?${query}`);
}
