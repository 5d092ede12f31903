/**
 * CCTV registry of the command center: Dishub's traffic cameras (and any other OPD's) with their stream URL, and
 * the health check that probes each active camera's stream (HLS playlist, MJPEG stream or snapshot image) and
 * records online/offline, latency and the last error. A status change is written to the outbox as `cctv.status`.
 *
 * Stream URLs are configuration: an admin (cameras.manage) sets them in the registry; the demo seed can take
 * them from BALAI_CCTV_URLS (see demo.ts).
 */
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, type FieldError, notFound, validationFailed } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { checkLatLon } from "../../platform/geo.ts";
import * as store from "./store-cameras.ts";
import type { CameraRow } from "./store-cameras.ts";

export const STREAM_KINDS = ["hls", "mjpeg", "snapshot"] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];
export type CameraStatus = "unknown" | "online" | "offline";

export interface Camera {
  id: string;
  code: string;
  name: string;
  lat: number;
  lon: number;
  ownerUnitId: string | null;
  ownerName: string | null;
  streamKind: StreamKind;
  streamUrl: string | null;
  status: CameraStatus;
  checkedAt: string | null;
  lastError: string | null;
  latencyMs: number | null;
  active: boolean;
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

function toCamera(r: CameraRow): Camera {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    lat: Number(r.lat),
    lon: Number(r.lon),
    ownerUnitId: r.owner_unit_id,
    ownerName: r.owner_name,
    streamKind: r.stream_kind,
    streamUrl: r.stream_url,
    status: r.status,
    checkedAt: iso(r.checked_at),
    lastError: r.last_error,
    latencyMs: r.latency_ms,
    active: r.active,
  };
}

/** The payload of a `cctv.status` outbox event (no personal data). */
export const statusPayload = (c: Pick<Camera, "id" | "code" | "name" | "status" | "lat" | "lon" | "lastError">) => ({
  cameraId: c.id,
  code: c.code,
  name: c.name,
  status: c.status,
  lat: c.lat,
  lon: c.lon,
  error: c.lastError,
});

/** Cameras of a tenant by name; active ones only unless `all`. */
export async function listCameras(q: Queryable, tenantId: string, opts: { all?: boolean } = {}): Promise<Camera[]> {
  const rows = await store.cameraRows(q, tenantId, opts.all === true);
  return rows.map(toCamera);
}

export async function getCamera(q: Queryable, tenantId: string, id: string): Promise<Camera> {
  const row = await store.cameraRow(q, tenantId, id);
  if (!row) throw notFound("camera-not-found");
  return toCamera(row);
}

export interface CameraInput {
  code?: string;
  name?: string;
  lat?: number;
  lon?: number;
  ownerUnitId?: string | null;
  /** Alternative to ownerUnitId: the org unit's code (e.g. DISHUB). */
  ownerUnitCode?: string | null;
  streamKind?: StreamKind;
  streamUrl?: string | null;
  active?: boolean;
}

