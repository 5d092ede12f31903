/**
 * Dispositions: the head disposes an incoming letter to staff of the unit with an instruction and a deadline; the
 * recipient reads it, then forwards it on or finishes it (penyelesaian); the sender may cancel it while unread.
 * Each step locks the letter, checks the state in the UPDATE itself and is audited in the same transaction.
 */
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import { letterDetail } from "./archive.ts";
import { headRight } from "./authority.ts";
import { dispositionView, type EoCtx, letterOr404, refused, requireStaff, today } from "./common.ts";
import * as store from "./store.ts";
import * as refs from "./refs.ts";

export interface DispositionInput {
  to: string;
  instruction: string;
  dueOn?: string;
}

async function checkRecipient(q: Queryable, ctx: EoCtx, l: store.LetterRow, input: DispositionInput, fromUserId: string) {
  if (input.dueOn && input.dueOn < today(ctx.tenant))
    throw refused("due-in-past", 400, "Batas waktu tidak boleh sebelum hari ini", "The deadline cannot be before today", "dueOn");
  if (input.to === fromUserId)
    throw refused("disposition-to-self", 400, "Disposisi tidak dapat ditujukan kepada diri sendiri", "A disposition cannot go to yourself", "to");
  const to = await refs.staffInUnit(q, ctx.tenant.id, l.unit_id, input.to);
  if (!to)
    throw refused("recipient-outside-unit", 400, `Disposisi hanya kepada staf ${l.unit_name}`, `A disposition can only go to staff of ${l.unit_name}`, "to");
  return to;
}

/** An e-mail to the recipient, in the same transaction; a confidential letter's subject stays out of the mail. */
async function notifyRecipient(q: Queryable, ctx: EoCtx, l: store.LetterRow, to: { id: string; email: string | null }, from: string, input: DispositionInput) {
  if (!to.email) return;
  const hal = l.confidentiality === "biasa" ? l.subject : `(surat ${l.confidentiality.replace("_", " ")})`;
  const link = `${(ctx.baseUrl ?? ctx.config.publicUrl ?? "").replace(/\/+$/, "")}/konsol/surat/${l.id}`;
  await enqueueNotification(q, {
    tenantId: ctx.tenant.id,
    userId: to.id,
    channel: "email",
    recipient: to.email,
    template: "eoffice.disposition",
    subject: `Disposisi: ${hal}`,
    body: [
      `${from} mendisposisikan surat kepada Anda: ${hal}.`,
      `Instruksi: ${input.instruction}`,
      input.dueOn ? `Batas waktu: ${input.dueOn}` : "",
      `Buka: ${link}`,
    ]
      .filter(Boolean)
      .join("\n"),
  });
}

async function record(q: Queryable, ctx: EoCtx, actorId: string, action: string, id: string, data: Record<string, unknown>) {
  await audit(q, { tenantId: ctx.tenant.id, actorId, action, subjectType: "eoffice_disposition", subjectId: id, data });
}

/** The head (or their Plt./Plh.) disposes an incoming letter. */
export async function dispose(ctx: EoCtx, letterId: string, input: DispositionInput) {
  const actor = requireStaff(ctx);
  const id = await ctx.db.tx(async (q) => {
    const l = letterOr404(await store.getLetter(q, ctx.tenant.id, letterId, true));
    if (l.direction !== "incoming") throw refused("not-incoming", 409, "Hanya surat masuk yang didisposisikan", "Only incoming letters are disposed");
    const right = await headRight(q, ctx.tenant, actor, l.unit_id, "eoffice.dispose");
    if (!right)
      throw refused(
        "not-head",
        403,
        `Hanya pimpinan ${l.unit_name} (atau Plt./Plh.) yang mendisposisikan`,
        `Only the head of ${l.unit_name} (or their deputy) disposes`,
      );
    if (l.status === "finished") throw refused("letter-finished", 409, "Surat sudah selesai", "The letter is finished");
    const to = await checkRecipient(q, ctx, l, input, actor.userId);
    const delegation = right.delegation ? { kind: right.delegation.kind, principalName: right.delegation.principalName } : null;
    const id = await store.insertDisposition(q, {
      tenantId: ctx.tenant.id,
      letterId,
      parentId: null,
      unitId: l.unit_id,
      fromUserId: actor.userId,
      toUserId: to.id,
      instruction: input.instruction,
      dueOn: input.dueOn ?? null,
      delegation,
    });
    if (l.status === "registered") await store.setLetterStatus(q, ctx.tenant.id, letterId, ["registered"], "disposed");
    await notifyRecipient(q, ctx, l, to, actor.name, input);
    await record(q, ctx, actor.userId, "eoffice.disposition-created", id, {
      letter: letterId,
      to: to.id,
      dueOn: input.dueOn ?? null,
      delegation: right.delegation,
    });
    return id;
  });
  return dispositionView((await store.getDisposition(ctx.db, ctx.tenant.id, id)) as store.DispositionRow);
}

