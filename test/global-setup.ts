import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dumpEmbedded, openDb } from "../src/platform/db.ts";
import { migrate } from "../src/platform/migrate.ts";
import { seedDemo } from "../src/modules/tenants/demo.ts";
import { createTenant } from "../src/modules/tenants/service.ts";
import { provisionTenant } from "../src/server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    store: { kind: "pglite"; dumpFile: string } | { kind: "postgres"; adminUrl: string; template: string };
  }
}

/**
 * Migrates and seeds one store for the whole run (Kota Palembang with demo users, plus Kota Malang);
 * every test file then starts from a copy of it: a PGlite dump, or a PostgreSQL template database.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  const seed = async (db: Awaited<ReturnType<typeof openDb>>) => {
    await migrate(db);
    await seedDemo(db);
    await db.tx((q) => provisionTenant(q, "16.71"));
    await db.tx(async (q) => {
      await createTenant(q, { region: "35.73", hosts: ["malang.localhost"] });
      await provisionTenant(q, "35.73");
    });
  };
  if (!url) {
    const db = await openDb({});
    await seed(db);
    const dump = await dumpEmbedded(db);
    await db.close();
    const dumpFile = path.join(os.tmpdir(), `balai-test-${process.pid}.tar`);
    fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
    project.provide("store", { kind: "pglite", dumpFile });
    return () => fs.rmSync(dumpFile, { force: true });
  }
  const template = `balai_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const db = await openDb({ databaseUrl: withDatabase(url, template), poolSize: 2 });
  await seed(db);
  await db.close();
  project.provide("store", { kind: "postgres", adminUrl: url, template });
  return async () => {
    const dbs = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`balai_t${process.pid}_%`]);
    for (const r of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
