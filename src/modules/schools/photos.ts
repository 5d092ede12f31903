/** Damage photos: checked by content (JPEG/PNG/WebP only, EXIF dropped by re-encoding), staged for the school's report. */
import { AppError, notFound } from "../../platform/errors.ts";
import { checkUpload, newStorageKey } from "../../platform/files.ts";
import { type SchoolsCtx, schoolFor } from "./common.ts";
import * as store from "./store.ts";

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export async function uploadPhoto(ctx: SchoolsCtx, unitId: string, filename: string, bytes: Buffer) {
  await schoolFor(ctx, unitId, "report");
  if ((await store.countStagedToday(ctx.db, ctx.tenant.id, unitId)) >= 100) throw new AppError("rate-limited", 429);
  const checked = await checkUpload(bytes, filename, PHOTO_TYPES, MAX_PHOTO_BYTES, "file");
  const key = newStorageKey(ctx.tenant.id);
  await ctx.files.put(key, checked.bytes);
  const id = await ctx.db.tx((q) =>
    store.insertPhoto(q, {
      tenantId: ctx.tenant.id,
      unitId,
      ownerId: ctx.actor.userId,
      filename: checked.filename,
      contentType: checked.contentType,
      size: checked.bytes.length,
      sha256: checked.sha256,
      storageKey: key,
    }),
  );
  return { id, url: `/api/schools/photos/${id}` };
}

export async function readPhoto(ctx: SchoolsCtx, id: string) {
  const p = await store.getPhoto(ctx.db, ctx.tenant.id, id);
  if (!p) throw notFound();
  await schoolFor(ctx, p.unit_id, "read");
  return { contentType: p.content_type, bytes: await ctx.files.get(p.storage_key) };
}
