/** Checks a report's data against its kind's form (./report-kinds.ts): required fields, types, bounds, classes, damage. */
import type { FieldError } from "../../platform/errors.ts";
import { DAMAGE_KINDS, type FieldSpec, SEVERITIES } from "./report-kinds.ts";

export interface Damage {
  item: string;
  kind: (typeof DAMAGE_KINDS)[number];
  severity: (typeof SEVERITIES)[number];
  photoIds: string[];
}

const MONEY_MAX = 1e12;
const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Field errors (empty when valid) and the cleaned data: only the form's fields, classes only the school's. */
export function checkReport(fields: FieldSpec[], data: Record<string, unknown>, classIds: Set<string>) {
  const errors: FieldError[] = [];
  const clean: Record<string, unknown> = {};
  const damages: Damage[] = [];
  const err = (field: string, code: string, message?: string) => errors.push({ field: `data.${field}`, code, message });
  for (const f of fields) {
    const v = data[f.name];
    if (v === undefined || v === null || v === "") {
      if (f.required) err(f.name, "required", "Wajib diisi / Required");
      continue;
    }
    switch (f.type) {
      case "integer":
      case "money": {
        const max = f.type === "money" ? MONEY_MAX : (f.max ?? 1_000_000);
        if (!isInt(v) || (v as number) < 0) err(f.name, "integer", "Bilangan bulat ≥ 0 / A whole number ≥ 0");
        else if ((v as number) > max) err(f.name, "maximum", `Maks ${max} / Max ${max}`);
        else clean[f.name] = v;
        break;
      }
      case "text":
        if (typeof v !== "string") err(f.name, "type");
        else if (v.length > (f.maxLength ?? 2000)) err(f.name, "maxLength", `Maks ${f.maxLength ?? 2000} karakter`);
        else clean[f.name] = v.trim();
        break;
      case "choice":
        if (typeof v !== "string" || !f.options.some((o) => o.value === v)) err(f.name, "choice", "Pilihan tidak dikenal / Unknown option");
        else clean[f.name] = v;
        break;
      case "perClass": {
        if (!Array.isArray(v)) {
          err(f.name, "type");
          break;
        }
        const rows: Record<string, unknown>[] = [];
        const seen = new Set<string>();
        for (const [i, row] of v.entries()) {
          if (!row || typeof row !== "object") {
            err(`${f.name}[${i}]`, "type");
            continue;
          }
          const r = row as Record<string, unknown>;
          if (typeof r.classId !== "string" || !classIds.has(r.classId)) {
            err(`${f.name}[${i}].classId`, "unknown-class", "Rombel tidak dikenal / Unknown class");
            continue;
          }
          if (seen.has(r.classId)) {
            err(`${f.name}[${i}].classId`, "duplicate");
            continue;
          }
          seen.add(r.classId);
          const out: Record<string, unknown> = { classId: r.classId };
          for (const c of f.columns) {
            if (!isInt(r[c.name]) || (r[c.name] as number) < 0 || (r[c.name] as number) > 100_000)
              err(`${f.name}[${i}].${c.name}`, "integer", "Bilangan bulat ≥ 0");
            else out[c.name] = r[c.name];
          }
          rows.push(out);
        }
        if (f.required && classIds.size > 0 && seen.size < classIds.size) err(f.name, "classes-missing", "Isi semua rombel / Fill in every class");
        clean[f.name] = rows;
        break;
      }
      case "damageList": {
        if (!Array.isArray(v) || v.length > 50) {
          err(f.name, "type");
          break;
        }
        for (const [i, row] of v.entries()) {
          const r = (row ?? {}) as Record<string, unknown>;
          const at = `${f.name}[${i}]`;
          if (typeof r.item !== "string" || !r.item.trim() || r.item.length > 200) {
            err(`${at}.item`, "required", "Sebutkan bagian yang rusak / Name the damaged part");
            continue;
          }
          if (!DAMAGE_KINDS.includes(r.kind as Damage["kind"])) {
            err(`${at}.kind`, "choice");
            continue;
          }
          if (!SEVERITIES.includes(r.severity as Damage["severity"])) {
            err(`${at}.severity`, "choice", "ringan, sedang atau berat");
            continue;
          }
          const photos = Array.isArray(r.photoIds) ? r.photoIds : [];
          if (photos.length > 5 || photos.some((p) => typeof p !== "string" || !UUID.test(p))) {
            err(`${at}.photoIds`, "photos");
            continue;
          }
          if (r.severity === "berat" && photos.length === 0) {
            err(`${at}.photoIds`, "photo-required", "Kerusakan berat perlu foto / Severe damage needs a photo");
            continue;
          }
          damages.push({ item: r.item.trim(), kind: r.kind as Damage["kind"], severity: r.severity as Damage["severity"], photoIds: photos as string[] });
        }
        clean[f.name] = damages;
        break;
      }
    }
  }
  for (const k of Object.keys(data)) if (!fields.some((f) => f.name === k)) errors.push({ field: `data.${k}`, code: "unknown-field" });
  return { errors, clean, damages };
}
