/** The emergency (Call Center 112) module's public face: the incident list the command center's wall reads, and the seeds. */
export { seedDemoIncidents } from "./demo.ts";
export { type IncidentView, listIncidents, seedResponders } from "./service.ts";
