/** What every e-Office use case shares: its context, access classes, the letter view, retention. See docs/eoffice.md. */
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db.ts";
import { type Actor, can, type Permission } from "../../platform/auth/roles.ts";
import { AppError, forbidden, notFound } from "../../platform/errors.ts";
import type { FileStore } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { localDate } from "../../platform/workdays.ts";
import type * as store from "./store.ts";

export interface EoCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  files: FileStore;
  config: Config;
  /** Absolute origin for the verification link printed on a signed letter. */
  baseUrl?: string;
}

export const CONFIDENTIALITY = ["biasa", "terbatas", "rahasia", "sangat_rahasia"] as const;
export const URGENCY = ["biasa", "segera", "sangat_segera"] as const;
export const KINDS = ["surat", "nota_dinas"] as const;
/** Roles whose holder is the unit's head for dispositions and signatures (and whose Plt./Plh. acts for them). */
export const HEAD_ROLES = ["kepala", "opd_admin", "lurah", "camat"] as const;

export const today = (tenant: Tenant) => localDate(new Date(), tenant.timezone);

export function requireStaff(ctx: { actor: Actor | undefined }): Actor {
  const a = ctx.actor;
  if (!a || a.mfaPending) throw new AppError("unauthenticated", 401);
  if (a.kind !== "staff") throw forbidden();
  return a;
}

/** A refusal with the reason in both languages (the problem's detail). */
export const refused = (code: string, status: number, id: string, en: string, field?: string) =>
  new AppError(code, status, { detail: `${id} / ${en}`, fields: field ? [{ field, code, message: `${id} / ${en}` }] : undefined });

export const inUnit = (actor: Actor, unitId: string) => actor.grants.some((g) => g.unitId === unitId);

/** The actor's single unit where they hold the permission, or the one they named (400 when ambiguous). */
export function unitFor(actor: Actor, permission: Permission, unitId?: string): string {
  if (unitId) {
    if (!can(actor, permission, [unitId])) throw forbidden();
    return unitId;
  }
  const units = [...new Set(actor.grants.filter((g) => can({ ...actor, grants: [g] }, permission)).map((g) => g.unitId))];
  if (units.length === 0) throw forbidden();
  if (units.length > 1) throw new AppError("validation-failed", 400, { fields: [{ field: "unitId", code: "required" }] });
  return units[0];
}

/**
 * Access classes (klasifikasi keamanan): Biasa — any staff of the unit; Terbatas — the unit's heads and secretariat;
 * Rahasia and Sangat Rahasia — the unit's heads only. Whoever drafts, verifies, signs or received a disposition of
 * the letter always sees it.
 */
export function maySee(actor: Actor, l: store.LetterRow, involved: boolean): boolean {
  if (involved || l.created_by === actor.userId) return true;
  if (!inUnit(actor, l.unit_id) && !can(actor, "eoffice.archive", [l.unit_id])) return false;
  if (l.confidentiality === "biasa") return true;
  const head = can(actor, "eoffice.confidential", [l.unit_id]);
  if (l.confidentiality === "terbatas") return head || can(actor, "eoffice.register", [l.unit_id]);
  return head;
}

export function involvedIn(actor: Actor, l: store.LetterRow, dispositions: store.DispositionRow[]): boolean {
  return (
    [l.drafter_id, l.verifier_id, l.signer_id, l.signed_by].includes(actor.userId) ||
    dispositions.some((d) => d.to_user_id === actor.userId || d.from_user_id === actor.userId)
  );
}

export function letterOr404(l: store.LetterRow | undefined): store.LetterRow {
  if (!l) throw notFound("letter-not-found");
  return l;
}

/**
 * Retention per the JRA: the active period runs from the letter's date for `active_years`, the inactive period
 * `inactive_years` after that; then the final fate (musnah, permanen, dinilai kembali) is due.
 */
export function retentionOf(l: Pick<store.LetterRow, "letter_date" | "active_years" | "inactive_years" | "final_fate">, on: string) {
  const add = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, "-02-28");
  const activeUntil = add(l.letter_date, l.active_years);
  const inactiveUntil = add(activeUntil, l.inactive_years);
  const phase = on < activeUntil ? "aktif" : on < inactiveUntil ? "inaktif" : "penyusutan";
  return { activeYears: l.active_years, inactiveYears: l.inactive_years, activeUntil, inactiveUntil, finalFate: l.final_fate, phase };
}

export function letterView(l: store.LetterRow, on: string) {
  return {
    id: l.id,
    direction: l.direction,
    kind: l.kind,
    status: l.status,
    unit: { id: l.unit_id, name: l.unit_name },
    agendaNumber: l.agenda_number,
    number: l.number,
    subject: l.subject,
    sender: l.sender,
    recipient: l.recipient,
    letterDate: l.letter_date,
    receivedOn: l.received_on,
    classification: { code: l.classification_code, name: l.classification_name },
    confidentiality: l.confidentiality,
    urgency: l.urgency,
    body: l.body,
    copies: l.copies,
    copyUnitIds: l.copy_unit_ids,
    isCopy: l.is_copy,
    toUnitId: l.to_unit_id,
    drafterId: l.drafter_id,
    verifierId: l.verifier_id,
    signerId: l.signer_id,
    reviewNote: l.review_note,
    file: l.file_key ? { name: l.file_name, type: l.file_type, sha256: l.file_sha256, size: l.file_size } : null,
    signed: l.signed_at ? { at: l.signed_at, name: l.signer_name, title: l.signer_title, delegation: l.delegation, verifyCode: l.verify_code } : null,
    retention: retentionOf(l, on),
    createdAt: l.created_at,
  };
}

export function dispositionView(d: store.DispositionRow) {
  return {
    id: d.id,
    letterId: d.letter_id,
    parentId: d.parent_id,
    from: { id: d.from_user_id, name: d.from_name },
    to: { id: d.to_user_id, name: d.to_name },
    instruction: d.instruction,
    dueOn: d.due_on,
    status: d.status,
    delegation: d.delegation,
    readAt: d.read_at,
    doneAt: d.done_at,
    note: d.note,
    createdAt: d.created_at,
  };
}
