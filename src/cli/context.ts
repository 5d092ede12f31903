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
  /**
   * Runs `fn` on the migrated store with the modules wired; the real command opens and closes the store around it,
   * a command run by the server (src/cli/command-socket.ts) gets the server's open store.
   * `{ raw: true }`: neither migrate nor wire the modules first (`balai migrate` reports what it applies).
   */
  withStore<T>(fn: (db: Db) => Promise<T>, opts?: { raw?: boolean }): Promise<T>;
  /** A file named on the command line, as an absolute path: relative to the folder the command was typed in. */
  resolve(file: string): string;
  /** Output is a terminal: progress bars may redraw a line (else they print plain lines). */
  interactive: boolean;
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
    resolve: (file) => path.resolve(file),
    interactive: Boolean(process.stdout.isTTY),
    async withStore(fn, opts) {
      const db = await openStore(config);
      try {
        if (!opts?.raw) {
          initModules(); // commands move cases too (seed files and acts on demo reports): the same wiring as the server
          await migrate(db);
        }
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
export function readJsonArgument(ctx: CliContext, file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(ctx.resolve(file), "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read ${file} as ${what}: ${(err as Error).message}`);
  }
}

/** parseArgs options that each take one text value: `stringOptions("tenant", "name")`. */
export function stringOptions<const N extends string>(...names: N[]): { [K in N]: { type: "string" } } {
  return Object.fromEntries(names.map((n) => [n, { type: "string" }])) as { [K in N]: { type: "string" } };
}
