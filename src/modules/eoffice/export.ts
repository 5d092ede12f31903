/**
 * Export of one letter for SRIKANDI's records: a ZIP holding `metadata.json` (the naskah's metadata in SRIKANDI's
 * vocabulary, its dispositions and its retention per the JRA) and the letter's file. Shape and sources: docs/eoffice.md.
 */
import JSZip from "jszip";
import { letterDetail } from "./archive.ts";
import type { EoCtx } from "./common.ts";
import * as store from "./store.ts";

const FATE: Record<string, string> = { musnah: "Musnah", permanen: "Permanen", dinilai_kembali: "Dinilai Kembali" };
const SECURITY: Record<string, string> = { biasa: "Biasa", terbatas: "Terbatas", rahasia: "Rahasia", sangat_rahasia: "Sangat Rahasia" };
const URGENCY: Record<string, string> = { biasa: "Biasa", segera: "Segera", sangat_segera: "Sangat Segera" };

export async function exportLetter(ctx: EoCtx, id: string): Promise<{ zip: Buffer; name: string }> {
  const d = await letterDetail(ctx, id);
  const l = (await store.getLetter(ctx.db, ctx.tenant.id, id)) as store.LetterRow;
  const metadata = {
    format: "balai-eoffice-srikandi/1",
    instansi: `Pemerintah ${ctx.tenant.name}`,
    unit_kerja: d.unit.name,
    naskah: {
      id: d.id,
      jenis_naskah: d.kind === "nota_dinas" ? "Nota Dinas" : "Surat Dinas",
      arah: d.direction === "incoming" ? "Naskah Masuk" : "Naskah Keluar",
      nomor_naskah: d.number,
      nomor_agenda: d.agendaNumber,
      tanggal_naskah: d.letterDate,
      tanggal_diterima: d.receivedOn,
      hal: d.subject,
      asal_naskah: d.sender,
      tujuan: d.recipient || d.unit.name,
      tembusan: d.copies,
      kode_klasifikasi: d.classification.code,
      uraian_klasifikasi: d.classification.name,
      klasifikasi_keamanan: SECURITY[d.confidentiality],
      tingkat_urgensi: URGENCY[d.urgency],
      isi_ringkas: d.body,
      penandatangan: d.signed
        ? { nama: d.signed.name, jabatan: d.signed.title, waktu: d.signed.at, kode_verifikasi: d.signed.verifyCode, delegasi: d.signed.delegation }
        : null,
    },
    retensi: {
      retensi_aktif_tahun: d.retention.activeYears,
      retensi_inaktif_tahun: d.retention.inactiveYears,
      aktif_sampai: d.retention.activeUntil,
      inaktif_sampai: d.retention.inactiveUntil,
      keterangan_penyusutan: FATE[d.retention.finalFate],
    },
    disposisi: d.dispositions.map((x) => ({
      id: x.id,
      induk: x.parentId,
      dari: x.from.name,
      kepada: x.to.name,
      instruksi: x.instruction,
      batas_waktu: x.dueOn,
      status: x.status,
      dibuat: x.createdAt,
      dibaca: x.readAt,
      selesai: x.doneAt,
      catatan: x.note,
      delegasi: x.delegation,
    })),
    berkas: l.file_key ? [{ nama: l.file_name, mime: l.file_type, sha256: l.file_sha256, ukuran: l.file_size }] : [],
  };
  const zip = new JSZip();
  zip.file("metadata.json", JSON.stringify(metadata, null, 2));
  if (l.file_key && l.file_name) zip.file(l.file_name, await ctx.files.get(l.file_key));
  const name = `naskah-${(d.number ?? d.id).replace(/[^\w]+/g, "-")}.zip`;
  return { zip: await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }), name };
}
