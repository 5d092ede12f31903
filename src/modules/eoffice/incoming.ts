/** Incoming letters (surat masuk): registered by the unit's secretariat with the scan of the paper letter. */
import { audit } from "../../platform/audit.ts";
import { can } from "../../platform/auth/roles.ts";
import { checkUpload, newStorageKey } from "../../platform/files.ts";
import { type EoCtx, letterOr404, refused, requireStaff, today, unitFor } from "./common.ts";
import { letterDetail } from "./archive.ts";
import * as store from "./store.ts";

export interface IncomingInput {
  unitId?: string;
  kind?: "surat" | "nota_dinas";
  number: string;
  subject: string;
  sender: string;
  letterDate: string;
  receivedOn?: string;
  classificationCode: string;
  confidentiality: "biasa" | "terbatas" | "rahasia" | "sangat_rahasia";
  urgency: "biasa" | "segera" | "sangat_segera";
}

export const SCAN_TYPES = ["application/pdf", "image/jpeg", "image/png"];
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;

export async function checkClassification(q: EoCtx["db"], code: string) {
  const k = await store.classification(q, code);
  if (!k)
    throw refused(
      "classification-unknown",
      400,
      `Kode klasifikasi ${code} tidak ada dalam JRA`,
      `Classification code ${code} is not in the retention schedule`,
      "classificationCode",
    );
  return k;
}

/** Registers an incoming letter and gives it the unit's next agenda number for the year. */
export async function registerIncoming(ctx: EoCtx, input: IncomingInput) {
  const actor = requireStaff(ctx);
  const unitId = unitFor(actor, "eoffice.register", input.unitId);
  const on = today(ctx.tenant);
  const receivedOn = input.receivedOn ?? on;
  if (input.letterDate > receivedOn)
    throw refused(
      "date-after-received",
      400,
      "Tanggal surat tidak boleh setelah tanggal diterima",
      "The letter's date cannot be after the day it was received",
      "letterDate",
    );
  await checkClassification(ctx.db, input.classificationCode);
  const id = await ctx.db.tx(async (q) => {
    const agenda = await store.nextSeq(q, ctx.tenant.id, `agenda|${unitId}`, Number(receivedOn.slice(0, 4)));
    const id = await store.insertLetter(q, {
      tenantId: ctx.tenant.id,
      unitId,
      direction: "incoming",
      kind: input.kind ?? "surat",
      status: "registered",
      agendaNumber: agenda,
      number: input.number,
      subject: input.subject,
      sender: input.sender,
      recipient: "",
      letterDate: input.letterDate,
      receivedOn,
      classificationCode: input.classificationCode,
      confidentiality: input.confidentiality,
      urgency: input.urgency,
      createdBy: actor.userId,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "eoffice.letter-registered",
      subjectType: "eoffice_letter",
      subjectId: id,
      data: { unit: unitId, agenda, classification: input.classificationCode, confidentiality: input.confidentiality },
    });
    return id;
  });
  return letterDetail(ctx, id);
}

/** Attaches (or replaces) the scan of a registered letter: PDF, JPEG or PNG, checked by content. */
export async function attachScan(ctx: EoCtx, id: string, upload: { filename: string; bytes: Buffer }) {
  const actor = requireStaff(ctx);
  const checked = await checkUpload(upload.bytes, upload.filename, SCAN_TYPES, MAX_SCAN_BYTES);
  const key = newStorageKey(ctx.tenant.id);
  await ctx.db.tx(async (q) => {
    const l = letterOr404(await store.getLetter(q, ctx.tenant.id, id, true));
    if (l.direction !== "incoming" || !can(actor, "eoffice.register", [l.unit_id]))
      throw refused("not-registrar", 403, "Hanya sekretariat unit yang melampirkan pindaian", "Only the unit's secretariat attaches the scan");
    await ctx.files.put(key, checked.bytes);
    await store.setFile(q, ctx.tenant.id, id, { key, name: checked.filename, type: checked.contentType, sha256: checked.sha256, size: checked.bytes.length });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "eoffice.scan-attached",
      subjectType: "eoffice_letter",
      subjectId: id,
      data: { sha256: checked.sha256, size: checked.bytes.length, type: checked.contentType },
    });
  });
  return letterDetail(ctx, id);
}
