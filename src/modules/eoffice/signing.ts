/**
 * Signing an outgoing letter (the named signer, or their Plt./Plh. with the delegation printed) with the platform's
 * electronic signature, numbering it by classification and unit, and sending it: into another OPD's inbox inside
 * Balai (and its copies' inboxes), or out as the signed PDF.
 */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newStorageKey } from "../../platform/files.ts";
import { type Letter, officialNip, previewLetter, roleTitle, signerFor, tanggalIndonesia, unlockSigner } from "../documents/index.ts";
import { letterDetail } from "./archive.ts";
import { type HeadRight, headRight } from "./authority.ts";
import { type EoCtx, letterOr404, refused, requireStaff, today } from "./common.ts";
import * as store from "./store.ts";
import * as refs from "./refs.ts";

const SIFAT: Record<string, string> = { biasa: "Biasa", terbatas: "Terbatas", rahasia: "Rahasia", sangat_rahasia: "Sangat Rahasia" };
export const verifyLink = (base: string | undefined, code: string) => `${(base ?? "").replace(/\/+$/, "")}/surat/verifikasi/${code}`;

/** "500.2/12/DISDAG/2026": classification code, the unit's sequence for that code and year, the unit, the year. */
export function letterNumber(classification: string, seq: number, unitCode: string, year: number) {
  return `${classification}/${seq}/${unitCode.split(".").pop()}/${year}`;
}

async function compose(
  q: Queryable,
  ctx: EoCtx,
  l: store.LetterRow,
  signer: { name: string; userId: string; right: HeadRight },
  number: string | null,
  code: string,
  at: Date,
): Promise<Letter> {
  const unit = await refs.unit(q, ctx.tenant.id, l.unit_id);
  const kop = [
    `Pemerintah ${ctx.tenant.name}`,
    ...(unit?.parent_kind && unit.parent_kind !== "pemda" && unit.parent_name ? [unit.parent_name] : []),
    l.unit_name,
  ];
  const paragraphs = (l.body ?? "")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const copies = l.copies.length ? [`Tembusan:\n${l.copies.map((c, i) => `${i + 1}. ${c}`).join("; ")}`] : [];
  return {
    kop,
    title: l.kind === "nota_dinas" ? "Nota Dinas" : "Surat Dinas",
    number: number ?? "… (diberikan saat ditandatangani)",
    body: [
      {
        rows: [
          ["Kepada", l.recipient],
          ["Sifat", SIFAT[l.confidentiality]],
          ["Hal", l.subject],
        ],
      },
      ...paragraphs,
      ...copies,
    ],
    place: ctx.tenant.name.replace(/^(Kota|Kabupaten)\s+/i, ""),
    date: tanggalIndonesia(at, ctx.tenant.timezone),
    signer: {
      title: roleTitle(signer.right.delegation?.role ?? "kepala", l.unit_name),
      name: signer.name,
      nip: await officialNip(q, ctx.tenant.id, signer.userId),
      delegation: signer.right.delegation ? { kind: signer.right.delegation.kind, principalName: signer.right.delegation.principalName } : null,
    },
    verifyUrl: verifyLink(ctx.baseUrl ?? ctx.config.publicUrl, code),
    preview: number === null,
  };
}

async function signRightOrRefuse(q: Queryable, ctx: EoCtx, l: store.LetterRow) {
  const actor = requireStaff(ctx);
  const right = await headRight(q, ctx.tenant, actor, l.unit_id, "eoffice.sign", l.signer_id);
  if (!right)
    throw refused(
      "not-signer",
      403,
      "Anda tidak berhak menandatangani surat ini (bukan penandatangan atau Plt./Plh.-nya)",
      "You may not sign this letter (not its signer or their deputy)",
    );
  return { actor, right };
}

/** The PDF as it will be signed (watermarked, no number), for the signer to read first. */
export async function previewOutgoing(ctx: EoCtx, id: string): Promise<Buffer> {
  await letterDetail(ctx, id);
  const l = letterOr404(await store.getLetter(ctx.db, ctx.tenant.id, id));
  if (l.direction !== "outgoing") throw notFound("letter-not-found");
  const actor = requireStaff(ctx);
  const right = (await headRight(ctx.db, ctx.tenant, actor, l.unit_id, "eoffice.sign", l.signer_id)) ?? { delegation: null };
  return previewLetter(await compose(ctx.db, ctx, l, { name: actor.name, userId: actor.userId, right }, null, "pratinjau", new Date()));
}

