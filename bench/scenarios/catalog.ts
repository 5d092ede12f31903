import type { RequestOptions, Scenario } from "./types.ts";

/** How people type: full names, short forms and everyday words (synonyms), a typo, a prefix. */
const TERMS = ["domisili", "izin usaha", "akta lahir", "ktp", "sktm", "domisli", "imb", "kartu kuning", "kk hilang", "pindah"];

/** One request per term; every connection cycles through them (also used by the nginx rows). */
export const catalogRequests = (): RequestOptions[] => TERMS.map((q) => ({ path: `/api/catalog/services?q=${encodeURIComponent(q)}` }));

/** Public catalog search over all published services (in-process index with synonyms); every connection cycles through the terms. */
export const catalogSearch: Scenario = {
  name: `Balai GET /api/catalog/services?q=… (${TERMS.length} terms)`,
  role: "search",
  setup: catalogRequests,
};
