/**
 * The offline queue: a submission made without signal (an e-Lapor report with its photos as Blobs, the "send"
 * of an application whose answers are already saved, or a file chosen for an application) waits in IndexedDB and is sent when the phone is back online
 * (the `online` event, the app's start, a retry every 30 s while something waits). A report carries its queue id as
 * the `Idempotency-Key`, so a retry whose first answer was lost never files twice; an application's submit is
 * guarded by the case version (a second submit finds it sent).
 */
import { createStore, del, set, type UseStore, values } from "idb-keyval";
import { useEffect, useState } from "react";
import { api, get as apiGet, ProblemError, uploadFile } from "../api.ts";
import { type DraftOwner, loadDraft, saveDraft } from "./drafts.ts";

let db: UseStore | null = null;
const store = () => {
  db ??= createStore("balai-queue", "outbox");
  return db;
};

interface Base extends DraftOwner {
  /** A UUID made on the phone: the queue key and the report's Idempotency-Key. */
  id: string;
  createdAt: string;
  /** What the citizen sees in the queue ("Sampah menumpuk", a service name). */
  label: { id: string; en: string };
  status: "waiting" | "failed";
  error?: string;
}
export interface QueuedReport extends Base {
  kind: "lapor";
  body: Record<string, unknown>;
  photos: { name: string; blob: Blob; id?: string }[];
}
export interface QueuedSubmit extends Base {
  kind: "application";
  caseId: string;
  version: number;
  /** Sent back for correction: the workflow's `resubmit` action instead of `submit`. */
  resubmit: boolean;
}
/** A file chosen for an application's file field (a requirement, a photo) while there was no signal. */
export interface QueuedFile extends Base {
  kind: "file";
  caseId: string;
  /** The service's key: the phone's copy of the answers is kept per service (drafts.ts). */
  service: string;
  field: string;
  multiple: boolean;
  name: string;
  blob: Blob;
  /** Set once uploaded, so a retry only links it to the answer. */
  fileId?: string;
}
export type Queued = QueuedReport | QueuedSubmit | QueuedFile;
/** A file the queue uploaded and linked to its field: the open form adopts it (and the case's new version). */
export interface SentFile {
  caseId: string;
  field: string;
  file: { id: string; filename: string; contentType: string; size: number };
  /** The field's answer now (the file id, or the list of ids of a multiple field). */
  value: unknown;
  version: number;
}
export interface SentItem {
  id: string;
  kind: Queued["kind"];
  label: Queued["label"];
  /** The case or report number; empty for a file. */
  number: string;
  link: string;
  file?: SentFile;
}

const listeners = new Set<() => void>();
/** Called whenever the queue changes (added, sent, cancelled). */
export function onQueueChange(fn: () => void) {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}
const changed = () => {
  for (const fn of listeners) fn();
};

/** What was sent from the queue since the page loaded (shown once as "terkirim"). */
export const sentFromQueue: SentItem[] = [];

/** Queue items cancelled since the page loaded. */
const cancelledIds = new Set<string>();

/** What became of a queue item while the page stayed loaded: sent (with its number), cancelled, or still waiting. */
export function useQueuedFate(id: string): { sent?: SentItem; cancelled: boolean } {
  const [, setN] = useState(0);
  useEffect(() => onQueueChange(() => setN((n) => n + 1)), []);
  return { sent: id ? sentFromQueue.find((s) => s.id === id) : undefined, cancelled: cancelledIds.has(id) };
}

export async function enqueue(item: Queued) {
  await set(item.id, item, store());
  changed();
}

export async function listQueue(o: DraftOwner): Promise<Queued[]> {
  try {
    const all = await values<Queued>(store());
    return all.filter((q) => q.tenant === o.tenant && q.user === o.user).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  } catch {
    return [];
  }
}

export async function cancelQueued(id: string) {
  await del(id, store());
  cancelledIds.add(id);
  changed();
}

/** Drops what waits for a case that is gone (a deleted draft): its files and its "send". */
export async function dropQueuedFor(o: DraftOwner, caseId: string) {
  for (const q of await listQueue(o)) if (q.kind !== "lapor" && q.caseId === caseId) await cancelQueued(q.id);
}

/** Still no connection (or the server is away): try again later, keep the item as it is. */
const transient = (err: unknown) => !(err instanceof ProblemError) || err.status === 0 || err.status === 401 || err.status === 429 || err.status >= 500;

async function sendReport(item: QueuedReport): Promise<SentItem> {
  for (const p of item.photos) {
    if (p.id) continue;
    const up = await uploadFile<{ id: string }>("/api/lapor/photos", p.blob, p.name);
    p.id = up.id;
    await set(item.id, item, store()); // an uploaded photo is not uploaded again on the next try
  }
  const body = { ...item.body, photoIds: item.photos.map((p) => p.id as string) };
  const r = await api<{ id: string; number: string }>("POST", "/api/lapor/reports", body, { "idempotency-key": item.id });
  return { id: item.id, kind: item.kind, label: item.label, number: r.number, link: `/laporan-saya/${r.id}` };
}

