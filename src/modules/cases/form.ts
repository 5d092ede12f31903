import { getDistricts } from "idn-area-data";
import type { FieldError } from "../../platform/errors.ts";
import type { FormField } from "../catalog/index.ts";
import { normalizeEmail, normalizePhone } from "../accounts/index.ts";

let kecamatanCodes: Promise<Set<string>> | undefined;
/** Every kecamatan code in Indonesia without dots (e.g. 167104), the first six digits of a valid NIK. */
export function allKecamatanCodes(): Promise<Set<string>> {
  kecamatanCodes ??= getDistricts().then((ds) => new Set(ds.map((d) => d.code.replaceAll(".", ""))));
  return kecamatanCodes;
}

/**
 * A NIK by its structure: 16 digits; the first six a kecamatan code; then the birth date DDMMYY
 * with 40 added to the day for women; then a serial that is not 0000. Returns a problem code or null.
 */
export function nikProblem(nik: string, kecamatan: Set<string>): string | null {
  if (!/^\d{16}$/.test(nik)) return "nik-format";
  if (!kecamatan.has(nik.slice(0, 6))) return "nik-region";
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  if (day > 40) day -= 40;
  if (month < 1 || month > 12 || day < 1) return "nik-birthdate";
  const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > daysInMonth) return "nik-birthdate";
  if (nik.slice(12) === "0000") return "nik-serial";
  return null;
}

export const NIK_MESSAGES: Record<string, string> = {
  "nik-format": "NIK harus 16 angka / NIK must be 16 digits",
  "nik-region": "6 angka pertama NIK bukan kode kecamatan / The first 6 digits are not a kecamatan code",
  "nik-birthdate": "Tanggal lahir dalam NIK tidak valid / The birth date inside the NIK is invalid",
  "nik-serial": "4 angka terakhir NIK tidak boleh 0000 / The last 4 digits cannot be 0000",
};

export interface AddressValue {
  street: string;
  rt?: string;
  rw?: string;
  kecamatan: string;
  kelurahan: string;
}

export interface FormContext {
  /** kelurahan code → kecamatan code, for the tenant's own region. */
  kelurahan: Map<string, string>;
  kecamatanCodes: Set<string>;
  /** File ids already uploaded to this case, by field. */
  files: Map<string, string>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * Checks case data against a spec's form. `complete` = a submission (required fields enforced);
 * otherwise a draft (only what is filled in is checked). Unknown fields are refused either way.
 */
export function validateForm(fields: FormField[], data: unknown, ctx: FormContext, complete: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObj(data)) return [{ field: "data", code: "type" }];
  const names = new Set(fields.map((f) => f.name));
  for (const k of Object.keys(data)) if (!names.has(k)) errors.push({ field: `data.${k}`, code: "additionalProperties" });
  for (const f of fields) {
    const v = data[f.name];
    const at = `data.${f.name}`;
    if (empty(v)) {
      if (complete && f.required && f.type !== "checkbox") errors.push({ field: at, code: "required" });
      if (complete && f.required && f.type === "checkbox" && v !== true) errors.push({ field: at, code: "required" });
      continue;
    }
    const err = (code: string, message?: string) => errors.push({ field: at, code, ...(message ? { message } : {}) });
    switch (f.type) {
      case "text":
      case "textarea": {
        if (typeof v !== "string") err("type");
        else {
          if (f.minLength && v.trim().length < f.minLength) err("minLength");
          if (v.length > (f.maxLength ?? (f.type === "text" ? 200 : 5000))) err("maxLength");
        }
        break;
      }
      case "number": {
        if (typeof v !== "number" || !Number.isFinite(v)) err("type");
        else {
          if (f.min !== undefined && v < f.min) err("minimum");
          if (f.max !== undefined && v > f.max) err("maximum");
        }
        break;
      }
      case "date": {
        if (
          typeof v !== "string" ||
          !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
          Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
          new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
        )
          err("format");
        break;
      }
      case "choice": {
        if (typeof v !== "string" || !f.options?.some((o) => o.value === v)) err("enum");
        break;
      }
      case "multichoice": {
        if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && f.options?.some((o) => o.value === x))) err("enum");
        break;
      }
      case "checkbox": {
        if (typeof v !== "boolean") err("type");
        break;
      }
      case "nik": {
        const problem = typeof v === "string" ? nikProblem(v, ctx.kecamatanCodes) : "nik-format";
        if (problem) err(problem, NIK_MESSAGES[problem]);
        break;
      }
      case "phone": {
        if (typeof v !== "string" || !normalizePhone(v)) err("invalid-phone");
        break;
      }
      case "email": {
        if (typeof v !== "string" || !normalizeEmail(v)) err("invalid-email");
        break;
      }
      case "address": {
        if (!isObj(v)) {
          err("type");
          break;
        }
        const a = v as Partial<AddressValue>;
        const extra = Object.keys(v).filter((k) => !["street", "rt", "rw", "kecamatan", "kelurahan"].includes(k));
        for (const k of extra) errors.push({ field: `${at}.${k}`, code: "additionalProperties" });
        if (typeof a.street !== "string" || !a.street.trim()) errors.push({ field: `${at}.street`, code: "required" });
        else if (a.street.length > 300) errors.push({ field: `${at}.street`, code: "maxLength" });
        for (const k of ["rt", "rw"] as const)
          if (a[k] !== undefined && (typeof a[k] !== "string" || !/^\d{1,3}$/.test(a[k] as string))) errors.push({ field: `${at}.${k}`, code: "pattern" });
        if (typeof a.kelurahan !== "string" || !ctx.kelurahan.has(a.kelurahan)) errors.push({ field: `${at}.kelurahan`, code: "enum" });
        else if (a.kecamatan !== ctx.kelurahan.get(a.kelurahan)) errors.push({ field: `${at}.kecamatan`, code: "enum" });
        break;
      }
      case "file": {
        const ids = Array.isArray(v) ? v : [v];
        if (!f.multiple && ids.length > 1) err("maxItems");
        for (const id of ids)
          if (typeof id !== "string" || ctx.files.get(id) !== f.name)
            err("file-missing", "Berkas belum diunggah ke permohonan ini / File not uploaded to this application");
        break;
      }
    }
  }
  return errors;
}

/** The first address in the data: it decides the kelurahan/kecamatan a case belongs to. */
export function firstAddress(fields: FormField[], data: Record<string, unknown>): AddressValue | undefined {
  const f = fields.find((x) => x.type === "address" && isObj(data[x.name]));
  return f ? (data[f.name] as AddressValue) : undefined;
}
