/** The jukir's printable ID card (ID-1 size, 85.6 × 54 mm): name, point, tariffs and the QR of the public page. */
import { loadPdfLib, loadQrCode } from "../../platform/lazy.ts";
import type { Queryable } from "../../platform/db.ts";
import type { FileStore } from "../../platform/files.ts";
import { notFound } from "../../platform/errors.ts";
import * as store from "./store.ts";

const MM = 72 / 25.4;
const rupiah = (n: number) => `Rp${new Intl.NumberFormat("id-ID").format(n)}`;

export const jukirPageUrl = (origin: string, card: string) => `${origin.replace(/\/$/, "")}/jukir/${card}`;

export async function attendantCardPdf(q: Queryable, files: FileStore, tenantId: string, attendantId: string, origin: string): Promise<Uint8Array> {
  const list = await store.attendants(q, tenantId);
  const a = list.find((x) => x.id === attendantId);
  if (!a) throw notFound("parking-attendant-unknown");
  const p = (await store.pointById(q, tenantId, a.point_id)) as store.PointRow;
  const [{ PDFDocument, rgb, StandardFonts }, QRCode] = await Promise.all([loadPdfLib(), loadQrCode()]);
  const doc = await PDFDocument.create();
  doc.setTitle(`Kartu jukir ${a.name}`);
  const page = doc.addPage([85.6 * MM, 54 * MM]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawRectangle({ x: 0, y: 54 * MM - 10 * MM, width: 85.6 * MM, height: 10 * MM, color: rgb(0.05, 0.33, 0.55) });
  page.drawText("JURU PARKIR RESMI", { x: 4 * MM, y: 54 * MM - 6.5 * MM, size: 10, font: bold, color: rgb(1, 1, 1) });
  // The photo (when uploaded) on the left, the text beside it.
  const key = await store.photoKeyOfCard(q, tenantId, a.card_code);
  let x = 4 * MM;
  if (key) {
    const photo = await doc.embedJpg(await files.get(key));
    page.drawImage(photo, { x: 4 * MM, y: 14 * MM, width: 22 * MM, height: 22 * MM });
    x = 28 * MM;
  }
  page.drawText(a.name.slice(0, 19), { x, y: 38 * MM, size: 8.5, font: bold });
  page.drawText(p.code, { x, y: 33.5 * MM, size: 7, font: bold });
  // The point's name on up to two lines, broken between words.
  const words = p.name.split(" ");
  const lines = [""];
  for (const w of words) {
    const cur = lines[lines.length - 1];
    if (cur && font.widthOfTextAtSize(`${cur} ${w}`, 5.5) > 55.6 * MM - x - 2 * MM) lines.push(w);
    else lines[lines.length - 1] = cur ? `${cur} ${w}` : w;
  }
  for (const [i, l] of lines.slice(0, 2).entries()) page.drawText(l, { x, y: 30.5 * MM - i * 2.6 * MM, size: 5.5, font });
  let y = 23 * MM;
  for (const t of p.tariffs) {
    page.drawText(`${t.vehicle_type}: ${rupiah(Number(t.amount))}${t.mode === "hour" ? "/jam" : ""}`, { x, y, size: 7, font });
    y -= 3.5 * MM;
  }
  page.drawText("Pindai QR: cek jukir & tarif, laporkan pungutan lebih.", { x: 4 * MM, y: 3 * MM, size: 5.5, font });
  const png = await QRCode.toBuffer(jukirPageUrl(origin, a.card_code), { margin: 1, width: 300, errorCorrectionLevel: "M" });
  const img = await doc.embedPng(png);
  page.drawImage(img, { x: 85.6 * MM - 27 * MM, y: 8 * MM, width: 24 * MM, height: 24 * MM });
  page.drawText(a.card_code.slice(0, 12), { x: 85.6 * MM - 27 * MM, y: 6 * MM, size: 5, font });
  return doc.save();
}