/** http(s) URL with a host, at most 2000 characters. */
export function isStreamUrl(s: string): boolean {
  if (s.length > 2000) return false;
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

async function resolveOwner(q: Queryable, tenantId: string, input: CameraInput): Promise<{ id: string | null } | undefined> {
  if (input.ownerUnitCode != null && input.ownerUnitCode !== "") {
    const u = await store.unitIdByCode(q, tenantId, input.ownerUnitCode);
    if (!u) throw validationFailed([{ field: "ownerUnitCode", code: "camera-unknown-unit", message: input.ownerUnitCode }]);
    return { id: u.id };
  }
  if (input.ownerUnitId === undefined) return undefined;
  if (input.ownerUnitId === null) return { id: null };
  const u = /^[0-9a-f-]{36}$/i.test(input.ownerUnitId) ? await store.unitIdById(q, tenantId, input.ownerUnitId) : undefined;
  if (!u) throw validationFailed([{ field: "ownerUnitId", code: "camera-unknown-unit", message: input.ownerUnitId }]);
  return { id: u.id };
}

function checkInput(input: CameraInput, creating: boolean): void {
  const fields: FieldError[] = [];
  if (creating || input.code !== undefined) {
    if (!input.code || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(input.code))
      fields.push({ field: "code", code: "pattern", message: "1–40 letters, digits, '.', '_' or '-'" });
  }
  if (creating || input.name !== undefined) {
    if (!input.name?.trim() || input.name.trim().length > 120) fields.push({ field: "name", code: "maxLength", message: "1–120 characters" });
  }
  if (creating && (input.lat === undefined || input.lon === undefined)) fields.push({ field: input.lat === undefined ? "lat" : "lon", code: "required" });
  if (input.streamKind !== undefined && !(STREAM_KINDS as readonly string[]).includes(input.streamKind))
    fields.push({ field: "streamKind", code: "enum", message: STREAM_KINDS.join(", ") });
  if (input.streamUrl != null && input.streamUrl !== "" && !isStreamUrl(input.streamUrl))
    fields.push({ field: "streamUrl", code: "camera-url", message: "an http:// or https:// URL" });
  if (fields.length) throw validationFailed(fields);
  if (input.lat !== undefined || input.lon !== undefined) checkLatLon(input.lat ?? 0, input.lon ?? 0);
}

const snapshot = (c: Camera) => ({
  code: c.code,
  name: c.name,
  lat: c.lat,
  lon: c.lon,
  ownerUnitId: c.ownerUnitId,
  streamKind: c.streamKind,
  streamUrl: c.streamUrl,
  active: c.active,
});

/** Registers a camera (status unknown until the next check); audited. Duplicate code → 409 code-taken. */
export async function createCamera(q: Queryable, tenantId: string, input: CameraInput, actorId: string | null): Promise<Camera> {
  checkInput(input, true);
  const owner = await resolveOwner(q, tenantId, input);
  const row = await store.insertCamera(q, tenantId, {
    code: input.code!,
    name: input.name!.trim(),
    lat: input.lat!,
    lon: input.lon!,
    ownerUnitId: owner?.id ?? null,
    streamKind: input.streamKind ?? "hls",
    streamUrl: input.streamUrl ? input.streamUrl : null,
    active: input.active ?? true,
  });
  if (!row) throw new AppError("code-taken", 409, { fields: [{ field: "code", code: "code-taken", message: input.code }] });
  const cam = await getCamera(q, tenantId, row.id);
  await audit(q, { tenantId, actorId, action: "camera.created", subjectType: "camera", subjectId: cam.id, data: snapshot(cam) });
  return cam;
}

/**
 * Changes a camera; audited with the changed fields. A new stream URL or kind resets the status to unknown
 * (emitting `cctv.status` when that changes it) until the next check.
 */
export async function updateCamera(q: Queryable, tenantId: string, id: string, input: CameraInput, actorId: string | null): Promise<Camera> {
  checkInput(input, false);
  const before = await getCamera(q, tenantId, id);
  const owner = await resolveOwner(q, tenantId, input);
  const next = {
    code: input.code ?? before.code,
    name: input.name?.trim() ?? before.name,
    lat: input.lat ?? before.lat,
    lon: input.lon ?? before.lon,
    ownerUnitId: owner ? owner.id : before.ownerUnitId,
    streamKind: input.streamKind ?? before.streamKind,
    streamUrl: input.streamUrl === undefined ? before.streamUrl : input.streamUrl || null,
    active: input.active ?? before.active,
  };
  const probeChanged = next.streamUrl !== before.streamUrl || next.streamKind !== before.streamKind;
  const status: CameraStatus = probeChanged || !next.active ? "unknown" : before.status;
  if (next.code !== before.code) {
    if (await store.codeTaken(q, tenantId, next.code, id))
      throw new AppError("code-taken", 409, { fields: [{ field: "code", code: "code-taken", message: next.code }] });
  }
  await store.updateCamera(q, tenantId, id, next, status, probeChanged);
  const after = await getCamera(q, tenantId, id);
  const changes: Record<string, unknown> = {};
  const a = snapshot(after);
  const b = snapshot(before);
  for (const k of Object.keys(a) as (keyof typeof a)[]) if (a[k] !== b[k]) changes[k] = { from: b[k], to: a[k] };
  await audit(q, { tenantId, actorId, action: "camera.updated", subjectType: "camera", subjectId: id, data: changes });
  if (after.status !== before.status) await emit(q, tenantId, "cctv.status", statusPayload(after));
  return after;
}

/** Soft delete: the camera stays in the registry (and the audit trail) but is no longer shown or checked. */
export async function deactivateCamera(q: Queryable, tenantId: string, id: string, actorId: string | null): Promise<Camera> {
  const before = await getCamera(q, tenantId, id);
  if (!before.active) return before;
  await store.deactivateCamera(q, tenantId, id);
  const after = await getCamera(q, tenantId, id);
  await audit(q, { tenantId, actorId, action: "camera.deactivated", subjectType: "camera", subjectId: id, data: { code: before.code } });
  if (after.status !== before.status) await emit(q, tenantId, "cctv.status", statusPayload(after));
  return after;
}

// ---- health check -------------------------------------------------------------------------------------

export const DEFAULT_TIMEOUT_MS = 4000;
export const CHECK_CONCURRENCY = 8;

export type FetchLike = (url: string, init: { signal: AbortSignal; headers?: Record<string, string>; redirect?: "follow" }) => Promise<Response>;

export interface ProbeResult {
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
}

const short = (s: string) => (s.length > 200 ? `${s.slice(0, 197)}...` : s);

function errorText(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.cause?.code) return short(err.cause.code);
  if (err?.cause?.message) return short(err.cause.message);
  return short(err?.message ?? String(e));
}

