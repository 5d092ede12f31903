import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import type { Config } from "./config.ts";
import { badRequest } from "./errors.ts";
import { loadSharp } from "./lazy.ts";
import { fileTooLarge } from "./uploads.ts";

/** Where uploaded bytes live. Local disk by default; an S3-compatible store implements the same interface. */
export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Removes the bytes; a key that holds nothing (already removed) is not an error. */
  delete(key: string): Promise<void>;
}

export class DiskFileStore implements FileStore {
  private root: string;
  constructor(root: string) {
    this.root = root;
  }
  private resolve(key: string) {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error("file key escapes the store");
    return p;
  }
  async put(key: string, bytes: Buffer) {
    const p = this.resolve(key);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, bytes);
  }
  get(key: string) {
    return fs.readFile(this.resolve(key));
  }
  async delete(key: string) {
    await fs.rm(this.resolve(key), { force: true });
  }
}

export interface CheckedFile {
  bytes: Buffer;
  contentType: string;
  sha256: string;
  filename: string;
}

const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/**
 * Accepts an upload only if its real content (magic bytes, not the name or the declared type) is one
 * of the allowed types and it is within the size limit; images are re-encoded without metadata (EXIF, GPS).
 */
export async function checkUpload(bytes: Buffer, filename: string, accept: string[], maxBytes: number, field = "file"): Promise<CheckedFile> {
  if (bytes.length === 0) throw badRequest("validation-failed", { fields: [{ field, code: "file-empty", message: "Berkas kosong / The file is empty" }] });
  if (bytes.length > maxBytes) throw fileTooLarge(maxBytes, field);
  const sniffed = await fileTypeFromBuffer(bytes);
  const contentType = sniffed?.mime ?? "application/octet-stream";
  if (!accept.includes(contentType)) {
    throw badRequest("validation-failed", {
      fields: [
        {
          field,
          code: "file-type",
          message: `Jenis berkas ${sniffed?.ext ?? "tidak dikenal"} tidak diterima (boleh: ${accept.join(", ")}) / File type not accepted`,
        },
      ],
    });
  }
  let out = bytes;
  if (IMAGE_TYPES.has(contentType)) {
    try {
      // rotate() applies the EXIF orientation before the metadata is dropped (sharp drops it by default).
      const sharp = await loadSharp();
      const img = sharp(bytes, { failOn: "error" }).rotate();
      out =
        contentType === "image/png"
          ? await img.png().toBuffer()
          : contentType === "image/webp"
            ? await img.webp().toBuffer()
            : await img.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
    } catch {
      throw badRequest("validation-failed", { fields: [{ field, code: "file-corrupt", message: "Gambar rusak / The image is damaged" }] });
    }
  }
  const safeName =
    path
      .basename(filename)
      .replace(/[^\w.\- ]+/g, "_")
      .slice(0, 120) || "berkas";
  return { bytes: out, contentType, sha256: createHash("sha256").update(out).digest("hex"), filename: safeName };
}

export function newStorageKey(tenantId: string): string {
  const d = new Date();
  return `${tenantId}/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${randomUUID()}`;
}

/**
 * The configured file store: S3 when BALAI_S3_* are set (checked before anything else starts), else local disk.
 * The S3 client is loaded only then.
 */
export async function openFileStore(config: Config): Promise<FileStore> {
  if (!config.s3) return new DiskFileStore(config.filesDir);
  const { S3FileStore } = await import("./s3.ts");
  const store = new S3FileStore(config.s3);
  await store.check();
  return store;
}
