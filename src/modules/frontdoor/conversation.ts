/**
 * The WhatsApp conversation, one per phone number (docs/whatsapp-front-door.md): LAPOR → category by number →
 * description → shared location → optional photo → YA, filed through e-Lapor; STATUS <nomor> at any time; BATAL
 * ends a conversation. Replies are short Bahasa Indonesia texts queued in the notification outbox.
 */
import type { Logger } from "pino";
import { audit } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import type { FileStore } from "../../platform/files.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import { REPLY_TEMPLATE, type WhatsAppConfig } from "../../platform/notify/whatsapp.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { normalizePhone } from "../accounts/index.ts";
import { createReport, listCategories, uploadPhoto } from "../complaints/index.ts";
import { accountForPhone, reporterActor } from "./account.ts";
import { downloadMedia, MediaError } from "./media.ts";
import { statusAnswer, statusQuery } from "./status.ts";
import * as store from "./store.ts";
import type { InboundMessage } from "./webhook.ts";

export interface FrontdoorCtx {
  db: Db;
  tenant: Tenant;
  files: FileStore;
  publicUrl: string | undefined;
  /** The Cloud API account (media downloads); undefined: photos cannot be fetched. */
  whatsapp: WhatsAppConfig | undefined;
  timeoutMs: number;
  log: Logger;
}

/** A conversation left alone this long starts over (the 24-hour customer service window). */
const EXPIRES_MS = 24 * 3600_000;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MIN_DESCRIPTION = 10;
const MAX_DESCRIPTION = 4000;

export const HELP =
  "Selamat datang di layanan WhatsApp Balai.\n• Ketik LAPOR untuk menyampaikan laporan/pengaduan.\n• Ketik STATUS <nomor> untuk menanyakan status, contoh: STATUS SKD-2026-000001.";
const ASK_LOCATION = "Bagikan lokasinya: tekan ikon lampiran (📎) → Lokasi → Kirim lokasi Anda saat ini, atau pilih titik pada peta.";
const ASK_PHOTO = "Kirim satu foto kejadian (opsional), atau ketik LEWATI.";

const word = (text: string) =>
  text
    .trim()
    .toUpperCase()
    .replace(/[.!]+$/, "");

