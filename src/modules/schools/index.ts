/** The schools module's public face: provisioning (report kinds), the reminder job, the demo data. */
export { provisionSchools, seedReportKinds } from "./report-kinds.ts";
export { remindSchools, startSchoolReminderJob } from "./reminders.ts";
export { seedDemoSchools } from "./demo.ts";
export { DapodikClient, DapodikError } from "./dapodik.ts";