/** A disposition addressed to the actor, with its letter locked (the letter first, as every writer does). */
async function mine(q: Queryable, ctx: EoCtx, actorId: string, id: string) {
  const d = await store.getDisposition(q, ctx.tenant.id, id);
  if (!d) throw notFound("disposition-not-found");
  const l = letterOr404(await store.getLetter(q, ctx.tenant.id, d.letter_id, true));
  return { d, l, own: d.to_user_id === actorId };
}

const stale = (d: store.DispositionRow) => conflict("disposition-state", { detail: `Disposisi berstatus ${d.status} / The disposition is ${d.status}` });

export async function markRead(ctx: EoCtx, id: string) {
  const actor = requireStaff(ctx);
  await ctx.db.tx(async (q) => {
    const { d, own } = await mine(q, ctx, actor.userId, id);
    if (!own) throw notFound("disposition-not-found");
    if (await store.stepDisposition(q, ctx.tenant.id, id, ["unread"], "read"))
      await record(q, ctx, actor.userId, "eoffice.disposition-read", id, { letter: d.letter_id });
  });
  return dispositionView((await store.getDisposition(ctx.db, ctx.tenant.id, id)) as store.DispositionRow);
}

/** The recipient passes the letter on to another staff member of the unit. */
export async function forward(ctx: EoCtx, id: string, input: DispositionInput) {
  const actor = requireStaff(ctx);
  const childId = await ctx.db.tx(async (q) => {
    const { d, l, own } = await mine(q, ctx, actor.userId, id);
    if (!own) throw notFound("disposition-not-found");
    const to = await checkRecipient(q, ctx, l, input, actor.userId);
    if (!(await store.stepDisposition(q, ctx.tenant.id, id, ["unread", "read"], "forwarded"))) throw stale(d);
    const childId = await store.insertDisposition(q, {
      tenantId: ctx.tenant.id,
      letterId: d.letter_id,
      parentId: id,
      unitId: l.unit_id,
      fromUserId: actor.userId,
      toUserId: to.id,
      instruction: input.instruction,
      dueOn: input.dueOn ?? null,
      delegation: null,
    });
    await notifyRecipient(q, ctx, l, to, actor.name, input);
    await record(q, ctx, actor.userId, "eoffice.disposition-forwarded", id, { letter: d.letter_id, next: childId, to: to.id });
    return childId;
  });
  return dispositionView((await store.getDisposition(ctx.db, ctx.tenant.id, childId)) as store.DispositionRow);
}

/** Penyelesaian: the recipient reports the follow-up done; the letter is finished when no disposition is open. */
export async function finish(ctx: EoCtx, id: string, note: string) {
  const actor = requireStaff(ctx);
  await ctx.db.tx(async (q) => {
    const { d, own } = await mine(q, ctx, actor.userId, id);
    if (!own) throw notFound("disposition-not-found");
    if (!(await store.stepDisposition(q, ctx.tenant.id, id, ["unread", "read"], "finished", note))) throw stale(d);
    if ((await store.openDispositions(q, ctx.tenant.id, d.letter_id)) === 0)
      await store.setLetterStatus(q, ctx.tenant.id, d.letter_id, ["disposed"], "finished");
    await record(q, ctx, actor.userId, "eoffice.disposition-finished", id, { letter: d.letter_id, note });
  });
  return dispositionView((await store.getDisposition(ctx.db, ctx.tenant.id, id)) as store.DispositionRow);
}

/** The sender takes a disposition back while it is unread. */
export async function cancel(ctx: EoCtx, id: string) {
  const actor = requireStaff(ctx);
  await ctx.db.tx(async (q) => {
    const { d, l } = await mine(q, ctx, actor.userId, id);
    const sender = d.from_user_id === actor.userId || (!d.parent_id && (await headRight(q, ctx.tenant, actor, l.unit_id, "eoffice.dispose")));
    if (!sender) throw refused("not-sender", 403, "Hanya pengirim disposisi yang dapat membatalkannya", "Only the disposition's sender can cancel it");
    if (!(await store.stepDisposition(q, ctx.tenant.id, id, ["unread"], "cancelled")))
      throw refused(
        "disposition-already-read",
        409,
        "Disposisi sudah dibaca dan tidak dapat dibatalkan",
        "The disposition has been read and can no longer be cancelled",
      );
    // A forwarded parent whose only child is taken back is open again for its recipient.
    if (d.parent_id) await store.stepDisposition(q, ctx.tenant.id, d.parent_id, ["forwarded"], "read");
    await record(q, ctx, actor.userId, "eoffice.disposition-cancelled", id, { letter: d.letter_id });
  });
  return dispositionView((await store.getDisposition(ctx.db, ctx.tenant.id, id)) as store.DispositionRow);
}

/** The actor's dispositions (received), open first. */
export async function myDispositions(ctx: EoCtx, open: boolean) {
  const actor = requireStaff(ctx);
  return (await store.inbox(ctx.db, ctx.tenant.id, actor.userId, open)).map((d) => ({
    ...dispositionView(d),
    letter: {
      subject: d.subject,
      sender: d.sender,
      confidentiality: d.confidentiality,
      urgency: d.urgency,
      number: d.letter_number,
      agendaNumber: d.agenda_number,
    },
  }));
}

export { letterDetail };