/** Handles one new inbound WhatsApp message (already claimed: never a redelivery). */
export async function handleMessage(ctx: FrontdoorCtx, msg: InboundMessage): Promise<void> {
  const phone = normalizePhone(`+${msg.from}`);
  const tenantId = ctx.tenant.id;
  const reply = (q: Queryable, body: string, userId: string | null = null) =>
    enqueueNotification(q, {
      tenantId,
      userId,
      channel: "whatsapp",
      recipient: `+${msg.from}`,
      template: REPLY_TEMPLATE,
      subject: ctx.tenant.name,
      body,
      // With an account the reply keeps no number on its row (read from the account at delivery), like e-Lapor's.
      sealed: !!userId,
    });
  const text = msg.body.kind === "text" ? msg.body.text : "";
  const cmd = word(text);

  const number = statusQuery(text);
  if (number) {
    const answer = await statusAnswer(ctx.db, ctx.tenant, number, phone, ctx.publicUrl);
    return ctx.db.tx((q) => reply(q, answer));
  }
  if (!phone) return ctx.db.tx((q) => reply(q, "Maaf, layanan ini hanya untuk nomor seluler Indonesia (+62 8…)."));

  let conv = await store.getConversation(ctx.db, tenantId, phone);
  if (conv && Date.now() - new Date(conv.updated_at).getTime() > EXPIRES_MS) conv = undefined;

  if (cmd === "BATAL") {
    return ctx.db.tx(async (q) => {
      await store.endConversation(q, tenantId, phone);
      await reply(q, conv ? "Laporan dibatalkan. Ketik LAPOR untuk memulai lagi." : HELP);
    });
  }
  if (cmd === "LAPOR" || cmd === "LAPOR!") {
    const categories = (await listCategories(ctx.db, tenantId)).sort((a, b) => a.spec.name.id.localeCompare(b.spec.name.id, "id"));
    if (!categories.length) return ctx.db.tx((q) => reply(q, "Maaf, layanan laporan belum tersedia."));
    const lines = categories.map((c, i) => `${i + 1}. ${c.spec.name.id.replace(/^Lapor:\s*/i, "")}`);
    return ctx.db.tx(async (q) => {
      await store.saveConversation(q, tenantId, phone, "category", { choices: categories.map((c) => c.key) });
      await reply(q, `Pilih kategori laporan dengan membalas nomornya:\n${lines.join("\n")}\n\nKetik BATAL untuk berhenti.`);
    });
  }
  if (!conv) return ctx.db.tx((q) => reply(q, HELP));

  const data = conv.data;
  switch (conv.step) {
    case "category": {
      const choices = data.choices ?? [];
      const n = /^\d{1,2}$/.test(cmd) ? Number(cmd) : 0;
      const key = choices[n - 1];
      if (!key) return ctx.db.tx((q) => reply(q, `Balas dengan nomor kategori 1–${choices.length}, atau BATAL.`));
      const cat = (await listCategories(ctx.db, tenantId)).find((c) => c.key === key);
      if (!cat) return ctx.db.tx((q) => reply(q, "Kategori itu tidak tersedia lagi. Ketik LAPOR untuk memulai lagi."));
      return ctx.db.tx(async (q) => {
        await store.saveConversation(q, tenantId, phone, "description", { category: key, categoryName: cat.spec.name.id });
        await reply(q, `Kategori: ${cat.spec.name.id}.\nCeritakan apa yang terjadi (minimal ${MIN_DESCRIPTION} huruf).`);
      });
    }
    case "description": {
      const d = text.trim();
      if (d.length < MIN_DESCRIPTION || d.length > MAX_DESCRIPTION)
        return ctx.db.tx((q) => reply(q, `Tuliskan uraian laporan dengan kata-kata (${MIN_DESCRIPTION}–${MAX_DESCRIPTION} huruf).`));
      return ctx.db.tx(async (q) => {
        await store.saveConversation(q, tenantId, phone, "location", { ...data, description: d });
        await reply(q, `Terima kasih. ${ASK_LOCATION}`);
      });
    }
    case "location": {
      if (msg.body.kind !== "location") return ctx.db.tx((q) => reply(q, ASK_LOCATION));
      const { lat, lon } = msg.body;
      return ctx.db.tx(async (q) => {
        await store.saveConversation(q, tenantId, phone, "photo", { ...data, lat, lon });
        await reply(q, `Lokasi diterima. ${ASK_PHOTO}`);
      });
    }
    case "photo": {
      if (msg.body.kind === "image") {
        const photo = await stagePhoto(ctx, phone, msg);
        if (typeof photo !== "string") return ctx.db.tx((q) => reply(q, photo.message));
        return confirmStep(ctx, phone, { ...data, photoId: photo }, reply);
      }
      if (["LEWATI", "TIDAK", "TIDAK ADA", "SKIP"].includes(cmd)) return confirmStep(ctx, phone, data, reply);
      return ctx.db.tx((q) => reply(q, ASK_PHOTO));
    }
    case "confirm": {
      if (["YA", "KIRIM", "Y", "OK"].includes(cmd)) return fileReport(ctx, phone, msg, data, reply);
      return ctx.db.tx((q) => reply(q, "Ketik YA untuk mengirim laporan, atau BATAL untuk membatalkan."));
    }
  }
}

type Reply = (q: Queryable, body: string, userId?: string | null) => Promise<void>;

function confirmStep(ctx: FrontdoorCtx, phone: string, data: store.ConversationData, reply: Reply) {
  const summary = [
    "Periksa laporan Anda:",
    `Kategori: ${data.categoryName}`,
    `Uraian: ${(data.description ?? "").slice(0, 300)}`,
    `Lokasi: ${data.lat?.toFixed(5)}, ${data.lon?.toFixed(5)}`,
    `Foto: ${data.photoId ? "1 foto" : "tidak ada"}`,
    "",
    "Ketik YA untuk mengirim, atau BATAL untuk membatalkan.",
  ].join("\n");
  return ctx.db.tx(async (q) => {
    await store.saveConversation(q, ctx.tenant.id, phone, "confirm", data);
    await reply(q, summary);
  });
}