async function sendSubmit(item: QueuedSubmit): Promise<SentItem> {
  const done = (number: string) => ({ id: item.id, kind: item.kind, label: item.label, number, link: `/layanan-saya/${item.caseId}` });
  try {
    const url = item.resubmit ? `/api/cases/${item.caseId}/actions/resubmit` : `/api/cases/${item.caseId}/submit`;
    const r = await api<{ number?: string }>("POST", url, { version: item.version });
    const number = r.number ?? (await apiGet<{ number: string | null }>(`/api/cases/${item.caseId}`)).number ?? "";
    return done(number);
  } catch (err) {
    // The first try went through but its answer was lost: the case is no longer at that version and is sent.
    if (err instanceof ProblemError && err.status === 409) {
      const c = await apiGet<{ number: string | null; state: string }>(`/api/cases/${item.caseId}`);
      if (c.state !== "draft" && c.number) return done(c.number);
    }
    throw err;
  }
}

/** The answer of a file field with this file added: the list of a multiple field, else the file alone. */
export const withFile = (cur: unknown, id: string, multiple: boolean) => (multiple ? [...(Array.isArray(cur) ? cur.filter((x) => x !== id) : []), id] : id);

async function sendFile(item: QueuedFile): Promise<SentItem> {
  const base = `/api/cases/${item.caseId}`;
  let up = item.fileId ? undefined : await uploadFile<SentFile["file"]>(`${base}/files?field=${encodeURIComponent(item.field)}`, item.blob, item.name);
  if (up) {
    item.fileId = up.id;
    await set(item.id, item, store()); // uploaded once; a retry only links it
  }
  const fileId = item.fileId as string;
  // Link it to the field on the server's copy of the answers (answers saved meanwhile by the form are kept).
  for (let attempt = 0; ; attempt++) {
    const c = await apiGet<{ version: number; data: Record<string, unknown>; files: (SentFile["file"] & { field: string | null })[] }>(base);
    up ??= c.files.find((f) => f.id === fileId);
    const value = withFile(c.data[item.field], fileId, item.multiple);
    try {
      const r = await api<{ version: number }>("PUT", `${base}/answers`, { version: c.version, data: { ...c.data, [item.field]: value } });
      await followVersion(item, c.version, r.version, fileId);
      const file = up ?? { id: fileId, filename: item.name, contentType: item.blob.type, size: item.blob.size };
      return {
        id: item.id,
        kind: "file",
        label: item.label,
        number: "",
        link: `/permohonan/${item.caseId}`,
        file: { caseId: item.caseId, field: item.field, file, value, version: r.version },
      };
    } catch (err) {
      // Someone saved the answers between our read and write (the form, another tab): read them again.
      if (err instanceof ProblemError && err.status === 409 && err.code === "stale-version" && attempt < 2) continue;
      throw err;
    }
  }
}

/**
 * The queue's own save moved the case from `from` to `to`: what was waiting at `from` follows — a queued "send"
 * of the same case, and the phone's copy of the answers (which applies only at the version it was typed on).
 */
async function followVersion(item: QueuedFile, from: number, to: number, fileId: string) {
  for (const q of await listQueue(item)) {
    if (q.kind === "application" && q.caseId === item.caseId && q.version === from) await set(q.id, { ...q, version: to }, store());
  }
  const local = await loadDraft<{ caseId: string; version: number; values: Record<string, unknown> }>(item, item.service);
  if (local && local.caseId === item.caseId && local.version === from) {
    const values = { ...local.values, [item.field]: withFile(local.values[item.field], fileId, item.multiple) };
    await saveDraft(item, item.service, { caseId: local.caseId, version: to, values });
  }
}

let running: Promise<void> | null = null;

/** Sends what waits for this user, oldest first; stops at the first sign of no connection. */
export function flushQueue(o: DraftOwner): Promise<void> {
  running ??= (async () => {
    try {
      for (const item of await listQueue(o)) {
        if (item.status === "failed") continue;
        try {
          const sent = item.kind === "lapor" ? await sendReport(item) : item.kind === "file" ? await sendFile(item) : await sendSubmit(item);
          await del(item.id, store());
          sentFromQueue.push(sent);
          changed();
        } catch (err) {
          if (transient(err)) break;
          // Refused for good (the category was closed, a photo was not accepted): shown, for the citizen to cancel.
          await set(item.id, { ...item, status: "failed", error: err instanceof ProblemError ? err.title : String(err) }, store());
          changed();
        }
      }
    } finally {
      running = null;
    }
  })();
  return running;
}

/** No connection now, as far as the browser knows (a request can still fail later; that is queued too). */
export const isOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

/** A new queue id (the Idempotency-Key). */
export const newQueueId = () =>
  typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
