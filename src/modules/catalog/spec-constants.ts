import path from "node:path";
import { fileURLToPath } from "node:url";
import { PLATFORM_ROLES, type StaffRole } from "../../platform/auth/roles.ts";
/** Service catalog constants: roles, field types, kinds, channels, unit codes. */
// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

/**
 * The roles a service's workflow may name: the platform's first staff roles, the citizen, and (schools) the school's /
 * Disdik's anti-violence team (TPPK), the only role on bullying and violence reports.
 */
export const ROLES = [...PLATFORM_ROLES, "citizen", "tppk"] as const satisfies readonly (StaffRole | "citizen")[];
export type Role = (typeof ROLES)[number];

export const FIELD_TYPES = ["text", "textarea", "number", "date", "choice", "multichoice", "nik", "phone", "email", "address", "file", "checkbox"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const SERVICE_KINDS = ["application", "complaint", "incident", "booking"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const CHANNELS = ["online", "offline", "hybrid", "command"] as const;
export type Channel = (typeof CHANNELS)[number];

export const SERVED_BY = ["owner", "kelurahan", "kecamatan"] as const;
export type ServedBy = (typeof SERVED_BY)[number];

/** LAPOR! SP4N classification of a complaint category. */
export const COMPLAINT_CLASSIFICATIONS = ["aspirasi", "pengaduan", "permintaan_informasi"] as const;
export type ComplaintClassification = (typeof COMPLAINT_CLASSIFICATIONS)[number];

/** Time limits of a complaint category (working days, except reopenDays: calendar days after closing). */
export const COMPLAINT_LIMIT_DEFAULTS = { verifyDays: 3, followUpDays: 5, autoCloseDays: 10, reopenDays: 14 } as const;
export type ComplaintLimits = { verifyDays: number; followUpDays: number; autoCloseDays: number; reopenDays: number };

export const UNIT_CODES = [
  "DISKOMINFO",
  "DISDUKCAPIL",
  "DPMPTSP",
  "DISDAG",
  "DISHUB",
  "DINKES",
  "DLH",
  "PUPR",
  "DISDIK",
  "SATPOLPP",
  "DAMKAR",
  "BPBD",
  "BPKAD",
  "BAPENDA",
  "BAPPEDA",
  "DINSOS",
  "DISNAKER",
  "DISPERKIM",
  "DKUKM",
  "DISBUDPAR",
  "DPPPA",
  "DISPORA",
  "KESBANGPOL",
  "BKPSDM",
  "DKPP",
  "DISARPUS",
  "RSUD",
  "KELURAHAN",
  "KECAMATAN",
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

/** File names in a catalog directory that are not OPD files. */
export const SHARED_FILES = ["workflows.yaml", "categories.yaml", "fields.yaml", "synonyms.yaml"] as const;

/** The catalog shipped with Balai (catalog/ at the repository root). */
export const DEFAULT_CATALOG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../catalog");
