/** Runs `balai` command lines in-process on a test store, collecting what they print as the real process would. */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { CliContext } from "../../src/cli/context.ts";
import { runCli } from "../../src/cli.ts";
import type { Config } from "../../src/platform/config.ts";
import type { Db } from "../../src/platform/db.ts";
import { formatCliError } from "../../src/platform/usage.ts";

export interface CliResult {
  /** The exit code the `balai` process would end with (2 for a usage error or AppError). */
  code: number;
  /** Everything printed, stdout then the error text (as on stderr), trimmed. */
  out: string;
}

/** A `balai` runner on `db` (already migrated, modules wired): stdout lines and the error line as the process prints them. */
export function cliOn(db: Db, config: Config) {
  return async (...argv: string[]): Promise<CliResult> => {
    const lines: string[] = [];
    const ctx: CliContext = {
      config,
      print: (line) => lines.push(line),
      write: (text) => lines.push(text.replace(/\n$/, "")),
      withStore: (fn) => fn(db),
      resolve: (file) => path.resolve(file),
      interactive: false,
    };
    try {
      const code = await runCli(ctx, argv);
      return { code, out: lines.join("\n").trim() };
    } catch (err) {
      const text = formatCliError(err);
      if (text === null) throw err;
      return { code: 2, out: [...lines, text].join("\n").trim() };
    }
  };
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** One real `balai` process (bin/balai.js) with the given environment: exit code and stdout+stderr. */
export async function balaiProcess(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/balai.js", ...args], { env: { ...process.env, ...env }, cwd: ROOT });
    return { code: 0, out: stdout.trim() };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}`.trim() };
  }
}

export const lastLine = (s: string) => s.split("\n").at(-1);
