/** `balai start`, `balai migrate`, `balai seed`: run the server and prepare its store. */
import fs from "node:fs";
import path from "node:path";
import { WEB_DIST } from "../platform/http.ts";
import { migrate } from "../platform/migrate.ts";
import { openFileStore } from "../platform/files.ts";
import { banner, createPlatform, openStore, seedDemoPlatform } from "../server.ts";
import { type Dispatcher, listenForCommands } from "./command-socket.ts";
import type { CliContext } from "./context.ts";

async function ensureWebBuild(ctx: CliContext) {
  if (fs.existsSync(path.join(WEB_DIST, "index.html"))) return;
  ctx.print("Building the web app (first start)…");
  const { build } = await import("vite");
  await build({ configFile: path.resolve(WEB_DIST, "../../vite.config.ts"), logLevel: "warn" });
}

/**
 * Runs the server until SIGINT/SIGTERM; resolves to -1 (keep the process running). On the embedded store it also
 * runs other `balai` commands sent to its command socket, with `dispatch` (src/cli/command-socket.ts).
 */
export async function start(ctx: CliContext, dispatch: Dispatcher): Promise<number> {
  const { config } = ctx;
  await ensureWebBuild(ctx);
  const db = await openStore(config);
  const platform = await createPlatform(config, db);
  const address = await platform.app.listen({ port: config.port, host: config.host });
  const url = address.replace("0.0.0.0", "localhost").replace("[::]", "localhost");
  const stopCommands = config.databaseUrl ? async () => {} : await listenForCommands({ config, db, log: platform.app.log, dispatch });
  ctx.write(banner(config, url, platform.demo));
  const stop = async (signal: string) => {
    platform.app.log.info(`${signal}: shutting down`);
    await stopCommands();
    await platform.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  return -1; // keep running
}

/** Applies pending migrations (without wiring the modules: nothing else runs). */
export async function migrateCommand(ctx: CliContext): Promise<number> {
  const r = await ctx.withStore((db) => migrate(db), { raw: true });
  ctx.print(r.applied.length ? `applied: ${r.applied.join(", ")}` : "no pending migrations");
  ctx.print(`migrations: ${r.total} total, ${r.applied.length} applied now`);
  return 0;
}

export async function seed(ctx: CliContext): Promise<number> {
  const files = await openFileStore(ctx.config);
  const r = await ctx.withStore((db) => seedDemoPlatform(db, files, ctx.config.caSecret));
  ctx.print(r.created ? "demo tenant 16.71 Kota Palembang seeded" : "demo tenant 16.71 already present");
  return 0;
}
