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

export async function api<T = unknown>(method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", "accept-language": language };
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

/** Uploads one file as multipart part "file" (CSRF header included); problems are thrown like api(). */
export async function uploadFile<T = unknown>(url: string, file: Blob, filename?: string): Promise<T> {
  const form = new FormData();
  form.append("file", file, filename ?? (file instanceof File ? file.name : "file"));
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", "accept-language": language };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, credentials: "same-origin", body: form });
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

// ---- Shapes returned by the server ----

export type Permission =
  | "console.access"
  | "org.manage"
  | "staff.manage"
  | "audit.read"
  | "outbox.read"
  | "cases.inbox"
  | "catalog.edit"
  | "catalog.overview"
  | "calendar.manage"
  | "apikeys.manage"
  | "lapor.handle"
  | "lapor.heatmap"
  | "lapor.moderate"
  | "documents.sign"
  | "documents.delegate"
  | "documents.certificates.manage"
  | "prices.enter"
  | "prices.manage"
  | "prices.alerts"
  | "transit.monitor"
  | "transit.manage"
  | "command.view"
  | "incidents.read"
  | "incidents.take"
  | "incidents.dispatch"
  | "cameras.manage"
  | "ingest.manage";

export interface Grant {
  role: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
}

export interface SessionUser {
  id: string;
  kind: "citizen" | "staff";
  name: string;
  email: string | null;
  phone: string | null;
  locale: "id" | "en";
  totpEnabled: boolean;
  grants: Grant[];
  permissions: Permission[];
}

export interface Session {
  tenant: { id: string; name: string; timezone: string };
  user: SessionUser | null;
  mfaPending: boolean;
  csrfToken: string | null;
  devOutbox: boolean;
}

export interface LoginResult {
  mfaRequired: boolean;
  csrfToken: string;
}

export interface Unit {
  id: string;
  parentId: string | null;
  kind: string;
  code: string;
  name: string;
  staff: number;
}

export interface StaffGrant {
  id: string;
  role: string;
  unitId: string;
  unitCode: string;
  unitName: string;
}

export interface Staff {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  nip: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  grants: StaffGrant[];
}

export interface AuditEntry {
  /** Order of writing over all lanes. */
  id: number;
  /** The hash chain (lane) and the entry's place in it. */
  lane: number;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  data: unknown;
  hash: string;
}

export interface AuditVerify {
  tenantId: string;
  checked: number;
  lanes: number;
  ok: boolean;
  firstBad?: { lane: number; seq: number; reason: string };
}

export interface OutboxMessage {
  id: string;
  channel: string;
  /** null when sealed: messages to e-Lapor reporters keep no address (docs/complaints.md). */
  recipient: string | null;
  sealed: boolean;
  template: string;
  subject: string | null;
  body: string;
  status: string;
  createdAt: string;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export const STAFF_ROLES = ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "command_operator", "call_taker", "dispatcher", "auditor"] as const;

/** Posts a file as the raw request body with its own content type (e.g. a GTFS zip); problems are thrown like api(). */
export async function postBinary<T = unknown>(url: string, body: Blob, contentType: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", "accept-language": language, "content-type": contentType };
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
