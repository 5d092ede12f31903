/** The jukir's photo on the card and the public page: re-encoded without metadata, 480 px, JPEG. */
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db.ts";
import { checkUpload, type FileStore, newStorageKey } from "../../platform/files.ts";
import { notFound } from "../../platform/errors.ts";
import * as store from "./store.ts";
import { loadSharp } from "../../platform/lazy.ts";

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

export async function setAttendantPhoto(
  db: Db,
  files: FileStore,
  tenantId: string,
  actorId: string | null,
  attendantId: string,
  filename: string,
  bytes: Buffer,
) {
  const checked = await checkUpload(bytes, filename, ["image/jpeg", "image/png", "image/webp"], MAX_PHOTO_BYTES);
  const jpeg = await (await loadSharp())(checked.bytes).resize(480, 480, { fit: "cover" }).jpeg({ quality: 80 }).toBuffer();
  const key = `${newStorageKey(tenantId)}.jukir.jpg`;
  await files.put(key, jpeg);
  await db.tx(async (q) => {
    if (!(await store.setAttendantPhoto(q, tenantId, attendantId, key))) throw notFound("parking-attendant-unknown");
    await audit(q, {
      tenantId,
      actorId,
      action: "parking.attendant.photo",
      subjectType: "parking_attendant",
      subjectId: attendantId,
      data: { sha256: checked.sha256 },
    });
  });
  return { status: "ok" };
}

export async function attendantPhoto(db: Db, files: FileStore, tenantId: string, card: string): Promise<Buffer> {
  const key = await store.photoKeyOfCard(db, tenantId, card);
  if (!key) throw notFound("parking-photo-missing");
  return files.get(key);
}
