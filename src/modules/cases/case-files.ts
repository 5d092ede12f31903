/** A checked upload kept as a file of a case: the bytes in the file store, then its row and the caller's event or audit in one transaction. */
import type { Queryable } from "../../platform/db.ts";
import { type checkUpload, newStorageKey } from "../../platform/files.ts";
import type { CasesCtx } from "./access.ts";
import * as store from "./store.ts";

type Checked = Awaited<ReturnType<typeof checkUpload>>;
type FileRow = Awaited<ReturnType<typeof store.insertFile>>;

export async function keepCaseFile(
  ctx: CasesCtx,
  file: { ownerId: string; caseId: string; field: string; checked: Checked },
  record: (q: Queryable, row: FileRow) => Promise<void>,
) {
  const { checked } = file;
  const key = newStorageKey(ctx.tenant.id);
  await ctx.files.put(key, checked.bytes);
  return ctx.db.tx(async (q) => {
    const row = await store.insertFile(q, {
      tenantId: ctx.tenant.id,
      ownerId: file.ownerId,
      caseId: file.caseId,
      field: file.field,
      filename: checked.filename,
      contentType: checked.contentType,
      size: checked.bytes.length,
      sha256: checked.sha256,
      storageKey: key,
    });
    await record(q, row);
    return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size };
  });
}
