import { randomBytes } from "node:crypto";
import type { Queryable } from "../../platform/db.ts";
import type { AppError } from "../../platform/errors.ts";
import { localParts } from "../../platform/workdays.ts";
import { type ComplaintCategoryRow, complaintCategories as catalogComplaintCategories, type FormField, type ResolvedService } from "../catalog/index.ts";
import type { NewReport } from "../complaints/index.ts";
import type * as store from "./store.ts";

/**
 * GeoReport v2 over e-Lapor: service_code = complaint category key, service_request_id = the
 * report's case number. Pure mapping and validation here; the report itself is made by the
 * complaints module (see `CreateReport`), the public read model is ./store.ts.
 */

/** Errors in the standard's shape: `code` is the HTTP status, `description` says what is wrong. */
export class Open311Error extends Error {
  readonly status: number;
  constructor(status: number, description: string) {
    super(description);
    this.status = status;
  }
}
export const o311 = (status: number, description: string) => new Open311Error(status, description);

export type Lang = "id" | "en";

// ---------------------------------------------------------------------------------------------
// Services

export type CategoryRow = ComplaintCategoryRow;

/** The e-Lapor categories as Open311 services (read from the catalog module). */
export function complaintCategories(q: Queryable, tenantId: string, lang: Lang): Promise<CategoryRow[]> {
  return catalogComplaintCategories(q, tenantId, lang);
}

/** Form fields a GeoReport client can answer (files travel as media_url; addresses as lat/long). */
export const attributeFields = (spec: ResolvedService): FormField[] => spec.form.fields.filter((f) => f.type !== "file" && f.type !== "address");

export function serviceItem(c: CategoryRow, lang: Lang) {
  return {
    service_code: c.key,
    service_name: c.spec.name[lang],
    description: c.spec.summary[lang],
    metadata: attributeFields(c.spec).length > 0,
    type: "realtime",
    keywords: (c.spec.keywords ?? []).join(", "),
    group: c.group_name ?? c.spec.category,
  };
}

export const serviceNotice = (spec: ResolvedService, lang: Lang) =>
  lang === "en"
    ? `Checked by a verifier and forwarded to the responsible agency; target completion within ${spec.slaDays} working days.`
    : `Diperiksa verifikator lalu diteruskan ke perangkat daerah yang berwenang; target selesai dalam ${spec.slaDays} hari kerja.`;

const DATATYPE: Record<string, string> = {
  text: "string",
  nik: "string",
  phone: "string",
  email: "string",
  textarea: "text",
  number: "number",
  date: "datetime",
  choice: "singlevaluelist",
  multichoice: "multivaluelist",
  checkbox: "singlevaluelist",
};

export function serviceDefinition(c: CategoryRow, lang: Lang) {
  const yesNo = lang === "en" ? ["Yes", "No"] : ["Ya", "Tidak"];
  return {
    service_code: c.key,
    attributes: attributeFields(c.spec).map((f, i) => {
      const values =
        f.type === "choice" || f.type === "multichoice"
          ? (f.options ?? []).map((o) => ({ key: o.value, name: o.label[lang] }))
          : f.type === "checkbox"
            ? [
                { key: "true", name: yesNo[0] },
                { key: "false", name: yesNo[1] },
              ]
            : undefined;
      const notes: string[] = [];
      if (f.help) notes.push(f.help[lang]);
      if (f.type === "number" && (f.min !== undefined || f.max !== undefined)) notes.push(`${f.min ?? ""}–${f.max ?? ""}`);
      if (f.maxLength) notes.push(lang === "en" ? `at most ${f.maxLength} characters` : `paling banyak ${f.maxLength} karakter`);
      if (f.type === "date") notes.push("YYYY-MM-DD");
      return {
        variable: true,
        code: f.name,
        datatype: DATATYPE[f.type] ?? "string",
        required: !!f.required,
        datatype_description: notes.length ? notes.join("; ") : null,
        order: i + 1,
        description: f.label[lang],
        ...(values ? { values } : {}),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Creating a request

/** The complaints module's use case (src/modules/complaints/file-report.ts), as Open311 calls it. */
export type CreateReportInput = NewReport & { anonymous: boolean; confidential: boolean };
export type CreateReport = (appUserId: string, input: CreateReportInput) => Promise<{ id: string; number: string; trackingToken: string; state: string }>;

type Body = Record<string, unknown>;

const str = (v: unknown): string | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x === "number") return String(x);
  return typeof x === "string" && x.trim() !== "" ? x.trim() : undefined;
};

/** `attribute[code]=v`, `attribute[code][]=v` (repeated) or a nested `attribute: {code: v}` (JSON bodies). */
export function parseAttributes(body: Body): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const push = (code: string, v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x === undefined || x === null || x === "") continue;
      if (!out[code]) out[code] = [];
      out[code].push(String(x));
    }
  };
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (m) push(m[1], v);
  }
  if (body.attribute && typeof body.attribute === "object" && !Array.isArray(body.attribute))
    for (const [k, v] of Object.entries(body.attribute as Record<string, unknown>)) push(k, v);
  return out;
}

