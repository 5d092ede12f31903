/** Shared pieces of the `balai` command line (src/cli.ts) that command functions and tests use in-process. */
import { ConfigError } from "./config.ts";
import { StoreInUseError } from "./db.ts";

/** A wrong invocation or an argument the command cannot use; printed as `error: MESSAGE`, exit code 2. */
export class UsageError extends Error {}

/** The text the CLI prints on stderr for a failed command (AppError: its code, detail and field errors); null for an unexpected error. */
export function formatCliError(err: unknown): string | null {
  if (err instanceof ConfigError || err instanceof StoreInUseError || err instanceof UsageError) return `error: ${err.message}`;
  const e = err as { code?: string; status?: number; message?: string; fields?: { field: string; code: string; message?: string }[] } | null;
  if (e?.code && e?.status) {
    const fields = e.fields ?? [];
    const detail = e.message && e.message !== e.code ? ` — ${e.message}` : "";
    return `error: ${e.code}${detail}${fields.map((f) => `\n  ${f.field}: ${f.message ?? f.code}`).join("")}`;
  }
  return null;
}
