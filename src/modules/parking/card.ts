/** The jukir's printable ID card (ID-1 size, 85.6 × 54 mm): name, point, tariffs and the QR of the public page. */
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import QRCode from "qrcode";
import type { Queryable } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import * as store from "./store.ts";

const MM = 72 / 25.4;
const rupiah = (n: number) => `Rp${new Intl.NumberFormat("id-ID").format(n)}`;

export const jukirPageUrl = (origin: string, card: string) => `${origin.replace(/\/$/, "")}/jukir/${card}`;

export async function attendantCardPdf(q: Queryable, tenantId: string, attendantId: string, origin: string): Promise<Uint8Array> {
  const list = await store.attendants(q, tenantId);
  const a = list.find((x) => x.id === attendantId);
  if (!a) throw notFound("parking-attendant-unknown");
  const p = (await store.pointById(q, tenantId, a.point_id)) as store.PointRow;
  const doc = await PDFDocument.create();
  doc.setTitle(`Kartu jukir ${a.name}`);
  const page = doc.addPage([85.6 * MM, 54 * MM]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawRectangle({ x: 0, y: 54 * MM - 10 * MM, width: 85.6 * MM, height: 10 * MM, color: rgb(0.05, 0.33, 0.55) });
  page.drawText("JURU PARKIR RESMI", { x: 4 * MM, y: 54 * MM - 6.5 * MM, size: 10, font: bold, color: rgb(1, 1, 1) });
  page.drawText(a.name.slice(0, 28), { x: 4 * MM, y: 34 * MM, size: 11, font: bold });
  page.drawText(`${p.code} · ${p.name}`.slice(0, 40), { x: 4 * MM, y: 29 * MM, size: 7, font });
  let y = 24 * MM;
  for (const t of p.tariffs) {
    page.drawText(`${t.vehicle_type}: ${rupiah(Number(t.amount))}${t.mode === "hour" ? "/jam" : ""}`, { x: 4 * MM, y, size: 7, font });
    y -= 3.5 * MM;
  }
  page.drawText("Pindai QR: cek jukir & tarif, laporkan pungutan lebih.", { x: 4 * MM, y: 3 * MM, size: 5.5, font });
  const png = await QRCode.toBuffer(jukirPageUrl(origin, a.card_code), { margin: 1, width: 300, errorCorrectionLevel: "M" });
  const img = await doc.embedPng(png);
  page.drawImage(img, { x: 85.6 * MM - 30 * MM, y: 6 * MM, width: 27 * MM, height: 27 * MM });
  page.drawText(a.card_code.slice(0, 12), { x: 85.6 * MM - 30 * MM, y: 3 * MM, size: 5, font });
  return doc.save();
}
