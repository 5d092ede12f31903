/**
 * The application form's answers kept on the phone (web/offline/drafts.ts) between saves to the server: a reload
 * (the camera opening for a document photo) brings back what was typed. One draft per tenant + user + service; it
 * applies only to the same case at the same version (saved elsewhere since → the server's answers win). Uploaded
 * files are already on the server (the draft case holds them). Cleared when the application is sent.
 */
import { useEffect, useRef, useState } from "react";
import { clearDraft, type DraftOwner, loadDraft, saveDraft } from "../../offline/drafts.ts";
import { useSession } from "../../session.tsx";
import type { Data } from "./applicationState.tsx";

interface LocalAnswers {
  caseId: string;
  version: number;
  values: Data;
}

export function useOwner(): DraftOwner | null {
  const { session } = useSession();
  return session?.user ? { tenant: session.tenant.id, user: session.user.id } : null;
}

/** The answers kept on the phone for this case, once read (`undefined` while reading, `null` when there are none). */
export function useLocalAnswers(c: { id: string; version: number; service: { key: string } } | null | undefined) {
  const owner = useOwner();
  const [local, setLocal] = useState<LocalAnswers | null | undefined>(undefined);
  const ownerKey = owner ? `${owner.tenant}|${owner.user}` : "";
  const service = c?.service.key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per case and owner
  useEffect(() => {
    if (!owner || !c) return;
    let live = true;
    void loadDraft<LocalAnswers>(owner, c.service.key).then((d) => {
      if (live) setLocal(d && d.caseId === c.id && d.version === c.version ? d : null);
    });
    return () => {
      live = false;
    };
  }, [ownerKey, c?.id]);

  const timer = useRef(0);
  return {
    local,
    /** Keep these answers (a moment after the last change). */
    keep: (caseId: string, version: number, values: Data) => {
      if (!owner || !service) return;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void saveDraft<LocalAnswers>(owner, service, { caseId, version, values }), 250);
    },
  };
}

/** Forget the phone's copy of a service's answers (the application was sent). */
export async function forgetLocalAnswers(owner: DraftOwner | null, service: string) {
  if (owner) await clearDraft(owner, service);
}
