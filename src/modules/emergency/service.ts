/**
 * Call Center 112: incidents (cases of the service kejadian-darurat-112, workflow emergency-112) with
 * their calls and dispatches of responding units, and the response-time reports (docs/command-center.md).
 * Every change runs in one transaction with the case event, outbox events (the live stream) and audit.
 */

export * from "./dispatch.ts";
export * from "./model.ts";
export * from "./read.ts";
export * from "./record.ts";
export * from "./reports.ts";
export * from "./responders.ts";
export * from "./views.ts";
