import path from "node:path";
import type { Config } from "./platform/config.ts";
import { type Db, openDb } from "./platform/db.ts";
import { type App, buildApp, type Module } from "./platform/http.ts";
import { LiveHub, startOutboxPruneJob } from "./platform/live.ts";
import type { Logger } from "pino";
import { createLogger } from "./platform/log.ts";
import { migrate } from "./platform/migrate.ts";
import { type Adapters, defaultAdapters, startNotificationDispatcher } from "./platform/notify.ts";
import { TenantResolver } from "./platform/tenancy.ts";
import accountRoutes from "./modules/accounts/routes.ts";
import adminRoutes from "./modules/admin/routes.ts";
import messageRoutes from "./modules/messages/routes.ts";
import calendarRoutes from "./modules/calendar/routes.ts";
import { seedHolidays } from "./modules/calendar/holidays.ts";
import catalogRoutes from "./modules/catalog/routes.ts";
import { DEFAULT_CATALOG_DIR, importCatalog } from "./modules/catalog/service.ts";
import { type LoadedCatalog, loadCatalogDir } from "./modules/catalog/spec.ts";
import { startEscalationJob } from "./modules/cases/index.ts";
import caseRoutes from "./modules/cases/routes.ts";
import complaintRoutes from "./modules/complaints/routes.ts";
import documentRoutes from "./modules/documents/routes.ts";
import { DEMO_SIGNERS, DEMO_SIGNING_PASSPHRASE, init as initDocuments, seedDemoSigners } from "./modules/documents/index.ts";
import { initFixLoop, LaporClient, laporConfig, startAutoCloseJob, startLaporForwardJob } from "./modules/complaints/index.ts";
import geoRoutes from "./modules/geo/routes.ts";
import apiKeyRoutes from "./modules/apikeys/routes.ts";
import open311Routes from "./modules/open311/routes.ts";
import priceRoutes from "./modules/prices/routes.ts";
import { seedDemoPrices } from "./modules/prices/demo.ts";
import { seedCommodities } from "./modules/prices/markets.ts";
import emergencyRoutes from "./modules/emergency/routes.ts";
import { seedResponders } from "./modules/emergency/responders.ts";
import { seedDemoIncidents } from "./modules/emergency/demo.ts";
import streamRoutes from "./modules/command/stream.ts";
import commandRoutes from "./modules/command/routes.ts";
import { seedDemoCommand, seedDemoIngestEvents } from "./modules/command/demo.ts";
import { startCameraHealthJob } from "./modules/command/jobs.ts";
import transitRoutes from "./modules/transit/routes.ts";
import { seedDemoTransit } from "./modules/transit/network.ts";
import { startMqtt, startPruneJob } from "./modules/transit/jobs.ts";
import { startSimulator } from "./modules/transit/simulator.ts";
import oidcRoutes from "./modules/oidc/routes.ts";
import registryRoutes from "./modules/registry/routes.ts";
import { seedDemoRegistry } from "./modules/registry/demo.ts";
import { startMetricsJob, startReminderJob } from "./modules/registry/index.ts";
import parkingRoutes from "./modules/parking/routes.ts";
import { seedDemoParking } from "./modules/parking/index.ts";
import type { Queryable } from "./platform/db.ts";
import type { FileStore } from "./platform/files.ts";
import { openFileStore } from "./platform/files.ts";
import { listenForSessionChanges } from "./platform/auth/sessions.ts";
import budgetRoutes from "./modules/budget/routes.ts";
import { seedDemoBudget } from "./modules/budget/index.ts";
import spbeRoutes from "./modules/spbe/routes.ts";
import { seedDemoSpbe } from "./modules/spbe/index.ts";
import { seedDemoReports } from "./modules/complaints/index.ts";
import { type DemoLogin, DEMO_PASSWORD, DEMO_TENANT, seedDemo } from "./modules/tenants/demo.ts";
import eofficeRoutes from "./modules/eoffice/routes.ts";
import { seedDemoEoffice } from "./modules/eoffice/index.ts";
import healthRoutes from "./modules/health/routes.ts";
import { seedDemoHealth, startHealthJobs } from "./modules/health/index.ts";
import schoolRoutes from "./modules/schools/routes.ts";
import { provisionSchools, seedDemoSchools, startSchoolReminderJob } from "./modules/schools/index.ts";
import frontdoorRoutes from "./modules/frontdoor/routes.ts";

/** Every module's routes, in one list: the platform knows no module, the composition root knows all. */
export const MODULES: Module[] = [
  accountRoutes,
  adminRoutes,
  messageRoutes,
  catalogRoutes,
  caseRoutes,
  calendarRoutes,
  geoRoutes,
  apiKeyRoutes,
  open311Routes,
  complaintRoutes,
  documentRoutes,
  transitRoutes,
  priceRoutes,
  emergencyRoutes,
  streamRoutes,
  commandRoutes,
  eofficeRoutes,
  budgetRoutes,
  spbeRoutes,
  // One login (OIDC provider at /oidc, INApas) and the registry of apps.
  oidcRoutes,
  registryRoutes,
  healthRoutes,
  schoolRoutes,
  frontdoorRoutes,
  parkingRoutes,
];

/** Wires the modules into each other (e.g. the case engine's transition hooks); idempotent. Every composition root calls it before a case can move. */
export function initModules(): void {
  initDocuments();
  initFixLoop();
}

export interface Platform {
  app: App;
  db: Db;
  demo: { created: boolean; logins: DemoLogin[] } | undefined;
  close(): Promise<void>;
}

export async function openStore(config: Config): Promise<Db> {
  return openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir),
    sharedBuffers: config.pgliteSharedBuffers,
  });
}

