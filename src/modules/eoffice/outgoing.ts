/** Outgoing letters and nota dinas from templates: drafted, submitted to a verifier, approved to the signer or returned. */
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { letterDetail } from "./archive.ts";
import { type EoCtx, letterOr404, refused, requireStaff, today, unitFor } from "./common.ts";
import { checkClassification } from "./incoming.ts";
import * as store from "./store.ts";
import * as refs from "./refs.ts";

/** Templates per Tata Naskah Dinas: the kind of letter and the body's opening and closing paragraphs. */
export const TEMPLATES = [
  {
    key: "surat-dinas",
    kind: "surat" as const,
    name: "Surat Dinas",
    body: "Dengan hormat,\n\n{isi}\n\nDemikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
  },
  {
    key: "undangan",
    kind: "surat" as const,
    name: "Surat Undangan",
    body: "Dengan hormat, kami mengundang Bapak/Ibu untuk hadir pada:\n\n{isi}\n\nMengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.",
  },
  {
    key: "nota-dinas",
    kind: "nota_dinas" as const,
    name: "Nota Dinas",
    body: "{isi}\n\nDemikian disampaikan, mohon arahan lebih lanjut.",
  },
];

export interface DraftInput {
  unitId?: string;
  template: string;
  subject: string;
  content: string;
  recipient: string;
  toUnitId?: string;
  copies?: string[];
  copyUnitIds?: string[];
  classificationCode: string;
  confidentiality: "biasa" | "terbatas" | "rahasia" | "sangat_rahasia";
  urgency: "biasa" | "segera" | "sangat_segera";
  verifierId: string;
  signerId: string;
}

async function staffOrRefuse(q: Queryable, ctx: EoCtx, unitId: string, userId: string, field: string) {
  const s = await refs.staffInUnit(q, ctx.tenant.id, unitId, userId);
  if (!s) throw refused("recipient-outside-unit", 400, "Harus staf unit ini", "Must be staff of this unit", field);
  return s;
}

export async function createDraft(ctx: EoCtx, input: DraftInput) {
  const actor = requireStaff(ctx);
  const unitId = unitFor(actor, "eoffice.use", input.unitId);
  const t = TEMPLATES.find((x) => x.key === input.template);
  if (!t) throw refused("template-unknown", 400, "Templat tidak dikenal", "Unknown template", "template");
  await checkClassification(ctx.db, input.classificationCode);
  const id = await ctx.db.tx(async (q) => {
    const unit = await refs.unit(q, ctx.tenant.id, unitId);
    await staffOrRefuse(q, ctx, unitId, input.verifierId, "verifierId");
    await staffOrRefuse(q, ctx, unitId, input.signerId, "signerId");
    for (const [field, target] of [["toUnitId", input.toUnitId], ...(input.copyUnitIds ?? []).map((u) => ["copyUnitIds", u])] as [
      string,
      string | undefined,
    ][]) {
      if (target && (target === unitId || !(await refs.unit(q, ctx.tenant.id, target))))
        throw refused(
          "unit-invalid",
          400,
          "Unit tujuan tidak dikenal atau sama dengan unit pengirim",
          "Unknown destination unit, or the sending unit itself",
          field,
        );
    }
    const id = await store.insertLetter(q, {
      tenantId: ctx.tenant.id,
      unitId,
      direction: "outgoing",
      kind: t.kind,
      status: "draft",
      subject: input.subject,
      sender: unit?.name ?? "",
      recipient: input.recipient,
      letterDate: today(ctx.tenant),
      classificationCode: input.classificationCode,
      confidentiality: input.confidentiality,
      urgency: input.urgency,
      body: t.body.replace("{isi}", input.content.trim()),
      copies: input.copies ?? [],
      copyUnitIds: input.copyUnitIds ?? [],
      toUnitId: input.toUnitId ?? null,
      drafterId: actor.userId,
      verifierId: input.verifierId,
      signerId: input.signerId,
      createdBy: actor.userId,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "eoffice.draft-created",
      subjectType: "eoffice_letter",
      subjectId: id,
      data: { unit: unitId, template: t.key, classification: input.classificationCode, verifier: input.verifierId, signer: input.signerId },
    });
    return id;
  });
  return letterDetail(ctx, id);
}

async function step(ctx: EoCtx, id: string, check: (l: store.LetterRow, actorId: string) => void, from: string, to: string, action: string, note?: string) {
  const actor = requireStaff(ctx);
  await ctx.db.tx(async (q) => {
    const l = letterOr404(await store.getLetter(q, ctx.tenant.id, id, true));
    check(l, actor.userId);
    if (!(await store.setLetterStatus(q, ctx.tenant.id, id, [from], to, note !== undefined ? { reviewNote: note } : {})))
      throw refused("letter-state", 409, `Surat berstatus ${l.status}`, `The letter is ${l.status}`);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action,
      subjectType: "eoffice_letter",
      subjectId: id,
      data: { from, to, note: note ?? null },
    });
  });
  return letterDetail(ctx, id);
}

/** The drafter sends the draft to its verifier. */
export const submitDraft = (ctx: EoCtx, id: string) =>
  step(
    ctx,
    id,
    (l, me) => {
      if (l.drafter_id !== me) throw refused("not-drafter", 403, "Hanya penyusun konsep yang mengajukannya", "Only the drafter submits the draft");
    },
    "draft",
    "verification",
    "eoffice.draft-submitted",
  );

/** The verifier approves (on to the signer) or returns the draft with a note. */
export const reviewDraft = (ctx: EoCtx, id: string, decision: "approve" | "return", note?: string) =>
  step(
    ctx,
    id,
    (l, me) => {
      if (l.verifier_id !== me) throw refused("not-verifier", 403, "Hanya verifikator surat ini yang memeriksanya", "Only this letter's verifier reviews it");
      if (decision === "return" && !note?.trim()) throw refused("required", 400, "Tulis alasan pengembalian", "Say why the draft is returned", "note");
    },
    "verification",
    decision === "approve" ? "signing" : "draft",
    decision === "approve" ? "eoffice.draft-approved" : "eoffice.draft-returned",
    note ?? "",
  );
