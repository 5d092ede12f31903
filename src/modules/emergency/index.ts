/**
 * Call Center 112: incidents (cases of the service kejadian-darurat-112, workflow emergency-112) with their calls and
 * dispatches of responding units, and the response-time reports (docs/command-center.md). Every change runs in one
 * transaction with the case event, outbox events (the live stream) and audit. One use case per file: record.ts
 * (incidents and calls), dispatch.ts, responders.ts, read.ts, reports.ts.
 *
 * The module's public face: the incident list the command center's wall reads, and the seeds.
 */
export { seedDemoIncidents } from "./demo.ts";
export { listIncidents } from "./read.ts";
export { hourlyIncidents, incidentsByResponderUnit, incidentsSince, openIncidentCount } from "./store-wall.ts";
export { seedResponders } from "./responders.ts";
export type { IncidentView } from "./views.ts";
export { Incident as IncidentSchema } from "./schemas.ts";
