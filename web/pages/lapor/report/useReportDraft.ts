/**
 * The e-Lapor report kept on the phone while it is written (web/offline/drafts.ts): category, pin, kelurahan,
 * texts, the category's fields, privacy choices and the photos as Blobs. Restored once when /lapor opens (the flow
 * waits for it, so a reload lands on the step in the address with the answers, and no errors until the citizen
 * acts); saved a moment after each change; cleared once the report is sent or queued. The draft also keeps the
 * report's client key, so every try to send the same report carries the same Idempotency-Key.
 */
import { useEffect, useRef, useState } from "react";
import { clearDraft, type DraftOwner, loadDraft, saveDraft } from "../../../offline/drafts.ts";
import { newQueueId } from "../../../offline/queue.ts";
import type { Photo, SavedPhoto } from "./usePhotos.ts";

export const LAPOR_DRAFT = "lapor";

export interface ReportDraft {
  category: string;
  pin: { lat: number; lon: number } | null;
  kelurahan: string;
  description: string;
  title: string;
  extra: Record<string, string>;
  anonymous: boolean;
  confidential: boolean;
  photos: SavedPhoto[];
  clientKey: string;
}
type Snapshot = Omit<ReportDraft, "photos" | "clientKey"> & { photos: Photo[] };

const isBlank = (s: Snapshot) =>
  !s.pin && !s.description.trim() && !s.title.trim() && !s.photos.length && !Object.values(s.extra).some((v) => v.trim()) && !s.category;

export function useReportDraft(owner: DraftOwner | null, snap: Snapshot, apply: (d: ReportDraft) => void) {
  const [restored, setRestored] = useState(false);
  const [wasRestored, setWasRestored] = useState(false);
  const clientKey = useRef("");
  const finished = useRef(false);
  const ownerKey = owner ? `${owner.tenant}|${owner.user}` : "";

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per owner; apply reads the latest setters
  useEffect(() => {
    if (!owner) return;
    let live = true;
    void loadDraft<ReportDraft>(owner, LAPOR_DRAFT).then((d) => {
      if (!live) return;
      if (d) {
        clientKey.current = d.clientKey;
        apply(d);
        // A category alone (e.g. from a ?kategori= link) is not worth a "restored" note.
        setWasRestored(!isBlank({ ...d, category: "", photos: d.photos as Photo[] }));
      }
      setRestored(true);
    });
    return () => {
      live = false;
    };
  }, [ownerKey]);

  // Save a moment after a change (typing a description is many changes).
  const fingerprint = JSON.stringify({ ...snap, photos: snap.photos.map((p) => [p.key, p.id ?? ""]) });
  const latest = useRef(snap);
  latest.current = snap;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fingerprint stands for the snapshot
  useEffect(() => {
    if (!owner || !restored || finished.current) return;
    const timer = window.setTimeout(() => {
      const s = latest.current;
      if (finished.current) return;
      if (isBlank(s)) {
        void clearDraft(owner, LAPOR_DRAFT);
        return;
      }
      clientKey.current ||= newQueueId();
      const photos: SavedPhoto[] = s.photos.map((p) => ({ key: p.key, name: p.name, blob: p.blob, id: p.id }));
      void saveDraft<ReportDraft>(owner, LAPOR_DRAFT, { ...s, photos, clientKey: clientKey.current });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [fingerprint, restored, ownerKey]);

  return {
    restored,
    wasRestored,
    /** The key every try to send this report carries (made now if the draft has none yet). */
    key: () => {
      clientKey.current ||= newQueueId();
      return clientKey.current;
    },
    /** Sent or queued: forget the draft and stop saving it. */
    finish: async () => {
      finished.current = true;
      clientKey.current = ""; // a next report is another report
      if (owner) await clearDraft(owner, LAPOR_DRAFT);
    },
  };
}
