/** The SPBE/Pemdi module's public face: the demo seed and the frameworks (for other dashboards). */
export { seedDemoSpbe } from "./demo.ts";
export { computeIndex, frameworks } from "./framework.ts";
