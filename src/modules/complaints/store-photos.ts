/**
 * e-Lapor photos: complaint_photos and their files, which the case engine owns: written through ../cases/index.ts
 * (`insertCaseFile`, `attachCaseFiles`), read through its published view case_files.
 */
import type { Queryable } from "../../platform/db.ts";
import { attachCaseFiles, insertCaseFile } from "../cases/index.ts";

export interface PhotoRow {
  file_id: string;
  owner_id: string;
  case_id: string | null;
  kind: string;
  thumb_storage_key: string;
  storage_key: string;
  content_type: string;
  filename: string;
  created_at: Date;
}

const PHOTO_SELECT = `SELECT p.file_id, p.owner_id, p.case_id, p.kind, p.thumb_storage_key, f.storage_key, f.content_type, f.filename, p.created_at
  FROM complaint_photos p JOIN case_files f ON f.id = p.file_id`;

export async function insertPhoto(
  q: Queryable,
  p: {
    tenantId: string;
    ownerId: string;
    caseId: string | null;
    kind: "report" | "update" | "after";
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
    thumbKey: string;
  },
) {
  const f = await insertCaseFile(q, {
    tenantId: p.tenantId,
    ownerId: p.ownerId,
    caseId: p.caseId,
    field: p.kind === "report" ? "__lapor_photo" : p.kind === "after" ? "__lapor_after" : "__lapor_update",
    filename: p.filename,
    contentType: p.contentType,
    size: p.size,
    sha256: p.sha256,
    storageKey: p.storageKey,
  });
  await q.query("INSERT INTO complaint_photos (file_id, tenant_id, owner_id, case_id, kind, thumb_storage_key) VALUES ($1, $2, $3, $4, $5, $6)", [
    f.id,
    p.tenantId,
    p.ownerId,
    p.caseId,
    p.kind,
    p.thumbKey,
  ]);
  return f.id;
}

export async function getPhoto(q: Queryable, tenantId: string, fileId: string) {
  return q.one<PhotoRow>(`${PHOTO_SELECT} WHERE p.tenant_id = $1 AND p.file_id = $2`, [tenantId, fileId]);
}

export async function stagedPhotos(q: Queryable, tenantId: string, ownerId: string, ids: string[]) {
  return q.query<PhotoRow>(
    `${PHOTO_SELECT} WHERE p.tenant_id = $1 AND p.owner_id = $2 AND p.case_id IS NULL AND p.kind = 'report' AND p.file_id = ANY($3::uuid[])`,
    [tenantId, ownerId, `{${ids.join(",")}}`],
  );
}

export async function attachPhotos(q: Queryable, tenantId: string, caseId: string, ids: string[]) {
  if (!ids.length) return;
  const arr = `{${ids.join(",")}}`;
  await q.query("UPDATE complaint_photos SET case_id = $2 WHERE tenant_id = $1 AND file_id = ANY($3::uuid[])", [tenantId, caseId, arr]);
  await attachCaseFiles(q, tenantId, caseId, ids);
}

export async function photosOf(q: Queryable, tenantId: string, caseIds: string[]) {
  if (!caseIds.length) return [];
  return q.query<PhotoRow>(`${PHOTO_SELECT} WHERE p.tenant_id = $1 AND p.case_id = ANY($2::uuid[]) ORDER BY p.created_at`, [
    tenantId,
    `{${caseIds.join(",")}}`,
  ]);
}

/** Photos the owner staged in the last day and has not filed yet (a cap against abuse). */
export async function countStagedToday(q: Queryable, tenantId: string, ownerId: string) {
  const row = await q.one<{ n: number }>(
    "SELECT count(*)::int AS n FROM complaint_photos WHERE tenant_id = $1 AND owner_id = $2 AND case_id IS NULL AND created_at > now() - interval '1 day'",
    [tenantId, ownerId],
  );
  return row?.n ?? 0;
}