/** Attribute answers typed for the category's form; 400 naming the attribute when one is wrong or missing. */
export function formData(spec: ResolvedService, attributes: Record<string, string[]>): Record<string, unknown> {
  const fields = attributeFields(spec);
  const data: Record<string, unknown> = {};
  for (const code of Object.keys(attributes))
    if (!fields.some((f) => f.name === code)) throw o311(400, `attribute[${code}] is not an attribute of service_code ${spec.key}`);
  for (const f of fields) {
    const vals = attributes[f.name];
    if (!vals?.length) {
      if (f.required) throw o311(400, `attribute[${f.name}] is required (${f.label.en})`);
      continue;
    }
    const bad = (why: string) => o311(400, `attribute[${f.name}]: ${why}`);
    switch (f.type) {
      case "number": {
        const n = Number(vals[0]);
        if (!Number.isFinite(n)) throw bad("must be a number");
        data[f.name] = n;
        break;
      }
      case "checkbox": {
        const v = vals[0].toLowerCase();
        if (!["true", "false", "1", "0", "yes", "no", "ya", "tidak"].includes(v)) throw bad("must be true or false");
        data[f.name] = ["true", "1", "yes", "ya"].includes(v);
        break;
      }
      case "choice":
      case "multichoice": {
        const allowed = (f.options ?? []).map((o) => o.value);
        const wrong = vals.find((v) => !allowed.includes(v));
        if (wrong !== undefined) throw bad(`${wrong} is not one of ${allowed.join(", ")}`);
        data[f.name] = f.type === "choice" ? vals[0] : [...new Set(vals)];
        break;
      }
      case "date": {
        const m = /^(\d{4}-\d{2}-\d{2})/.exec(vals[0]);
        if (!m || Number.isNaN(Date.parse(m[1]))) throw bad("must be a date (YYYY-MM-DD or ISO 8601)");
        data[f.name] = m[1];
        break;
      }
      default:
        data[f.name] = vals[0];
    }
  }
  return data;
}

export interface SubmissionInput {
  serviceCode: string;
  /** null when the client sent only an address_string. */
  lat: number | null;
  lon: number | null;
  description: string;
  data: Record<string, unknown>;
  reporter: store.Open311Reporter;
  addressString: string | null;
  mediaUrl: string | null;
}

/** Reads and checks a POST requests body (form or JSON) against the category. */
export function parseSubmission(body: Body, category: CategoryRow | undefined, serviceCode: string | undefined): SubmissionInput {
  if (!serviceCode) throw o311(400, "service_code is required");
  if (!category) throw o311(404, `service_code ${serviceCode} not found`);
  const latS = str(body.lat);
  const lonS = str(body.long);
  const addressString = str(body.address_string) ?? null;
  // The standard: a location is lat & long, or address_string, or address_id. We keep an address_string as sent (no
  // geocoding) and the report waits for the verifier to place it; address_id names an address database we do not have.
  let lat: number | null = null;
  let lon: number | null = null;
  if (latS !== undefined || lonS !== undefined) {
    if (latS === undefined || lonS === undefined) throw o311(400, "lat and long must be sent together");
    lat = Number(latS);
    lon = Number(lonS);
    if (!Number.isFinite(lat) || lat < -90 || lat > 90 || !Number.isFinite(lon) || lon < -180 || lon > 180)
      throw o311(400, "lat must be a number between -90 and 90 and long between -180 and 180");
  } else if (!addressString) {
    if (str(body.address_id)) throw o311(400, "address_id is not known here: send lat and long, or address_string");
    throw o311(400, "a location is required: lat and long, or address_string");
  }
  const description = str(body.description);
  if (!description) throw o311(400, "description is required");
  if (description.length > 4000) throw o311(400, "description is too long (at most 4000 characters)");
  const mediaUrl = str(body.media_url) ?? null;
  if (mediaUrl && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 2000)) throw o311(400, "media_url must be an http(s) URL");
  const email = str(body.email) ?? null;
  if (email && (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)) throw o311(400, "email is not a valid e-mail address");
  const short = (v: unknown, name: string, max = 100) => {
    const x = str(v) ?? null;
    if (x && x.length > max) throw o311(400, `${name} is too long (at most ${max} characters)`);
    return x;
  };
  return {
    serviceCode,
    lat,
    lon,
    description,
    data: formData(category.spec, parseAttributes(body)),
    reporter: {
      email,
      firstName: short(body.first_name, "first_name"),
      lastName: short(body.last_name, "last_name"),
      phone: short(body.phone, "phone", 30),
      deviceId: short(body.device_id, "device_id", 200),
      accountId: short(body.account_id, "account_id", 200),
    },
    addressString: addressString && addressString.length <= 500 ? addressString : addressString ? addressString.slice(0, 500) : null,
    mediaUrl,
  };
}

