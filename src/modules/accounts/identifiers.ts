import { badRequest } from "../../platform/errors.ts";

export type Identifier = { kind: "email"; value: string } | { kind: "phone"; value: string };

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Indonesian mobile numbers in any common spelling (0812…, 62812…, +62 812-…) become +62812…. */
export function normalizePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s().-]/g, "");
  const m = /^(?:\+62|62|0)(8\d{7,12})$/.exec(digits);
  return m ? `+62${m[1]}` : undefined;
}

export function normalizeEmail(raw: string): string | undefined {
  const v = raw.trim().toLowerCase();
  return v.length <= 254 && EMAIL.test(v) ? v : undefined;
}

/** An email or a phone number typed into one "email or phone" box. */
export function parseIdentifier(raw: string): Identifier {
  const v = raw.trim();
  if (v.includes("@")) {
    const email = normalizeEmail(v);
    if (!email) throw badRequest("invalid-email", { fields: [{ field: "identifier", code: "invalid-email" }] });
    return { kind: "email", value: email };
  }
  const phone = normalizePhone(v);
  if (!phone) throw badRequest("invalid-phone", { fields: [{ field: "identifier", code: "invalid-phone" }] });
  return { kind: "phone", value: phone };
}