/** Downloads the photo through the Graph API and stages it like a web upload; returns its id or what to tell the sender. */
async function stagePhoto(ctx: FrontdoorCtx, phone: string, msg: InboundMessage): Promise<string | { message: string }> {
  if (msg.body.kind !== "image") return { message: ASK_PHOTO };
  if (!ctx.whatsapp) return { message: "Maaf, foto belum dapat diterima saat ini. Ketik LEWATI untuk melanjutkan tanpa foto." };
  let media: Awaited<ReturnType<typeof downloadMedia>>;
  try {
    media = await downloadMedia(ctx.whatsapp, msg.body.mediaId, PHOTO_TYPES, MAX_PHOTO_BYTES, ctx.timeoutMs);
  } catch (err) {
    if (!(err instanceof MediaError)) throw err;
    ctx.log.warn({ reason: err.reason }, `whatsapp media not taken: ${err.message}`);
    const why =
      err.reason === "too-large" ? "terlalu besar (maksimal 10 MB)" : err.reason === "type" ? "bukan foto JPEG, PNG atau WebP" : "belum dapat diunduh";
    return { message: `Foto ${why}. Kirim foto lain, atau ketik LEWATI.` };
  }
  const user = await ctx.db.tx((q) => accountForPhone(q, ctx.tenant.id, phone, msg.profileName));
  const ext = media.contentType === "image/png" ? "png" : media.contentType === "image/webp" ? "webp" : "jpg";
  try {
    const staged = await uploadPhoto(
      { db: ctx.db, tenant: ctx.tenant, actor: reporterActor(user, ctx.tenant.id), files: ctx.files, publicUrl: ctx.publicUrl },
      `whatsapp-${msg.id.replace(/[^\w.-]/g, "").slice(-40)}.${ext}`,
      media.bytes,
    );
    return staged.id;
  } catch (err) {
    if (err instanceof AppError) return { message: "Foto tidak dapat dipakai. Kirim foto lain, atau ketik LEWATI." };
    throw err;
  }
}

async function fileReport(ctx: FrontdoorCtx, phone: string, msg: InboundMessage, data: store.ConversationData, reply: Reply) {
  const tenantId = ctx.tenant.id;
  try {
    const out = await ctx.db.tx(async (q) => {
      const user = await accountForPhone(q, tenantId, phone, msg.profileName);
      if (user.disabled_at) return { disabled: true as const };
      const created = await createReport(
        { db: ctx.db, tenant: ctx.tenant, actor: reporterActor(user, tenantId), files: ctx.files, publicUrl: ctx.publicUrl },
        {
          category: data.category ?? "",
          lat: data.lat ?? null,
          lon: data.lon ?? null,
          description: data.description ?? "",
          photoIds: data.photoId ? [data.photoId] : [],
        },
        q,
      );
      await audit(q, {
        tenantId,
        actorId: user.id,
        action: "frontdoor.report-filed",
        subjectType: "case",
        subjectId: created.id,
        data: { channel: "whatsapp" },
      });
      await store.endConversation(q, tenantId, phone);
      await reply(
        q,
        `Laporan Anda diterima dengan nomor ${created.number}.\nPantau perkembangannya: ${ctx.publicUrl ?? ""}/lacak/${created.trackingToken}\nAtau ketik STATUS ${created.number}. Kami akan mengabari Anda di sini.`,
        user.id,
      );
      return { disabled: false as const };
    });
    if (out.disabled) await ctx.db.tx((q) => reply(q, "Maaf, akun dengan nomor ini dinonaktifkan. Hubungi kantor Diskominfo."));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const field = err.fields?.[0];
    const { message, step } =
      err.status === 429
        ? { message: "Anda sudah mengirim banyak laporan dalam satu jam terakhir. Coba lagi nanti.", step: undefined }
        : field?.field === "lat" || field?.field === "lon"
          ? { message: `Lokasi itu di luar wilayah ${ctx.tenant.name}. ${ASK_LOCATION}`, step: "location" as const }
          : field?.field === "photoIds"
            ? { message: `Foto tidak ditemukan lagi. ${ASK_PHOTO}`, step: "photo" as const }
            : { message: "Laporan belum dapat dikirim. Ketik LAPOR untuk memulai lagi.", step: undefined };
    ctx.log.info({ code: err.code, field: field?.field }, "whatsapp report refused");
    await ctx.db.tx(async (q) => {
      if (step) await store.saveConversation(q, tenantId, phone, step, step === "photo" ? { ...data, photoId: undefined } : data);
      else await store.endConversation(q, tenantId, phone);
      await reply(q, message);
    });
  }
}