export const newToken = () => randomBytes(12).toString("base64url");

/** AppErrors from the complaints module (e.g. outside the city, rate limit) in the standard's words. */
export function fromAppError(err: AppError): Open311Error {
  const details = err.fields?.map((f) => `${f.field.replace(/^(data|form)\./, "attribute ")}: ${f.message ?? f.code}`).join("; ");
  const description = details || (err.message && err.message !== err.code ? `${err.code}: ${err.message}` : err.code);
  return o311(Math.min(err.status, 500), description);
}

// ---------------------------------------------------------------------------------------------
// Reading requests

/** ISO 8601 in the tenant's time zone, e.g. 2026-03-05T14:02:11+07:00. */
export function isoInZone(d: Date | string | null, timeZone: string): string | null {
  if (d === null) return null;
  const date = new Date(d);
  const parts = localParts(date, timeZone);
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMin = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** How a report whose kelurahan is not determined yet is shown (docs/complaints.md, "Location"). */
export const UNPLACED: Record<Lang, string> = { id: "Kelurahan belum ditentukan", en: "Kelurahan not yet determined" };

export function requestItem(r: store.RequestRow, opts: { timeZone: string; lang: Lang; photoUrl: (fileId: string) => string; notice: string | null }) {
  // No address sent and no kelurahan yet: say so rather than leave the report placeless.
  const place = r.kelurahan_name ? [r.kelurahan_name, r.kecamatan_name].filter(Boolean).join(", ") : UNPLACED[opts.lang];
  return {
    service_request_id: r.number,
    status: r.is_open ? "open" : "closed",
    status_notes: r.state_label,
    service_name: r.service_name,
    service_code: r.service_key,
    description: r.description,
    agency_responsible: r.agency,
    service_notice: opts.notice,
    requested_datetime: isoInZone(r.requested_at, opts.timeZone),
    updated_datetime: isoInZone(r.updated_at, opts.timeZone),
    expected_datetime: isoInZone(r.expected_at, opts.timeZone),
    address: r.address_string ?? place,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.photo_id ? opts.photoUrl(r.photo_id) : null,
  };
}

export const MAX_WINDOW_DAYS = 90;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Parses GET requests query parameters into filters; 400 with the standard's wording on bad ones. */
export function parseListQuery(query: Record<string, unknown>, now = new Date()): store.RequestFilters {
  const list = (v: unknown) =>
    str(v)
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const page = str(query.page) === undefined ? 1 : Number(str(query.page));
  const pageSize = str(query.page_size) === undefined ? DEFAULT_PAGE_SIZE : Number(str(query.page_size));
  if (!Number.isInteger(page) || page < 1 || page > 10_000) throw o311(400, "page must be a whole number from 1");
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw o311(400, `page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const paging = { limit: pageSize, offset: (page - 1) * pageSize };
  const numbers = list(query.service_request_id);
  // The standard: with service_request_id, the other parameters are ignored.
  if (numbers?.length) {
    if (numbers.length > 100) throw o311(400, "at most 100 service_request_id values");
    return { numbers, ...paging };
  }
  const date = (name: string) => {
    const s = str(query[name]);
    if (s === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) throw o311(400, `${name} must be an ISO 8601 date-time`);
    const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
    if (Number.isNaN(d.getTime())) throw o311(400, `${name} must be an ISO 8601 date-time`);
    return d;
  };
  const day = 24 * 3600 * 1000;
  let start = date("start_date");
  let end = date("end_date");
  if (!start && !end) {
    end = now;
    start = new Date(now.getTime() - MAX_WINDOW_DAYS * day);
  } else if (!start && end) start = new Date(end.getTime() - MAX_WINDOW_DAYS * day);
  else if (start && !end) end = new Date(Math.min(start.getTime() + MAX_WINDOW_DAYS * day, Math.max(now.getTime(), start.getTime())));
  if (start && end && start > end) throw o311(400, "start_date must be before end_date");
  if (start && end && end.getTime() - start.getTime() > MAX_WINDOW_DAYS * day)
    throw o311(400, `the start_date–end_date window is at most ${MAX_WINDOW_DAYS} days`);
  const statuses = list(query.status);
  if (statuses?.some((s) => s !== "open" && s !== "closed")) throw o311(400, "status must be open or closed");
  const status = statuses && new Set(statuses).size === 1 ? (statuses[0] as "open" | "closed") : undefined;
  return { serviceCodes: list(query.service_code), start, end, status, ...paging };
}
