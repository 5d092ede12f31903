// Valid answers for any service form field, shared by the tests (test/helpers.ts fillForm) and the bench.
export const VALID_NIK = "1671044503900001";
export const DEMO_ADDRESS = { street: "Jl. Merdeka No. 10", rt: "003", rw: "002", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" };

export interface SampleField {
  name: string;
  type: string;
  required?: boolean;
  options?: { value: string }[];
  min?: number;
  minLength?: number;
  accept?: string[];
}

/** A valid answer for one field; undefined for a file field (the caller uploads one, or leaves it out). */
export function sampleAnswer(f: SampleField): unknown {
  switch (f.type) {
    case "text":
      return f.minLength && f.minLength > 7 ? "1".repeat(f.minLength) : "Contoh isian";
    case "textarea":
      return "Untuk keperluan administrasi.";
    case "number":
      return f.min ?? 1;
    case "date":
      return "1990-03-05";
    case "choice":
      return f.options?.[0]?.value;
    case "multichoice":
      return [f.options?.[0]?.value];
    case "checkbox":
      return true;
    case "nik":
      return VALID_NIK;
    case "phone":
      return "081234567890";
    case "email":
      return "warga@example.com";
    case "address":
      return DEMO_ADDRESS;
    default:
      return undefined;
  }
}
