/** School reports (docs/schools.md): the lazy "schools" i18n namespace, server shapes from the API contract, helpers. */
import type { schemas } from "../../api.ts";
import en from "../../i18n/schools.en.json" with { type: "json" };
import id from "../../i18n/schools.id.json" with { type: "json" };
import type { Tone } from "../../ui/StatusTag.tsx";
import { lazyNamespace } from "../../ui/namespace.ts";

export const useSchoolsT = lazyNamespace("schools", id, en);

export type MySchools = schemas["MySchools"];
export type ReportForm = schemas["SchoolReportForm"];
export type Field = schemas["SchoolReportField"];
export type Report = schemas["SchoolReport"];
export type L = { id: string; en: string };
export const pick = (l: L, lang: string) => (lang === "en" ? l.en : l.id);

export const stateTone = (s: string | undefined): Tone => (s === "accepted" ? "green" : s === "returned" ? "red" : s === "submitted" ? "orange" : "grey");
export const DAMAGE_KINDS = ["ruang_kelas", "toilet", "atap", "lantai", "pintu_jendela", "listrik_air", "lainnya"] as const;
export const SEVERITIES = ["ringan", "sedang", "berat"] as const;
