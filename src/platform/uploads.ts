import { assertStorable } from "./schemas.ts";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError, badRequest } from "./errors.ts";

/**
 * The one multipart reader. Every route that takes a file reads it here, so every upload fails the same way:
 * not multipart → 415 `unsupported-media-type`; no file → 400 with `{field: "file", code: "required"}`; larger than
 * the route's limit (while streaming, or after, see `checkUpload` in files.ts) → 413 `payload-too-large` with
 * `{field, code: "file-too-large", message: "Maks N MB / Max N MB"}`; more files than allowed → 400 with
 * `{field, code: "too-many-files"}` (or the route's own code).
 */
export interface Upload {
  filename: string;
  bytes: Buffer;
}

/** Registers @fastify/multipart once per app; each read passes its own limits. */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  if (!app.hasRequestDecorator("isMultipart")) await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
}

/** Upper bound of any single upload (the largest route limit); routes pass their own, smaller ones. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const sizeText = (bytes: number) => (bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** The error for a file over its limit: 413 problem+json with a field error, the same on every route. */
export function fileTooLarge(maxBytes: number, field = "file", message?: string): AppError {
  return new AppError("payload-too-large", 413, {
    fields: [{ field, code: "file-too-large", message: message ?? `Maks ${sizeText(maxBytes)} / Max ${sizeText(maxBytes)}` }],
  });
}

const codeOf = (err: unknown) => (err as { code?: string }).code;

function requireMultipart(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError("unsupported-media-type", 415);
}

/** Reads the single file of a multipart request (at most `maxBytes`). */
export async function readUpload(req: FastifyRequest, opts: { maxBytes: number; field?: string; tooLargeMessage?: string }): Promise<Upload> {
  requireMultipart(req);
  const field = opts.field ?? "file";
  const file = await req.file({ limits: { fileSize: opts.maxBytes, files: 1, fields: 5, parts: 6 } });
  if (!file) throw badRequest("validation-failed", { fields: [{ field, code: "required" }] });
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (err) {
    if (codeOf(err) === "FST_REQ_FILE_TOO_LARGE") throw fileTooLarge(opts.maxBytes, field, opts.tooLargeMessage);
    throw err;
  }
  // Names go to PostgreSQL: no NUL, no lone surrogates (400 field error, like every other string).
  assertStorable({ [field]: file.filename });
  return { filename: file.filename, bytes };
}

/**
 * Reads a multipart request with up to `maxFiles` files (each at most `maxBytes`) and the named text fields
 * (others are ignored). Too many files or parts → 400 with `tooManyCode` on the file field.
 */
export async function readParts(
  req: FastifyRequest,
  opts: { maxBytes: number; maxFiles: number; fields: string[]; field?: string; tooLargeMessage?: string; tooManyCode?: string },
): Promise<{ files: Upload[]; fields: Record<string, string> }> {
  requireMultipart(req);
  const field = opts.field ?? "file";
  const files: Upload[] = [];
  const values: Record<string, string> = {};
  try {
    // Two spare fields and parts, as before the reader was shared: clients may send a stray field.
    const limits = { fileSize: opts.maxBytes, files: opts.maxFiles, fields: opts.fields.length + 2, parts: opts.maxFiles + opts.fields.length + 2 };
    for await (const part of req.parts({ limits })) {
      if (part.type === "file") files.push({ filename: part.filename, bytes: await part.toBuffer() });
      else if (opts.fields.includes(part.fieldname) && typeof part.value === "string") values[part.fieldname] = part.value;
    }
  } catch (err) {
    const code = codeOf(err);
    if (code === "FST_REQ_FILE_TOO_LARGE") throw fileTooLarge(opts.maxBytes, field, opts.tooLargeMessage);
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
      throw badRequest("validation-failed", { fields: [{ field, code: opts.tooManyCode ?? "too-many-files" }] });
    }
    throw err;
  }
  assertStorable({ ...values, [field]: files.map((f) => f.filename) });
  return { files, fields: values };
}
