/**
 * SQL of the e-Office module's own tables (eoffice_*). Dates travel as 'YYYY-MM-DD' text. The letters' unit names and
 * the dispositions' people names come from their owners (`admin`'s `withUnits`, `accounts`' `userNames`).
 */
import type { Queryable } from "../../platform/db.ts";
import { userNames } from "../accounts/index.ts";
import { withUnits } from "../admin/index.ts";

export interface ClassificationRow {
  code: string;
  name: string;
  active_years: number;
  inactive_years: number;
  final_fate: "musnah" | "permanen" | "dinilai_kembali";
}

export interface LetterRow {
  id: string;
  tenant_id: string;
  unit_id: string;
  unit_name: string;
  unit_code: string;
  direction: "incoming" | "outgoing";
  kind: "surat" | "nota_dinas";
  status: string;
  agenda_number: number | null;
  number: string | null;
  subject: string;
  sender: string;
  recipient: string;
  letter_date: string;
  received_on: string | null;
  classification_code: string;
  classification_name: string;
  active_years: number;
  inactive_years: number;
  final_fate: ClassificationRow["final_fate"];
  confidentiality: "biasa" | "terbatas" | "rahasia" | "sangat_rahasia";
  urgency: "biasa" | "segera" | "sangat_segera";
  body: string | null;
  copies: string[];
  copy_unit_ids: string[];
  is_copy: boolean;
  to_unit_id: string | null;
  source_letter_id: string | null;
  drafter_id: string | null;
  verifier_id: string | null;
  signer_id: string | null;
  review_note: string | null;
  file_key: string | null;
  file_name: string | null;
  file_type: string | null;
  file_sha256: string | null;
  file_size: number | null;
  signed_at: Date | null;
  signed_by: string | null;
  signer_name: string | null;
  signer_title: string | null;
  delegation: { kind: "plt" | "plh"; principalName: string; principalId: string } | null;
  verify_code: string | null;
  created_by: string;
  created_at: Date;
  version: number;
}

export interface DispositionRow {
  id: string;
  letter_id: string;
  parent_id: string | null;
  unit_id: string;
  from_user_id: string;
  from_name: string;
  to_user_id: string;
  to_name: string;
  instruction: string;
  due_on: string | null;
  status: "unread" | "read" | "forwarded" | "finished" | "cancelled";
  delegation: { kind: "plt" | "plh"; principalName: string } | null;
  read_at: Date | null;
  done_at: Date | null;
  note: string | null;
  created_at: Date;
}

/** A PostgreSQL array literal (the drivers take arrays as text here, as everywhere in Balai). */
const pgArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

export const listClassifications = (q: Queryable) => q.query<ClassificationRow>("SELECT * FROM eoffice_classifications ORDER BY code");
export const classification = (q: Queryable, code: string) => q.one<ClassificationRow>("SELECT * FROM eoffice_classifications WHERE code = $1", [code]);

const LETTER = `SELECT l.*, to_char(l.letter_date, 'YYYY-MM-DD') AS letter_date, to_char(l.received_on, 'YYYY-MM-DD') AS received_on,
       k.name AS classification_name, k.active_years, k.inactive_years, k.final_fate
  FROM eoffice_letters l
  JOIN eoffice_classifications k ON k.code = l.classification_code`;

type LetterOnly = Omit<LetterRow, "unit_name" | "unit_code">;

/** The letters with their unit's name and code (a letter whose unit is gone is left out, as a join would). */
async function withUnitNames(q: Queryable, tenantId: string, rows: LetterOnly[]): Promise<LetterRow[]> {
  return (await withUnits(q, tenantId, rows, (r) => r.unit_id)).map(({ row, unit }) => ({ ...row, unit_name: unit.name, unit_code: unit.code }));
}

export const getLetter = async (q: Queryable, tenantId: string, id: string, forUpdate = false) =>
  (
    await withUnitNames(
      q,
      tenantId,
      await q.query<LetterOnly>(`${LETTER} WHERE l.tenant_id = $1 AND l.id = $2${forUpdate ? " FOR UPDATE OF l" : ""}`, [tenantId, id]),
    )
  )[0];

export const letterByCode = async (q: Queryable, tenantId: string, code: string) =>
  (
    await withUnitNames(
      q,
      tenantId,
      await q.query<LetterOnly>(`${LETTER} WHERE l.tenant_id = $1 AND l.verify_code = $2 AND l.status IN ('signed', 'sent')`, [tenantId, code]),
    )
  )[0];

