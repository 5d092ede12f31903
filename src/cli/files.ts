/** `balai files migrate`: copies the files of the local disk store into the configured S3-compatible bucket. */
import fs from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../platform/usage.ts";
import type { Command, CliContext } from "./context.ts";

async function* walk(dir: string): AsyncGenerator<string> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Resumable: an object already in the bucket with the same size is skipped, so an interrupted run is simply run
 * again. The disk copies are left in place (delete them once the server runs on the bucket).
 */
export async function migrateFiles(ctx: CliContext): Promise<number> {
  const { config } = ctx;
  if (!config.s3) throw new UsageError("files migrate needs BALAI_S3_ENDPOINT, BALAI_S3_BUCKET, BALAI_S3_ACCESS_KEY and BALAI_S3_SECRET_KEY");
  const { S3FileStore } = await import("../platform/s3.ts");
  const store = new S3FileStore(config.s3);
  try {
    await store.check();
    let copied = 0;
    let skipped = 0;
    let bytes = 0;
    for await (const file of walk(config.filesDir)) {
      const key = path.relative(config.filesDir, file).split(path.sep).join("/");
      const data = await fs.readFile(file);
      if ((await store.size(key)) === data.length) {
        skipped += 1;
        continue;
      }
      await store.put(key, data);
      copied += 1;
      bytes += data.length;
      if (copied % 100 === 0) ctx.print(`… ${copied} copied`);
    }
    ctx.print(`files: ${copied} copied (${bytes} bytes), ${skipped} already in bucket ${config.s3.bucket}`);
    return 0;
  } finally {
    store.close();
  }
}

export const files: Command = async (ctx, sub) => (sub === "migrate" ? migrateFiles(ctx) : undefined);
