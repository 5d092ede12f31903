/**
 * Heavy libraries a process may never need loaded on first use, not at start-up: each costs 20–40 MB resident
 * (measured one by one over a bare Node: ExcelJS +38, sharp +22, pdf-lib with fontkit +50, nodemailer +23, the AWS
 * S3 client +33). An idle Balai process then stays small; the first export, upload or letter pays the load once.
 */
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
};

export const loadExcel = once(async () => (await import("exceljs")).default);
export const loadSharp = once(async () => (await import("sharp")).default);
export const loadPdfLib = once(() => import("pdf-lib"));
/** The QR encoder (letters, parking cards) and @signpdf's pdf-lib placeholder: with pdf-lib, ~20 MiB resident. */
export const loadQrCode = once(async () => (await import("qrcode")).default);
export const loadPdfPlaceholder = once(() => import("@signpdf/placeholder-pdf-lib"));
export const loadNodemailer = once(async () => (await import("nodemailer")).default);
