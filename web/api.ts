import type { paths, schemas } from "./api-types.ts";
/** Small fetch wrapper for the Balai API: JSON in/out, same-origin cookies, CSRF header, language, typed problems. */

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem+json answer (or a network failure, status 0). */
export class ProblemError extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly errors: FieldProblem[];
  readonly detail?: string;
  constructor(p: { type?: string; title?: string; status: number; errors?: FieldProblem[]; detail?: string }) {
    super(p.title ?? `HTTP ${p.status}`);
    this.type = p.type ?? "about:blank";
    this.title = p.title ?? `HTTP ${p.status}`;
    this.status = p.status;
    this.errors = p.errors ?? [];
    this.detail = p.detail;
  }
  /** The problem code, e.g. "invalid-credentials" from type "/problems/invalid-credentials". */
  get code(): string {
    return this.type.split("/").pop() ?? "";
  }
}

let csrfToken: string | null = null;
let language = "id";

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
export const setApiLanguage = (lang: string) => {
  language = lang;
};

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export async function api<T = unknown>(method: Method, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", "accept-language": language, ...extraHeaders };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ProblemError({
      type: "/problems/network",
      status: 0,
      title:
        language === "en"
          ? "No connection to the server. Check your internet connection and try again"
          : "Tidak terhubung ke server. Periksa koneksi internet Anda lalu coba lagi",
    });
  }
  const text = res.status === 204 ? "" : await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const p = (data ?? {}) as Partial<ProblemError> & { errors?: FieldProblem[] };
    throw new ProblemError({ type: p.type, title: p.title, status: res.status, errors: p.errors, detail: p.detail });
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>("GET", url);
export const post = <T = unknown>(url: string, body?: unknown) => api<T>("POST", url, body ?? {});
export const patch = <T = unknown>(url: string, body: unknown) => api<T>("PATCH", url, body);
export const del = <T = unknown>(url: string) => api<T>("DELETE", url);
export const put = <T = unknown>(url: string, body: unknown) => api<T>("PUT", url, body);

/** Sends a body the browser encodes itself (multipart form, a file as is) with the CSRF header; problems are thrown like api(). */
async function sendRaw<T>(url: string, body: BodyInit, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", "accept-language": language };
  if (contentType) headers["content-type"] = contentType;
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, credentials: "same-origin", body });
  } catch {
    throw new ProblemError({ type: "/problems/network", status: 0, title: language === "en" ? "No connection to the server" : "Tidak terhubung ke server" });
  }
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const p = (data ?? {}) as { type?: string; title?: string; errors?: FieldProblem[]; detail?: string };
    throw new ProblemError({ type: p.type, title: p.title, status: res.status, errors: p.errors, detail: p.detail });
  }
  return data as T;
}

/** Uploads one file as multipart part "file" (CSRF header included); problems are thrown like api(). */
export async function uploadFile<T = unknown>(url: string, file: Blob, filename?: string): Promise<T> {
  const form = new FormData();
  form.append("file", file, filename ?? (file instanceof File ? file.name : "file"));
  return sendRaw<T>(url, form);
}

// ---- Shapes returned by the server: from the API contract (web/api-types.ts, `npm run api:types`) ----

export type { paths, schemas } from "./api-types.ts";
/** The JSON body an operation answers with (200 unless given), from the API contract. */
export type ApiResponse<P extends keyof paths, M extends keyof paths[P], S extends string = "200"> = paths[P][M] extends { responses: infer R }
  ? S extends keyof R
    ? R[S]
    : never
  : never;

export type Permission = schemas["Permission"];
export type Grant = schemas["Grant"];
export type SessionUser = schemas["SessionUser"];
export type Session = schemas["Session"];
export type LoginResult = schemas["LoginResult"];
export type Unit = schemas["Unit"];
export type StaffGrant = schemas["StaffGrant"];
export type Staff = schemas["Staff"];
export type AuditEntry = schemas["AuditEntry"];
export type AuditVerify = schemas["AuditVerify"];
export type OutboxMessage = schemas["OutboxMessage"];
export type TotpEnrolment = schemas["TotpEnrolment"];

/** The staff roles (a value, so it comes from the server's own module, which imports nothing). */
export { STAFF_ROLES } from "../src/platform/auth/roles.ts";

/** Posts a file as the raw request body with its own content type (e.g. a GTFS zip); problems are thrown like api(). */
export async function postBinary<T = unknown>(url: string, body: Blob, contentType: string): Promise<T> {
  return sendRaw<T>(url, body, contentType);
}

/** Posts a multipart form (files and text fields; CSRF header included); problems are thrown like api(). */
export async function postForm<T = unknown>(url: string, form: FormData): Promise<T> {
  return sendRaw<T>(url, form);
}
