/**
 * The spec validator's messages for the service editor: in the admin's language and without the catalog-file
 * context (`service "x": `, YAML property names) a developer needs but an OPD admin does not. A message with no
 * wording here keeps the validator's English text.
 */
import type { Locale } from "../../platform/i18n.ts";

type Wording = { id: (m: RegExpExecArray, n: Names) => string; en: (m: RegExpExecArray, n: Names) => string };
/** Workflow state key → its label in the admin's language. */
type Names = Record<string, string>;
const steps = (path: string, n: Names) =>
  path
    .split(" → ")
    .map((k) => n[k] ?? k)
    .join(" → ");

const RULES: [RegExp, Wording][] = [
  [
    /the step deadlines add up to (\d+) working days \((.*)\), more than the (\d+) promised/,
    {
      id: (m, n) =>
        `Tenggat tahapan berjumlah ${m[1]} hari kerja (${steps(m[2], n)}), melebihi janji layanan ${m[3]} hari kerja. Kurangi hari kerja tahapan atau naikkan janji layanan`,
      en: (m, n) =>
        `The step deadlines add up to ${m[1]} working days (${steps(m[2], n)}), more than the ${m[3]} working days promised. Shorten the steps or promise more days`,
    },
  ],
  [
    /legal basis "(.*)" names no regulation number/,
    {
      id: (m) => `Dasar hukum "${m[1]}" belum menyebut nomor peraturan (tulis misalnya "Perda Kota Palembang No. 4 Tahun 2023 tentang …")`,
      en: (m) => `The legal basis "${m[1]}" names no regulation number (write e.g. "Perda Kota Palembang No. 4 Tahun 2023 tentang …")`,
    },
  ],
  [
    /(?:multi)?choice field "(.*)" needs at least one option/,
    { id: (m) => `Kolom "${m[1]}" perlu paling sedikit satu pilihan`, en: (m) => `The field "${m[1]}" needs at least one option` },
  ],
  [
    /file field "(.*)" must list accepted MIME types/,
    { id: (m) => `Kolom unggahan "${m[1]}" perlu jenis berkas yang diterima`, en: (m) => `The upload field "${m[1]}" needs the file types it accepts` },
  ],
  [
    /duplicate field name "(.*)"/,
    { id: (m) => `Kode kolom "${m[1]}" sudah dipakai kolom lain`, en: (m) => `The field code "${m[1]}" is already used by another field` },
  ],
  [/duplicate option value "(.*)"/, { id: (m) => `Nilai pilihan "${m[1]}" dipakai dua kali`, en: (m) => `The option value "${m[1]}" is used twice` }],
  [
    /requirement refers to field "(.*)" which is not in the form/,
    {
      id: (m) => `Persyaratan merujuk kolom "${m[1]}" yang tidak ada di formulir`,
      en: (m) => `The requirement refers to the field "${m[1]}", which is not in the form`,
    },
  ],
  [
    /counter \(service desk address\) is required/,
    { id: () => "Isi lokasi loket untuk layanan yang dilayani di loket", en: () => "Give the counter's location for a service served at a counter" },
  ],
  [
    /workflow has a payment state but the fee is 0/,
    {
      id: () => "Alur kerja ini memiliki tahap pembayaran, tetapi biayanya Rp0. Isi biaya atau pilih alur tanpa pembayaran",
      en: () => "This workflow has a payment step but the fee is Rp0. Set the fee or choose a workflow without payment",
    },
  ],
  [
    /must be snake_case/,
    {
      id: () => "Kode kolom hanya boleh huruf kecil, angka dan garis bawah, diawali huruf (misalnya nama_anak)",
      en: () => "A field code takes lowercase letters, digits and underscores, starting with a letter (e.g. nama_anak)",
    },
  ],
  [/must have at least 1 item/, { id: () => "Isi paling sedikit satu", en: () => "Add at least one" }],
  [/must NOT have fewer than 1 characters/, { id: () => "Wajib diisi", en: () => "Required" }],
  [/missing required property "(.*)"/, { id: (m) => `Wajib diisi (${m[1]})`, en: (m) => `Required (${m[1]})` }],
];

/** The message for the editor: worded for the admin where the validator's message is known. */
export function localizeSpecMessage(message: string, locale: Locale, stateNames: Names = {}): string {
  const bare = message.replace(/^service "[^"]*": /, "");
  for (const [re, wording] of RULES) {
    const m = re.exec(bare);
    if (m) return wording[locale](m, stateNames);
  }
  return bare;
}

/** A validator path inside the one-service file (`services[0].form.fields[2].type`) as a path in the spec (`form.fields[2].type`). */
export function specPath(path: string): string {
  return path.replace(/^services\[\d+\]\.?/, "") || "spec";
}
