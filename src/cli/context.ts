/** What every `balai` command function gets: the configuration, where to print, and the store to work on. */
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db.ts";
import { migrate } from "../platform/migrate.ts";
import { listTenants } from "../platform/tenancy.ts";
import { UsageError } from "../platform/usage.ts";
import { initModules, openStore } from "../server.ts";

export interface CliContext {
  config: Config;
  /** One line of output (console.log in the real command); the last line a command prints is its result. */
  print(line: string): void;
  /** Raw output without a line break (a PEM certificate). */
  write(text: string): void;
  /** Runs `fn` on the migrated store with the modules wired; the real command opens and closes the store around it. */
  withStore<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

/**
 * A command: `sub` is the word after the command, `rest` the remaining arguments. Resolves to the exit code;
 * undefined when `sub` is not one of its subcommands (the dispatcher then reports an unknown command).
 */
export type Command = (ctx: CliContext, sub: string | undefined, rest: string[]) => Promise<number | undefined>;

/** The context of the real `balai` process: console output and a store opened per command. */
export function processContext(config: Config): CliContext {
  return {
    config,
    print: (line) => console.log(line),
    write: (text) => process.stdout.write(text),
    async withStore(fn) {
      const db = await openStore(config);
      initModules(); // commands move cases too (seed files and acts on demo reports): the same wiring as the server
      try {
        await migrate(db);
        return await fn(db);
      } finally {
        await db.close();
      }
    },
  };
}

/** The tenant a command works on: --tenant CODE, else the default tenant. */
export async function tenantOrDefault(db: Db, code: string | undefined): Promise<string> {
  const tenant = code ?? (await listTenants(db)).find((t) => t.isDefault)?.id;
  if (!tenant) throw new UsageError("no default tenant: pass --tenant CODE");
  return tenant;
}

/** Reads a JSON file named on the command line; a missing or malformed file is a usage error. */
export function readJsonArgument(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(file), "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read ${file} as ${what}: ${(err as Error).message}`);
  }
}
