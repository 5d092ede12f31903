/** The English core texts (loaded on demand by index.ts when English is chosen). */
import citizen from "./citizen.en.json" with { type: "json" };
import en from "./en.json" with { type: "json" };
import staffEn from "./staff.en.json" with { type: "json" };

export const translation = { ...en, staffCases: staffEn };
export { citizen };
