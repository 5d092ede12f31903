/**
 * Files chosen for an application while there was no signal (or while the server could not be reached): they wait
 * in the offline queue on the phone (web/offline/queue.ts, as Blobs in IndexedDB), survive a reload, show in the
 * queue banner, and are uploaded and linked to their field when the phone is back online — whether or not the form
 * is open. An open form lists them under their field and, once one is sent, adopts it (the file, the field's answer
 * and the case's new version).
 */
import { useEffect, useRef, useState } from "react";
import { cancelQueued, enqueue, listQueue, newQueueId, onQueueChange, type QueuedFile, type SentFile, sentFromQueue } from "../../offline/queue.ts";
import type { CaseView, FormField } from "./shared.tsx";
import { useOwner } from "./useLocalAnswers.ts";

export function usePendingFiles(c: CaseView | null | undefined, ready: boolean, onSent: (s: SentFile) => void) {
  const owner = useOwner();
  const ownerKey = owner ? `${owner.tenant}|${owner.user}` : "";
  const [pending, setPending] = useState<QueuedFile[]>([]);
  const adopted = useRef(new Set<string>());
  const sentTo = useRef(onSent);
  sentTo.current = onSent;

  // biome-ignore lint/correctness/useExhaustiveDependencies: ownerKey stands for owner; read again per case once the form is ready
  useEffect(() => {
    if (!owner || !c || !ready) return;
    let live = true;
    const refresh = async () => {
      const all = await listQueue(owner);
      if (!live) return;
      setPending(all.filter((q): q is QueuedFile => q.kind === "file" && q.caseId === c.id));
      for (const s of sentFromQueue) {
        if (s.file?.caseId !== c.id || adopted.current.has(s.id)) continue;
        adopted.current.add(s.id);
        sentTo.current(s.file);
      }
    };
    void refresh();
    const off = onQueueChange(() => void refresh());
    return () => {
      live = false;
      off();
    };
  }, [ownerKey, c?.id, ready]);

  return {
    pending,
    /** Keeps a chosen file in the queue (false without a signed-in owner); a single field's earlier waiting file goes. */
    queue: async (f: FormField, file: File): Promise<boolean> => {
      if (!owner || !c) return false;
      if (!f.multiple) for (const q of pending) if (q.field === f.name) await cancelQueued(q.id);
      await enqueue({
        id: newQueueId(),
        kind: "file",
        ...owner,
        createdAt: new Date().toISOString(),
        label: { id: `${file.name} (${c.service.name.id})`, en: `${file.name} (${c.service.name.en})` },
        status: "waiting",
        caseId: c.id,
        service: c.service.key,
        field: f.name,
        multiple: f.multiple === true,
        name: file.name,
        blob: file,
      });
      return true;
    },
    cancel: (id: string) => cancelQueued(id),
  };
}
