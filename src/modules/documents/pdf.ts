/**
 * Official letters as PDF (pdf-lib, A4, DejaVu fonts embedded as subsets so Indonesian text renders
 * everywhere), the visible signature block with a QR code, the PAdES signature field (the bytes reserved for the signature) and the CMS signature.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type fontkit from "@pdf-lib/fontkit";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import type { PDFDocument, PDFFont, PDFPage, rgb as Rgb } from "pdf-lib";
import { loadPdfLib, loadPdfPlaceholder, loadQrCode } from "../../platform/lazy.ts";
import type { CmsSigner } from "./cms.ts";

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
let fontBytes: { regular: Buffer; bold: Buffer } | undefined;
function fonts() {
  fontBytes ??= { regular: readFileSync(path.join(FONT_DIR, "DejaVuSans.ttf")), bold: readFileSync(path.join(FONT_DIR, "DejaVuSans-Bold.ttf")) };
  return fontBytes;
}

/**
 * fontkit with parsed fonts kept per process: parsing DejaVu for every letter was most of the rendering time.
 * Loaded with the first letter (its Unicode tables are ~30 MB resident), not at start-up.
 */
const parsed = new Map<Uint8Array, unknown>();
let fontkitLoaded: Promise<typeof fontkit> | undefined;
const cachedFontkit = () => {
  fontkitLoaded ??= import("@pdf-lib/fontkit").then(
    ({ default: fk }) =>
      ({
        create(data: Uint8Array, name?: string) {
          let font = parsed.get(data);
          if (!font) {
            font = fk.create(data, name);
            parsed.set(data, font);
          }
          return font;
        },
      }) as unknown as typeof fontkit,
  );
  return fontkitLoaded;
};

/** A4 in points, margins 2.5 cm left, 2 cm top/right/bottom (Tata Naskah Dinas practice). */
export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 70.87, right: 56.69, top: 56.69, bottom: 56.69 };

export interface LetterSigner {
  /** E.g. "Lurah 26 Ilir D. I"; the block prints it upper-case, after "Plt."/"Plh." when delegated. */
  title: string;
  delegation?: { kind: "plt" | "plh"; principalName: string } | null;
  name: string;
  nip?: string | null;
}

export interface Letter {
  /** Kop surat: "PEMERINTAH KOTA …" and the unit lines, top to bottom. */
  kop: string[];
  kopAddress?: string;
  title: string;
  number: string;
  /** Paragraphs of text, or a table of label/value rows. */
  body: Array<string | { rows: Array<[string, string]> }>;
  place: string;
  date: string;
  signer: LetterSigner;
  verifyUrl: string;
  /** A preview carries a watermark and no signature. */
  preview?: boolean;
}

export interface RenderedLetter {
  doc: PDFDocument;
  page: PDFPage;
  /** Where the visible signature block is: [x1, y1, x2, y2]. */
  signatureRect: [number, number, number, number];
}

const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
/** "23 November 2026" in the tenant's time zone. */
export function tanggalIndonesia(d: Date, timeZone = "Asia/Jakarta"): string {
  const [y, m, day] = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d).split("-");
  return `${Number(day)} ${MONTHS[Number(m) - 1]} ${y}`;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A simple vector emblem (shield) where a city's own logo would go. */
function drawEmblem(page: PDFPage, rgb: typeof Rgb, x: number, y: number, size: number) {
  const s = size / 100;
  page.drawSvgPath("M 0 0 L 100 0 L 100 55 C 100 85 50 100 50 100 C 50 100 0 85 0 55 Z", {
    x,
    y: y + size,
    scale: s,
    color: rgb(0.05, 0.35, 0.2),
    borderColor: rgb(0.75, 0.6, 0.1),
    borderWidth: 4,
  });
  page.drawSvgPath("M 50 15 L 60 40 L 87 40 L 65 56 L 73 82 L 50 66 L 27 82 L 35 56 L 13 40 L 40 40 Z", {
    x,
    y: y + size,
    scale: s,
    color: rgb(0.95, 0.8, 0.2),
  });
}