/** Reads the first chunk of a body (at most 64 bytes of it are looked at), then cancels the rest. */
async function firstBytes(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  try {
    const { value } = await reader.read();
    return value ? new TextDecoder().decode(value.subarray(0, 64)) : "";
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * Probes one stream: GET with a timeout, reading at most the first chunk. HLS: 2xx and a body starting with
 * #EXTM3U; MJPEG: 2xx and multipart/x-mixed-replace or image/jpeg; snapshot: 2xx and an image/* type.
 */
export async function probeStream(url: string, kind: StreamKind, timeoutMs = DEFAULT_TIMEOUT_MS, fetchImpl: FetchLike = fetch): Promise<ProbeResult> {
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      ctrl.abort(new Error("timeout"));
      resolve({ ok: false, latencyMs: null, error: `timeout after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const started = performance.now();
  const attempt = (async (): Promise<ProbeResult> => {
    try {
      const res = await fetchImpl(url, { signal: ctrl.signal, redirect: "follow", headers: { accept: "*/*", "user-agent": "Balai-CCTV-Check/1" } });
      const latencyMs = Math.round(performance.now() - started);
      const type = (res.headers.get("content-type") ?? "").toLowerCase();
      if (!res.ok) {
        res.body?.cancel().catch(() => {});
        return { ok: false, latencyMs, error: `HTTP ${res.status}` };
      }
      if (kind === "hls") {
        const head = (await firstBytes(res)).replace(/^\uFEFF/, "").trimStart();
        return head.startsWith("#EXTM3U") ? { ok: true, latencyMs, error: null } : { ok: false, latencyMs, error: "not an HLS playlist (#EXTM3U)" };
      }
      res.body?.cancel().catch(() => {});
      const good = kind === "mjpeg" ? type.startsWith("multipart/x-mixed-replace") || type.startsWith("image/jpeg") : type.startsWith("image/");
      return good ? { ok: true, latencyMs, error: null } : { ok: false, latencyMs, error: short(`unexpected content-type ${type || "(none)"}`) };
    } catch (e) {
      if (ctrl.signal.aborted) return { ok: false, latencyMs: null, error: `timeout after ${timeoutMs} ms` };
      return { ok: false, latencyMs: null, error: errorText(e) };
    }
  })();
  try {
    return await Promise.race([attempt, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` over the items with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface CheckSummary {
  checked: number;
  online: number;
  offline: number;
}

/**
 * Checks every active camera with a stream URL (of one tenant, or all), at most 8 at a time, so one hanging
 * camera never holds up the others. Each verdict is stored with the check time, latency and last error; a
 * status change emits `cctv.status` in the same transaction. Cameras without a URL stay unknown.
 */
export async function checkCameras(
  db: Db,
  opts: { timeoutMs?: number; fetchImpl?: FetchLike; tenantId?: string; concurrency?: number; onError?: (err: unknown, code: string) => void } = {},
): Promise<CheckSummary> {
  const rows = await store.checkableCameras(db, opts.tenantId ?? null);
  const summary: CheckSummary = { checked: 0, online: 0, offline: 0 };
  await pool(rows, opts.concurrency ?? CHECK_CONCURRENCY, async (r) => {
    const result = await probeStream(r.stream_url!, r.stream_kind, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts.fetchImpl);
    const status: CameraStatus = result.ok ? "online" : "offline";
    // One camera's failure to save (a conflict, a dropped connection) does not stop the others.
    const saved = await db
      .tx(async (q) => {
        // Only if the camera was not changed meanwhile (its URL or kind edited, or deactivated).
        const cur = await store.lockProbedCamera(q, r.tenant_id, r.id, r.stream_url, r.stream_kind);
        if (!cur) return false;
        await store.saveCheck(q, r.tenant_id, r.id, status, result.latencyMs, result.error);
        if (cur.status !== status) await emit(q, r.tenant_id, "cctv.status", statusPayload({ ...toCamera(r), status, lastError: result.error }));
        return true;
      })
      .catch((e: unknown) => {
        opts.onError?.(e, r.code);
        return false;
      });
    if (!saved) return;
    summary.checked++;
    if (result.ok) summary.online++;
    else summary.offline++;
  });
  return summary;
}
