import type { Scenario } from "./types.ts";

const TERMS = ["domisili", "izin usaha", "akta", "ktp", "sktm", "domisli"];

/** Public catalog search over all published services (full-text + trigram); every connection cycles through the terms (one a typo). */
export const catalogSearch: Scenario = {
  name: "Balai GET /api/catalog/services?q=… (6 terms)",
  setup: () => TERMS.map((q) => ({ path: `/api/catalog/services?q=${encodeURIComponent(q)}` })),
};
