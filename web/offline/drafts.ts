/**
 * Drafts kept on the phone (IndexedDB, idb-keyval): what a citizen typed, the photos they chose (as Blobs) and the
 * map pin survive a reload — Android kills the tab when the camera opens. One draft per tenant + user + service;
 * cleared when the submission succeeds. Nothing here is sent anywhere.
 */
import { createStore, del, get, keys, set, type UseStore } from "idb-keyval";

let db: UseStore | null = null;
const store = () => {
  db ??= createStore("balai-drafts", "drafts");
  return db;
};

/** Whose draft of what: the key is `tenant|user|service` (e-Lapor reports use the service "lapor"). */
export interface DraftOwner {
  tenant: string;
  user: string;
}
export const draftKey = (o: DraftOwner, service: string) => `${o.tenant}|${o.user}|${service}`;

/** Reads a draft; a browser without IndexedDB (or a private window that refuses it) has none. */
export async function loadDraft<T>(o: DraftOwner, service: string): Promise<T | undefined> {
  try {
    return await get<T>(draftKey(o, service), store());
  } catch {
    return undefined;
  }
}

export async function saveDraft<T>(o: DraftOwner, service: string, value: T): Promise<void> {
  try {
    await set(draftKey(o, service), { ...value, savedAt: new Date().toISOString() }, store());
  } catch {
    // Storage full or refused: the form still works, only the reload safety net is missing.
  }
}

export async function clearDraft(o: DraftOwner, service: string): Promise<void> {
  try {
    await del(draftKey(o, service), store());
  } catch {
    // nothing to clear
  }
}

/** The services this user has a draft of on this phone. */
export async function draftServices(o: DraftOwner): Promise<string[]> {
  try {
    const prefix = `${o.tenant}|${o.user}|`;
    return (await keys<string>(store())).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  } catch {
    return [];
  }
}
