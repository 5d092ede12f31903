import path from "node:path";
import type { Config } from "./platform/config.ts";
import { type Db, openDb } from "./platform/db.ts";
import { type App, buildApp, type Module } from "./platform/http.ts";
import { createLogger } from "./platform/log.ts";
import { migrate } from "./platform/migrate.ts";
import { type Adapters, defaultAdapters, startNotificationDispatcher } from "./platform/notify.ts";
import { TenantResolver } from "./platform/tenancy.ts";
import accountRoutes from "./modules/accounts/routes.ts";
import adminRoutes from "./modules/admin/routes.ts";
import { type DemoLogin, DEMO_PASSWORD, seedDemo } from "./modules/tenants/demo.ts";

/** Every module's routes, in one list: the platform knows no module, the composition root knows all. */
export const MODULES: Module[] = [accountRoutes, adminRoutes];

export interface Platform {
  app: App;
  db: Db;
  demo: { created: boolean; logins: DemoLogin[] } | undefined;
  close(): Promise<void>;
}

export async function openStore(config: Config): Promise<Db> {
  return openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir) });
}

/** Builds the whole platform on an open store: migrations, demo data, HTTP app, background delivery. */
export async function createPlatform(config: Config, db: Db, opts: { adapters?: Adapters; background?: boolean } = {}): Promise<Platform> {
  await migrate(db);
  const demo = config.demo ? await seedDemo(db) : undefined;
  const tenants = new TenantResolver(db);
  const log = createLogger(config.logLevel);
  const adapters = opts.adapters ?? defaultAdapters({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, log });
  const app = await buildApp({ config, db, tenants, adapters, log }, MODULES);
  const stops: (() => void)[] = [];
  if (opts.background !== false) stops.push(startNotificationDispatcher(db, adapters, log));
  return {
    app,
    db,
    demo,
    async close() {
      for (const s of stops) s();
      await app.close();
      await db.close();
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
  if (config.devOutbox) lines.push(`  Developer outbox (sign-up codes): ${url}/dev/outbox`);
  if (demo) {
    lines.push("", `  Demo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const l of demo.logins) lines.push(`    ${l.login.padEnd(36)} ${l.role.padEnd(16)} ${l.unit}`);
  }
  return `${lines.join("\n")}\n`;
}
