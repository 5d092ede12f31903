/** The registry's public face: the city's registered applications (OIDC clients and API keys are issued only to them). */
export { findApp, listApps, type RegistryApp, registerApp, type RegisterAppInput } from "./service.ts";
export { startMetricsJob } from "./infra.ts";
export { startReminderJob } from "./reminders.ts";
