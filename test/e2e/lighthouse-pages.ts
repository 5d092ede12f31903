import type { Browser } from "playwright-core";
import { DEMO_PASSWORD } from "./helpers.ts";

/**
 * The citizen pages of issue 14 that Lighthouse measures, shared by `npm run lighthouse` (scripts/lighthouse.ts) and
 * the browser test (first-load.test.ts): a signed-in demo citizen with a fresh application draft, and the cookie put
 * in the browser's own cookie jar. (Lighthouse's `extraHeaders` cookie reaches the document but not the app's own
 * `fetch` of its session, so signed-in pages were measured as the sign-in page they redirect to.)
 */

export interface CitizenPage {
  /** A name for the table. */
  page: string;
  path: string;
  signedIn: boolean;
}

export interface Citizen {
  /** `name=value` of the session cookie. */
  cookie: string;
  /** The new draft's application form. */
  form: string;
}

/** Signs the demo citizen in and opens (or resumes) a draft of "surat-keterangan-usaha" to measure the form on. */
export async function citizenWithDraft(url: string): Promise<Citizen> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: "warga@example.com", password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.getSetCookie().find((c) => c.includes("balai_sid=")) ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const draft = await fetch(`${url}/api/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ service: "surat-keterangan-usaha", resume: true }),
  });
  if (!draft.ok) throw new Error(`draft: ${draft.status} ${await draft.text()}`);
  const { id } = (await draft.json()) as { id: string };
  return { cookie, form: `/permohonan/${id}` };
}

export const citizenPages = (form: string): CitizenPage[] => [
  { page: "home", path: "/", signedIn: false },
  { page: "catalog", path: "/layanan", signedIn: false },
  { page: "service page", path: "/layanan/surat-keterangan-usaha", signedIn: false },
  { page: "application form", path: form, signedIn: true },
  { page: "e-Lapor (report)", path: "/lapor", signedIn: true },
  { page: "public reports", path: "/laporan", signedIn: false },
  { page: "staple prices", path: "/harga", signedIn: false },
];

/**
 * Puts the session cookie in (or takes it out of) the default context's cookie jar of the browser Lighthouse drives:
 * Lighthouse opens its page there. Call it before every run: the cookie was gone from the jar after each run.
 */
export async function setSignedIn(browser: Browser, url: string, cookie: string | null): Promise<void> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    await cdp.send("Storage.clearCookies", {});
    if (!cookie) return;
    const at = cookie.indexOf("=");
    const name = cookie.slice(0, at);
    // As the server sets it: `__Host-balai_sid` (Secure) behind TLS, `balai_sid` where BALAI_COOKIE_SECURE=0.
    const secure = name.startsWith("__Host-");
    await cdp.send("Storage.setCookies", { cookies: [{ name, value: cookie.slice(at + 1), url, path: "/", secure, httpOnly: true, sameSite: "Lax" }] });
  } finally {
    await cdp.detach();
  }
}

/** The page Lighthouse ended on, when it is not the one asked for (a redirect to sign in, say); else null. */
export function landedElsewhere(lhr: { finalDisplayedUrl: string }, path: string): string | null {
  const landed = new URL(lhr.finalDisplayedUrl);
  return landed.pathname === path ? null : landed.pathname + landed.search;
}
