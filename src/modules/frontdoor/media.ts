/**
 * Downloading a WhatsApp media file (a photo the citizen sent) through the Graph API: `GET /{version}/{media-id}`
 * with the bearer token answers `{messaging_product, url, mime_type, sha256, file_size, id}`; the `url` (valid for
 * five minutes) is then fetched with the same bearer token. See
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#download-media.
 */
import { createHash } from "node:crypto";
import type { WhatsAppConfig } from "../../platform/notify/whatsapp.ts";

export class MediaError extends Error {
  /** `too-large`, `type`, `unavailable` (Graph refused or could not be reached), `checksum`. */
  readonly reason: "too-large" | "type" | "unavailable" | "checksum";
  constructor(reason: MediaError["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface Media {
  bytes: Buffer;
  contentType: string;
}

async function get(url: string, token: string, timeoutMs: number) {
  try {
    // The media URL must not be followed to another host with the token: redirects are refused.
    return await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (err) {
    throw new MediaError("unavailable", `media download: ${(err as Error).message}`);
  }
}

/** The media's bytes, checked: an allowed content type, at most maxBytes, and the sha256 Graph announced. */
export async function downloadMedia(cfg: WhatsAppConfig, mediaId: string, allowed: string[], maxBytes: number, timeoutMs: number): Promise<Media> {
  const base = cfg.baseUrl.replace(/\/+$/, "");
  const metaRes = await get(`${base}/${cfg.apiVersion}/${encodeURIComponent(mediaId)}`, cfg.accessToken, timeoutMs);
  const meta = (await metaRes.json().catch(() => undefined)) as
    | { url?: string; mime_type?: string; sha256?: string; file_size?: number; error?: { message?: string; code?: number } }
    | undefined;
  if (!metaRes.ok || !meta?.url) throw new MediaError("unavailable", `media ${metaRes.status}: ${meta?.error?.code ?? ""} ${meta?.error?.message ?? ""}`);
  const type = (meta.mime_type ?? "").split(";")[0].trim().toLowerCase();
  if (!allowed.includes(type)) throw new MediaError("type", `media type ${type}`);
  if (typeof meta.file_size === "number" && meta.file_size > maxBytes) throw new MediaError("too-large", `media of ${meta.file_size} bytes`);
  const res = await get(meta.url, cfg.accessToken, timeoutMs);
  if (!res.ok) throw new MediaError("unavailable", `media download ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new MediaError("too-large", `media of ${declared} bytes`);
  const contentType = (res.headers.get("content-type") ?? type).split(";")[0].trim().toLowerCase();
  if (!allowed.includes(contentType)) throw new MediaError("type", `media type ${contentType}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) throw new MediaError("too-large", `media over ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  const bytes = Buffer.concat(chunks);
  if (meta.sha256) {
    // Graph writes the digest in hex; base64 is accepted as well.
    const digest = createHash("sha256").update(bytes);
    const d = digest.digest();
    if (meta.sha256.toLowerCase() !== d.toString("hex") && meta.sha256 !== d.toString("base64")) throw new MediaError("checksum", "media checksum");
  }
  return { bytes, contentType };
}