export async function signOutgoing(ctx: EoCtx, id: string, passphrase: string) {
  const first = letterOr404(await store.getLetter(ctx.db, ctx.tenant.id, id));
  const { actor } = await signRightOrRefuse(ctx.db, ctx, first);
  if (first.status !== "signing") throw refused("letter-state", 409, `Surat berstatus ${first.status}`, `The letter is ${first.status}`);
  // The key is unlocked before our transaction: a wrong passphrase is counted even though nothing is signed.
  const session = await unlockSigner({ ...ctx, signer: signerFor(ctx.config) }, passphrase);
  await ctx.db.tx(async (q) => {
    const l = letterOr404(await store.getLetter(q, ctx.tenant.id, id, true));
    if (l.status !== "signing") throw refused("letter-state", 409, `Surat berstatus ${l.status}`, `The letter is ${l.status}`);
    const { right } = await signRightOrRefuse(q, ctx, l);
    const at = new Date();
    const year = Number(today(ctx.tenant).slice(0, 4));
    const seq = await store.nextSeq(q, ctx.tenant.id, `out|${l.unit_id}|${l.classification_code}`, year);
    const number = letterNumber(l.classification_code, seq, l.unit_code, year);
    const code = randomBytes(12).toString("base64url");
    const letter = await compose(q, ctx, l, { name: actor.name, userId: actor.userId, right }, number, code, at);
    const signed = await session.sign(letter, { reason: `${letter.title} nomor ${number}`, location: letter.place, signingTime: at });
    const key = newStorageKey(ctx.tenant.id);
    await ctx.files.put(key, signed.pdf);
    await store.setFile(q, ctx.tenant.id, id, {
      key,
      name: `${number.replace(/[^\w]+/g, "-")}.pdf`,
      type: "application/pdf",
      sha256: signed.sha256,
      size: signed.pdf.length,
    });
    const signerTitle = `${right.delegation ? `${right.delegation.kind === "plt" ? "Plt." : "Plh."} ` : ""}${letter.signer.title}`;
    await store.markSigned(q, ctx.tenant.id, id, {
      number,
      signedBy: actor.userId,
      signerName: actor.name,
      signerTitle,
      delegation: right.delegation
        ? { kind: right.delegation.kind, principalId: right.delegation.principalId, principalName: right.delegation.principalName }
        : null,
      verifyCode: code,
      signedAt: at,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "eoffice.letter-signed",
      subjectType: "eoffice_letter",
      subjectId: id,
      data: { number, sha256: signed.sha256, signer: signed.signerKind, certificate: signed.certificateId, delegation: right.delegation },
    });
  });
  return letterDetail(ctx, id);
}

/** Sends a signed letter: a copy into the destination unit's and each tembusan unit's incoming letters inside Balai. */
export async function sendOutgoing(ctx: EoCtx, id: string) {
  const actor = requireStaff(ctx);
  const detail = await letterDetail(ctx, id);
  if (!detail.can.send) {
    if (detail.status !== "signed") throw refused("letter-state", 409, `Surat berstatus ${detail.status}`, `The letter is ${detail.status}`);
    throw refused("not-sender", 403, "Hanya penyusun, penanda tangan atau sekretariat yang mengirim", "Only the drafter, the signer or the secretariat sends");
  }
  await ctx.db.tx(async (q) => {
    const l = letterOr404(await store.getLetter(q, ctx.tenant.id, id, true));
    if (!(await store.setLetterStatus(q, ctx.tenant.id, id, ["signed"], "sent"))) throw new AppError("letter-state", 409);
    const delivered: string[] = [];
    const targets = [...(l.to_unit_id ? [{ unitId: l.to_unit_id, copy: false }] : []), ...l.copy_unit_ids.map((u) => ({ unitId: u, copy: true }))];
    const on = today(ctx.tenant);
    for (const t of targets) {
      const agenda = await store.nextSeq(q, ctx.tenant.id, `agenda|${t.unitId}`, Number(on.slice(0, 4)));
      delivered.push(
        await store.insertLetter(q, {
          tenantId: ctx.tenant.id,
          unitId: t.unitId,
          direction: "incoming",
          kind: l.kind,
          status: "registered",
          agendaNumber: agenda,
          number: l.number,
          subject: l.subject,
          sender: l.unit_name,
          recipient: l.recipient,
          letterDate: l.letter_date,
          receivedOn: on,
          classificationCode: l.classification_code,
          confidentiality: l.confidentiality,
          urgency: l.urgency,
          isCopy: t.copy,
          sourceLetterId: l.id,
          file: l.file_key
            ? { key: l.file_key, name: l.file_name ?? "surat.pdf", type: "application/pdf", sha256: l.file_sha256 ?? "", size: l.file_size ?? 0 }
            : null,
          createdBy: actor.userId,
        }),
      );
    }
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "eoffice.letter-sent",
      subjectType: "eoffice_letter",
      subjectId: id,
      data: { delivered },
    });
  });
  return letterDetail(ctx, id);
}

/** Public check of a signed letter's code (the QR link): what was signed, by whom; the subject only for Biasa letters. */
export async function verifyCode(ctx: Pick<EoCtx, "db" | "tenant">, code: string) {
  const l = await store.letterByCode(ctx.db, ctx.tenant.id, code);
  if (!l) throw notFound("letter-not-found");
  return {
    number: l.number,
    kind: l.kind,
    unit: l.unit_name,
    subject: l.confidentiality === "biasa" ? l.subject : null,
    signedAt: l.signed_at,
    signer: { name: l.signer_name, title: l.signer_title },
    sha256: l.file_sha256,
  };
}
