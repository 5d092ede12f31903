/** The e-Office module's public face: its demo data (letters and dispositions, docs/eoffice.md). */
export { seedDemoEoffice } from "./demo.ts";