/** Letters of the given units, or that the user drafts/verifies/signs/received a disposition of; newest first. */
export async function searchLetters(
  q: Queryable,
  tenantId: string,
  f: { unitIds: string[] | null; userId: string; direction?: string; text?: string; classification?: string; status?: string; limit: number },
): Promise<LetterRow[]> {
  const rows = await q.query<LetterOnly>(
    `${LETTER}
      WHERE l.tenant_id = $1
        AND ($2::uuid[] IS NULL OR l.unit_id = ANY($2::uuid[]) OR $3 IN (l.drafter_id, l.verifier_id, l.signer_id)
             OR EXISTS (SELECT 1 FROM eoffice_dispositions d WHERE d.tenant_id = l.tenant_id AND d.letter_id = l.id AND d.to_user_id = $3))
        AND ($4::text IS NULL OR l.direction = $4)
        AND ($5::text IS NULL OR l.subject ILIKE $5 OR l.number ILIKE $5 OR l.sender ILIKE $5 OR l.recipient ILIKE $5)
        AND ($6::text IS NULL OR l.classification_code = $6 OR l.classification_code LIKE $6 || '.%')
        AND ($7::text IS NULL OR l.status = $7)
      ORDER BY l.created_at DESC
      LIMIT $8`,
    [
      tenantId,
      f.unitIds ? `{${f.unitIds.join(",")}}` : null,
      f.userId,
      f.direction ?? null,
      f.text ? `%${f.text.replace(/[%_\\]/g, "\\$&")}%` : null,
      f.classification ?? null,
      f.status ?? null,
      f.limit,
    ],
  );
  return withUnitNames(q, tenantId, rows);
}

export interface NewLetter {
  tenantId: string;
  unitId: string;
  direction: "incoming" | "outgoing";
  kind: "surat" | "nota_dinas";
  status: string;
  agendaNumber?: number | null;
  number?: string | null;
  subject: string;
  sender: string;
  recipient: string;
  letterDate: string;
  receivedOn?: string | null;
  classificationCode: string;
  confidentiality: string;
  urgency: string;
  body?: string | null;
  copies?: string[];
  copyUnitIds?: string[];
  isCopy?: boolean;
  toUnitId?: string | null;
  sourceLetterId?: string | null;
  drafterId?: string | null;
  verifierId?: string | null;
  signerId?: string | null;
  file?: { key: string; name: string; type: string; sha256: string; size: number } | null;
  createdBy: string;
}

export async function insertLetter(q: Queryable, l: NewLetter): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO eoffice_letters (tenant_id, unit_id, direction, kind, status, agenda_number, number, subject, sender, recipient, letter_date,
       received_on, classification_code, confidentiality, urgency, body, copies, copy_unit_ids, is_copy, to_unit_id, source_letter_id, drafter_id,
       verifier_id, signer_id, file_key, file_name, file_type, file_sha256, file_size, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::text[], $18::uuid[], $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
     RETURNING id`,
    [
      l.tenantId,
      l.unitId,
      l.direction,
      l.kind,
      l.status,
      l.agendaNumber ?? null,
      l.number ?? null,
      l.subject,
      l.sender,
      l.recipient,
      l.letterDate,
      l.receivedOn ?? null,
      l.classificationCode,
      l.confidentiality,
      l.urgency,
      l.body ?? null,
      pgArray(l.copies ?? []),
      pgArray(l.copyUnitIds ?? []),
      l.isCopy ?? false,
      l.toUnitId ?? null,
      l.sourceLetterId ?? null,
      l.drafterId ?? null,
      l.verifierId ?? null,
      l.signerId ?? null,
      l.file?.key ?? null,
      l.file?.name ?? null,
      l.file?.type ?? null,
      l.file?.sha256 ?? null,
      l.file?.size ?? null,
      l.createdBy,
    ],
  );
  return (row as { id: string }).id;
}

/** Moves a letter from one status to another; false when it was no longer in `from` (someone else was quicker). */
export async function setLetterStatus(q: Queryable, tenantId: string, id: string, from: string[], to: string, extra: { reviewNote?: string | null } = {}) {
  const rows = await q.query(
    `UPDATE eoffice_letters SET status = $4, review_note = CASE WHEN $5::boolean THEN $6 ELSE review_note END, version = version + 1
      WHERE tenant_id = $1 AND id = $2 AND status = ANY($3::text[]) RETURNING id`,
    [tenantId, id, `{${from.join(",")}}`, to, extra.reviewNote !== undefined, extra.reviewNote ?? null],
  );
  return rows.length === 1;
}

export async function setFile(q: Queryable, tenantId: string, id: string, f: { key: string; name: string; type: string; sha256: string; size: number }) {
  await q.query(
    "UPDATE eoffice_letters SET file_key = $3, file_name = $4, file_type = $5, file_sha256 = $6, file_size = $7, version = version + 1 WHERE tenant_id = $1 AND id = $2",
    [tenantId, id, f.key, f.name, f.type, f.sha256, f.size],
  );
}

export async function markSigned(
  q: Queryable,
  tenantId: string,
  id: string,
  s: { number: string; signedBy: string; signerName: string; signerTitle: string; delegation: LetterRow["delegation"]; verifyCode: string; signedAt: Date },
) {
  await q.query(
    `UPDATE eoffice_letters SET status = 'signed', number = $3, signed_by = $4, signer_name = $5, signer_title = $6, delegation = $7::jsonb,
            verify_code = $8, signed_at = $9, letter_date = ($9 AT TIME ZONE 'Asia/Jakarta')::date, version = version + 1
      WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, s.number, s.signedBy, s.signerName, s.signerTitle, s.delegation ? JSON.stringify(s.delegation) : null, s.verifyCode, s.signedAt],
  );
}