/** Builds the whole platform on an open store: migrations, demo data, HTTP app, background delivery. */
export async function createPlatform(
  config: Config,
  db: Db,
  opts: {
    adapters?: Adapters;
    background?: boolean;
    /** built web app to serve (tests); default dist/web */
    webDist?: string;
    /** the process logger (tests read what was logged); default one at config.logLevel on stdout */
    log?: Logger;
  } = {},
): Promise<Platform> {
  initModules();
  initFixLoop(config.publicUrl);
  const files = await openFileStore(config);
  await migrate(db);
  const demo = config.demo ? await seedDemoPlatform(db, files, config.caSecret) : undefined;
  const tenants = new TenantResolver(db);
  const log = opts.log ?? createLogger(config.logLevel);
  const adapters =
    opts.adapters ??
    defaultAdapters({
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      log,
      notify: config.notify,
      revealBody: !config.production,
    });
  const live = new LiveHub(db, { onError: (err) => log.error({ err }, "live hub") });
  const app = await buildApp({ config, db, tenants, adapters, log, files, live }, MODULES, { webDist: opts.webDist });
  const stops: (() => void)[] = [];
  // Session, user and grant changes made by any process clear every process's session cache.
  const stopSessionListener = await listenForSessionChanges(db);
  stops.push(() => void stopSessionListener().catch(() => {}));
  if (opts.background !== false) {
    stops.push(startNotificationDispatcher(db, adapters, log, 1000, { maxAttempts: config.notify.maxAttempts }));
    stops.push(startEscalationJob(db, log));
    stops.push(startAutoCloseJob(db, log, config.publicUrl));
    const lapor = laporConfig();
    if (lapor) stops.push(startLaporForwardJob(db, new LaporClient(lapor), log, config.publicUrl));
    stops.push(startPruneJob(db, log));
    stops.push(startOutboxPruneJob(db, log));
    stops.push(startCameraHealthJob(db, log));
    stops.push(startMetricsJob(db, log));
    stops.push(startReminderJob(db, log));
    stops.push(startHealthJobs(db, log));
    stops.push(startSchoolReminderJob(db, log));
    if (config.transitSimulate && config.demo) stops.push(startSimulator(db, DEMO_TENANT, log));
  }
  if (opts.background !== false && config.mqttUrl) {
    const stopMqtt = await startMqtt(db, config.mqttUrl, log);
    stops.push(() => void stopMqtt());
  }
  return {
    app,
    db,
    demo,
    async close() {
      for (const s of stops) s();
      await app.close();
      await live.close();
      await db.close();
      (files as { close?: () => void }).close?.();
    },
  };
}

export function banner(config: Config, url: string, demo: Platform["demo"]): string {
  const lines = [
    "",
    `  Balai is running at ${url}`,
    `  Store: ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PostgreSQL (PGlite) in ${config.dataDir}`}`,
    `  API docs: ${url}/api/docs`,
  ];
  // Codes of messages that are not really sent are printed in the log ("[outbox] …") as they are delivered.
  if (config.devOutbox) lines.push(`  Developer outbox (sign-up and reset codes, Kominfo admin only): ${url}/dev/outbox`);
  if (demo) {
    lines.push("", `  Demo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const l of demo.logins) lines.push(`    ${l.login.padEnd(36)} ${l.role.padEnd(16)} ${l.unit}`);
    lines.push("", `  Signing passphrase (TTE) of ${DEMO_SIGNERS.map((s) => s.login.split("@")[0]).join(", ")}: ${DEMO_SIGNING_PASSPHRASE}`);
  }
  return `${lines.join("\n")}\n`;
}

/** What every new tenant starts with besides its regions: the default service catalog and the national holidays. */
export async function provisionTenant(q: Queryable, tenantId: string, loaded?: LoadedCatalog) {
  const catalog = loaded ?? (await loadCatalogDir(DEFAULT_CATALOG_DIR));
  const imported = await importCatalog(q, tenantId, catalog, null);
  const holidays = await seedHolidays(q, tenantId);
  const priceCommodities = await seedCommodities(q, tenantId);
  const responders = await seedResponders(q, tenantId);
  const schoolReportKinds = await provisionSchools(q, tenantId);
  return { ...imported, holidays, priceCommodities, responders, schoolReportKinds };
}

/** The demo tenant with its catalog and holidays, on an empty store; nothing when it is already there. */
/** The demo city on an empty store: tenant, units, logins, catalog, holidays, and a few e-Lapor reports. */
export async function seedDemoPlatform(db: Db, files: FileStore, caSecret = "balai-development-ca-secret") {
  initModules();
  const demo = await seedDemo(db);
  if (demo.created) {
    await db.tx((q) => provisionTenant(q, DEMO_TENANT));
    await seedDemoReports(db, files, DEMO_TENANT, DEMO_PASSWORD);
    await seedDemoTransit(db, DEMO_TENANT);
    await seedDemoPrices(db, DEMO_TENANT, DEMO_PASSWORD);
    await db.tx((q) => seedDemoCommand(q, DEMO_TENANT));
    await seedDemoIngestEvents(db, DEMO_TENANT);
    await seedDemoIncidents(db, DEMO_TENANT);
    await seedDemoEoffice(db, DEMO_TENANT);
    await seedDemoBudget(db, DEMO_TENANT, caSecret);
    await seedDemoSigners(db, DEMO_TENANT, caSecret);
    await seedDemoSpbe(db, DEMO_TENANT, new Date().getFullYear());
    await seedDemoRegistry(db, DEMO_TENANT);
    await seedDemoHealth(db, DEMO_TENANT);
    await seedDemoSchools(db, DEMO_TENANT);
    await seedDemoParking(db, files, DEMO_TENANT);
  }
  return demo;
}
