import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { checkUpload, type FileStore, newStorageKey } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { canRead, isPublic, type LaporCtx, MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, requireUser } from "./common.ts";
import * as store from "./store.ts";
import * as photoStore from "./store-photos.ts";
import { loadSharp } from "../../platform/lazy.ts";

// ---- photos -----------------------------------------------------------------------------------

export async function storePhoto(ctx: LaporCtx, owner: Actor, filename: string, bytes: Buffer, field: string) {
  const checked = await checkUpload(bytes, filename, PHOTO_TYPES, MAX_PHOTO_BYTES, field);
  const thumb = await (await loadSharp())(checked.bytes).resize(320, 320, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
  const key = newStorageKey(ctx.tenant.id);
  const thumbKey = `${key}.thumb.jpg`;
  await ctx.files.put(key, checked.bytes);
  await ctx.files.put(thumbKey, thumb);
  return { checked, key, thumbKey, owner };
}

/** Records a stored photo (see storePhoto) of a report being filed (`caseId` null: staged) or of an officer's update. */
export const recordPhoto = (
  q: Queryable,
  tenantId: string,
  p: Awaited<ReturnType<typeof storePhoto>>,
  caseId: string | null,
  kind: "report" | "update" | "after",
) =>
  photoStore.insertPhoto(q, {
    tenantId,
    ownerId: p.owner.userId,
    caseId,
    kind,
    filename: p.checked.filename,
    contentType: p.checked.contentType,
    size: p.checked.bytes.length,
    sha256: p.checked.sha256,
    storageKey: p.key,
    thumbKey: p.thumbKey,
  });

/** Stages a photo for the uploader's next report: EXIF (GPS) stripped, thumbnail made. */
export async function uploadPhoto(ctx: LaporCtx, filename: string, bytes: Buffer) {
  const actor = requireUser(ctx);
  const staged = await photoStore.countStagedToday(ctx.db, ctx.tenant.id, actor.userId);
  if (staged >= 4 * MAX_PHOTOS) throw new AppError("rate-limited", 429);
  const p = await storePhoto(ctx, actor, filename, bytes, "file");
  const id = await ctx.db.tx((q) => recordPhoto(q, ctx.tenant.id, p, null, "report"));
  return { id, thumbnailUrl: `/api/lapor/photos/${id}/thumb`, url: `/api/lapor/photos/${id}` };
}

/** A photo for a signed-in user: its uploader, the reporter, or staff who may read the report. */
export async function readPhoto(ctx: LaporCtx, id: string, thumb: boolean) {
  const actor = requireUser(ctx);
  const p = await photoStore.getPhoto(ctx.db, ctx.tenant.id, id);
  if (!p) throw notFound();
  if (p.owner_id !== actor.userId) {
    if (!p.case_id) throw notFound();
    const r = await store.getReport(ctx.db, ctx.tenant.id, p.case_id);
    if (!r || !canRead(actor, r)) throw notFound();
  }
  return { contentType: thumb ? "image/jpeg" : p.content_type, bytes: await ctx.files.get(thumb ? p.thumb_storage_key : p.storage_key) };
}

/** A photo of a public report (not confidential, not hidden); anything else is 404. */
export async function readPublicPhoto(db: Db, files: FileStore, tenant: Tenant, id: string, thumb: boolean) {
  const p = await photoStore.getPhoto(db, tenant.id, id);
  if (!p?.case_id) throw notFound();
  const r = await store.getReport(db, tenant.id, p.case_id);
  if (!r || !isPublic(r)) throw notFound();
  return { contentType: thumb ? "image/jpeg" : p.content_type, bytes: await files.get(thumb ? p.thumb_storage_key : p.storage_key) };
}