/** The QR code as vector squares (crisp at any zoom, no image decoding). */
function drawQr(page: PDFPage, rgb: typeof Rgb, qr: { modules: { size: number; get(r: number, c: number): unknown } }, x: number, y: number, size: number) {
  const n = qr.modules.size;
  const cell = size / (n + 2);
  let d = "";
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M ${c + 1} ${r + 1} h 1 v 1 h -1 Z `;
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  page.drawSvgPath(d, { x, y: y + size, scale: cell, color: rgb(0, 0, 0) });
}

export async function renderLetter(l: Letter): Promise<RenderedLetter> {
  // pdf-lib and the QR encoder load with the first letter, not at start-up (src/platform/lazy.ts).
  const [{ PDFDocument, rgb, degrees }, QRCode] = await Promise.all([loadPdfLib(), loadQrCode()]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(await cachedFontkit());
  const f = fonts();
  const regular = await doc.embedFont(f.regular, { subset: true });
  const bold = await doc.embedFont(f.bold, { subset: true });
  doc.setTitle(`${l.title} ${l.number}`);
  doc.setCreator("Balai");
  doc.setProducer("Balai (pdf-lib)");
  doc.setLanguage("id-ID");
  const width = A4.width - MARGIN.left - MARGIN.right;
  let page = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN.top;
  const ensure = (h: number) => {
    if (y - h < MARGIN.bottom + 30) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN.top;
    }
  };
  const center = (text: string, font: PDFFont, size: number, opts: { underline?: boolean; left?: number; w?: number } = {}) => {
    const left = opts.left ?? MARGIN.left;
    const w = opts.w ?? width;
    for (const line of wrap(text, font, size, w)) {
      const tw = font.widthOfTextAtSize(line, size);
      const x = left + (w - tw) / 2;
      y -= size * 1.25;
      page.drawText(line, { x, y, size, font });
      if (opts.underline) page.drawLine({ start: { x, y: y - 1.5 }, end: { x: x + tw, y: y - 1.5 }, thickness: 0.7 });
    }
  };

  // Kop surat: emblem left, lines centred beside it, double rule below.
  const emblem = 62;
  const top = y;
  drawEmblem(page, rgb, MARGIN.left, top - emblem, emblem);
  const kopLeft = MARGIN.left + emblem + 8;
  const kopWidth = width - emblem - 8;
  l.kop.forEach((line, i) => {
    center(line.toUpperCase(), bold, i === 0 ? 14 : i === l.kop.length - 1 ? 13 : 12, { left: kopLeft, w: kopWidth });
  });
  if (l.kopAddress) center(l.kopAddress, regular, 8.5, { left: kopLeft, w: kopWidth });
  y = Math.min(y, top - emblem) - 6;
  page.drawLine({ start: { x: MARGIN.left, y }, end: { x: A4.width - MARGIN.right, y }, thickness: 2 });
  page.drawLine({ start: { x: MARGIN.left, y: y - 3 }, end: { x: A4.width - MARGIN.right, y: y - 3 }, thickness: 0.6 });
  y -= 22;

  center(l.title.toUpperCase(), bold, 12, { underline: true });
  center(`Nomor: ${l.number}`, regular, 10.5);
  y -= 14;

  const size = 10.5;
  const lead = size * 1.5;
  for (const block of l.body) {
    if (typeof block === "string") {
      for (const line of wrap(block, regular, size, width)) {
        ensure(lead);
        y -= lead;
        page.drawText(line, { x: MARGIN.left, y, size, font: regular });
      }
    } else {
      const labelW = Math.min(150, Math.max(...block.rows.map(([k]) => regular.widthOfTextAtSize(k, size))) + 6);
      const valueX = MARGIN.left + 20 + labelW + 10;
      for (const [k, v] of block.rows) {
        const lines = wrap(v || "-", regular, size, A4.width - MARGIN.right - valueX);
        ensure(lead * lines.length);
        y -= lead;
        page.drawText(k, { x: MARGIN.left + 20, y, size, font: regular });
        page.drawText(":", { x: MARGIN.left + 20 + labelW, y, size, font: regular });
        lines.forEach((line, i) => {
          if (i > 0) y -= lead;
          page.drawText(line, { x: valueX, y, size, font: regular });
        });
      }
    }
    y -= size * 0.8;
  }

  // Place, date and the signature block, on the right half.
  const blockW = 230;
  const blockX = A4.width - MARGIN.right - blockW;
  ensure(230);
  y -= 10;
  const line = (text: string, font = regular, s = size) => {
    y -= s * 1.4;
    page.drawText(text, { x: blockX, y, size: s, font });
  };
  line(`${l.place}, ${l.date}`);
  const d = l.signer.delegation;
  const role = `${d ? `${d.kind === "plt" ? "Plt." : "Plh."} ` : ""}${l.signer.title.toUpperCase()}`;
  for (const t of wrap(role, bold, size, blockW)) line(t, bold);
  y -= 6;
  const boxTop = y;
  const qr = 64;
  const boxH = qr + 8;
  const box: [number, number, number, number] = [blockX, boxTop - boxH, blockX + blockW, boxTop];
  page.drawRectangle({ x: box[0], y: box[1], width: blockW, height: boxH, borderColor: rgb(0.2, 0.2, 0.2), borderWidth: 0.6 });
  drawQr(page, rgb, QRCode.create(l.verifyUrl, { errorCorrectionLevel: "M" }), blockX + 4, boxTop - 4 - qr, qr);
  const note = l.preview ? "PRATINJAU - belum ditandatangani" : "Ditandatangani secara elektronik";
  let ty = boxTop - 14;
  for (const t of wrap(note, bold, 8, blockW - qr - 16)) {
    page.drawText(t, { x: blockX + qr + 10, y: ty, size: 8, font: bold });
    ty -= 10;
  }
  for (const t of wrap("Pindai kode QR untuk memeriksa keaslian dokumen ini.", regular, 7, blockW - qr - 16)) {
    page.drawText(t, { x: blockX + qr + 10, y: ty, size: 7, font: regular });
    ty -= 9;
  }
  y = boxTop - boxH - 4;
  const nameW = bold.widthOfTextAtSize(l.signer.name, size);
  line(l.signer.name, bold);
  page.drawLine({ start: { x: blockX, y: y - 1.5 }, end: { x: blockX + Math.min(nameW, blockW), y: y - 1.5 }, thickness: 0.7 });
  if (l.signer.nip) line(`NIP. ${l.signer.nip}`);
  if (d) line(`a.n. ${d.principalName}`, regular, 8);

  // Footer on every page: how to check the document.
  const foot = `Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik. Periksa keaslian: ${l.verifyUrl}`;
  for (const p of doc.getPages()) {
    let fy = MARGIN.bottom - 14;
    for (const t of wrap(foot, regular, 7, width)) {
      p.drawText(t, { x: MARGIN.left, y: fy, size: 7, font: regular, color: rgb(0.3, 0.3, 0.3) });
      fy -= 9;
    }
    if (l.preview) {
      p.drawText("PRATINJAU", { x: 150, y: 380, size: 72, font: bold, color: rgb(0.85, 0.85, 0.85), opacity: 0.5, rotate: degrees(35) });
    }
  }
  return { doc, page, signatureRect: box };
}

export interface SignatureMeta {
  reason: string;
  location: string;
  name: string;
  /** The verification URL; verify.ts finds the document's code here. */
  contactInfo: string;
  signingTime: Date;
}

const ascii = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/[()\\]/g, "");

/** Adds the PAdES signature field over the visible block and saves the bytes to sign. */
export async function withSignatureField(r: RenderedLetter, meta: SignatureMeta, signatureLength?: number): Promise<Buffer> {
  const { pdflibAddPlaceholder } = await loadPdfPlaceholder();
  pdflibAddPlaceholder({
    ...(signatureLength ? { signatureLength } : {}),
    pdfPage: r.page,
    reason: ascii(meta.reason),
    location: ascii(meta.location),
    name: ascii(meta.name),
    contactInfo: ascii(meta.contactInfo),
    signingTime: meta.signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: r.signatureRect,
    appName: "Balai",
  });
  return Buffer.from(await r.doc.save({ useObjectStreams: false }));
}

/** Fills the reserved signature field of a PDF prepared by withSignatureField (or @signpdf's pdflibAddPlaceholder) with the CMS signature. */
export async function signPreparedPdf(pdf: Buffer, signer: CmsSigner): Promise<Buffer> {
  return new SignPdf().sign(pdf, signer);
}

export async function saveUnsigned(r: RenderedLetter): Promise<Buffer> {
  return Buffer.from(await r.doc.save());
}

// ---- reading signatures back --------------------------------------------------------------------

export interface FoundSignature {
  byteRange: [number, number, number, number];
  contents: Buffer;
  contactInfo: string | undefined;
  signedAt: Date | undefined;
}

function pdfDate(s: string | undefined): Date | undefined {
  const m = s && /D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return undefined;
  const tz = !m[7] || m[7] === "Z" ? "Z" : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, "").slice(3, 5)}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Every signature dictionary in the file (by its /ByteRange), in file order. */
export function findSignatures(pdf: Buffer): FoundSignature[] {
  const text = pdf.toString("latin1");
  const out: FoundSignature[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const br = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const [, b, c] = br;
    if (c <= b + 1 || c > pdf.length || text[b] !== "<" || text[c - 1] !== ">") continue;
    // The placeholder is zero-padded; the DER inside tells its real length.
    const contents = Buffer.from(text.slice(b + 1, c - 1), "hex");
    // The signature dictionary around this /ByteRange (pdf-lib writes it on one object).
    const objStart = text.lastIndexOf(" obj", m.index);
    const objEnd = text.indexOf("endobj", m.index);
    const dict = text.slice(objStart < 0 ? Math.max(0, m.index - 4000) : objStart, objEnd < 0 ? m.index + 4000 : objEnd).replace(/<[0-9A-Fa-f]{200,}>/, "");
    out.push({
      byteRange: br,
      contents,
      contactInfo: /\/ContactInfo\s*\(([^)]*)\)/.exec(dict)?.[1],
      signedAt: pdfDate(/\/M\s*\(([^)]*)\)/.exec(dict)?.[1]),
    });
  }
  return out;
}