/** The next gapless number in a scope for a year (held locked until commit). */
export async function nextSeq(q: Queryable, tenantId: string, scope: string, year: number): Promise<number> {
  const row = await q.one<{ seq: number }>(
    `INSERT INTO eoffice_counters (tenant_id, scope, year, seq) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, scope, year) DO UPDATE SET seq = eoffice_counters.seq + 1 RETURNING seq`,
    [tenantId, scope, year],
  );
  return Number(row?.seq);
}

// ---- dispositions --------------------------------------------------------------------------------------

const DISPOSITION = `SELECT d.*, to_char(d.due_on, 'YYYY-MM-DD') AS due_on FROM eoffice_dispositions d`;

/** The dispositions with the names of who sent and who received them (one whose person is gone is left out, as a join would). */
async function withNames<T extends Omit<DispositionRow, "from_name" | "to_name">>(
  q: Queryable,
  rows: T[],
): Promise<(T & { from_name: string; to_name: string })[]> {
  const names = await userNames(
    q,
    rows.flatMap((r) => [r.from_user_id, r.to_user_id]),
  );
  return rows.flatMap((r) => {
    const from = names.get(r.from_user_id);
    const to = names.get(r.to_user_id);
    return from !== undefined && to !== undefined ? [{ ...r, from_name: from, to_name: to }] : [];
  });
}

export const dispositionsOf = async (q: Queryable, tenantId: string, letterId: string) =>
  withNames(
    q,
    await q.query<Omit<DispositionRow, "from_name" | "to_name">>(`${DISPOSITION} WHERE d.tenant_id = $1 AND d.letter_id = $2 ORDER BY d.created_at, d.id`, [
      tenantId,
      letterId,
    ]),
  );

export const getDisposition = async (q: Queryable, tenantId: string, id: string) =>
  (await withNames(q, await q.query<Omit<DispositionRow, "from_name" | "to_name">>(`${DISPOSITION} WHERE d.tenant_id = $1 AND d.id = $2`, [tenantId, id])))[0];

/** The user's dispositions (received), open ones first, with the letter's heading. */
export const inbox = async (q: Queryable, tenantId: string, userId: string, open: boolean) =>
  withNames(
    q,
    await q.query<
      Omit<DispositionRow, "from_name" | "to_name"> & {
        subject: string;
        sender: string;
        confidentiality: string;
        urgency: string;
        letter_number: string | null;
        agenda_number: number | null;
      }
    >(
      `SELECT d.*, to_char(d.due_on, 'YYYY-MM-DD') AS due_on,
              l.subject, l.sender, l.confidentiality, l.urgency, l.number AS letter_number, l.agenda_number
         FROM eoffice_dispositions d
         JOIN eoffice_letters l ON l.tenant_id = d.tenant_id AND l.id = d.letter_id
        WHERE d.tenant_id = $1 AND d.to_user_id = $2 AND ($3::boolean IS FALSE OR d.status IN ('unread', 'read'))
        ORDER BY (d.status IN ('unread', 'read')) DESC, d.due_on NULLS LAST, d.created_at DESC LIMIT 200`,
      [tenantId, userId, open],
    ),
  );

export async function insertDisposition(
  q: Queryable,
  d: {
    tenantId: string;
    letterId: string;
    parentId: string | null;
    unitId: string;
    fromUserId: string;
    toUserId: string;
    instruction: string;
    dueOn: string | null;
    delegation: DispositionRow["delegation"];
  },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO eoffice_dispositions (tenant_id, letter_id, parent_id, unit_id, from_user_id, to_user_id, instruction, due_on, delegation)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING id`,
    [d.tenantId, d.letterId, d.parentId, d.unitId, d.fromUserId, d.toUserId, d.instruction, d.dueOn, d.delegation ? JSON.stringify(d.delegation) : null],
  );
  return (row as { id: string }).id;
}

/** One state step of a disposition; false when it was not in `from` any more. */
export async function stepDisposition(q: Queryable, tenantId: string, id: string, from: string[], to: string, note: string | null = null) {
  const rows = await q.query(
    `UPDATE eoffice_dispositions SET status = $4,
            read_at = CASE WHEN $4 = 'cancelled' THEN read_at ELSE coalesce(read_at, now()) END,
            done_at = CASE WHEN $4 IN ('forwarded', 'finished', 'cancelled') THEN now() ELSE done_at END,
            note = coalesce($5, note)
      WHERE tenant_id = $1 AND id = $2 AND status = ANY($3::text[]) RETURNING id`,
    [tenantId, id, `{${from.join(",")}}`, to, note],
  );
  return rows.length === 1;
}

/** Open (unread/read) dispositions left on a letter. */
export async function openDispositions(q: Queryable, tenantId: string, letterId: string) {
  const row = await q.one<{ n: number }>(
    "SELECT count(*)::int AS n FROM eoffice_dispositions WHERE tenant_id = $1 AND letter_id = $2 AND status IN ('unread', 'read')",
    [tenantId, letterId],
  );
  return Number(row?.n ?? 0);
}
