/**
 * Bulk signing with progress: the selected documents are signed one request each (the server unlocks the key per
 * request), so the page can say "3 of 10", list each failure with its reason, stop between documents, and continue
 * with the rest after a wrong passphrase, a missing certificate or an unreachable signer.
 */
import { useRef, useState } from "react";
import { post, ProblemError } from "../../api.ts";
import { useDocsT } from "./shared.tsx";

interface SignResponse {
  signed: number;
  failed: number;
  results: Array<{ id: string; status: "signed" | "failed"; code: string; number?: string; detail?: string }>;
}

export interface BulkItem {
  id: string;
  label: string;
}

/** Why the run paused with documents left: the page offers the way on (passphrase again, certificate, retry). */
export type Halt = { kind: "passphrase" | "certificate" | "unavailable" | "stopped"; message?: string };

export interface BulkRun {
  total: number;
  done: number;
  signed: number;
  current: BulkItem | null;
  failures: { item: BulkItem; reason: string }[];
  remaining: BulkItem[];
  running: boolean;
  halt: Halt | null;
}

const HALTS: Record<string, Halt["kind"]> = {
  "passphrase-invalid": "passphrase",
  "passphrase-locked": "passphrase",
  "certificate-missing": "certificate",
  "certificate-revoked": "certificate",
  "signer-nik-missing": "certificate",
  "signer-unavailable": "unavailable",
};

export function useBulkSigning(onFinished: () => void) {
  const { t } = useDocsT();
  const [run, setRun] = useState<BulkRun | null>(null);
  const stopRequested = useRef(false);

  const reasonOf = (code: string, detail?: string) => t(`reasons.${code}`, { defaultValue: detail ?? code });

  /** Signs `items` (continuing `prev`'s counts when resuming); stops at the first halt. */
  async function go(items: BulkItem[], passphrase: string, prev: BulkRun | null) {
    stopRequested.current = false;
    let state: BulkRun = {
      total: prev ? prev.total : items.length,
      done: prev ? prev.done : 0,
      signed: prev ? prev.signed : 0,
      failures: prev ? prev.failures : [],
      remaining: items,
      current: null,
      running: true,
      halt: null,
    };
    setRun(state);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (stopRequested.current) {
        state = { ...state, running: false, current: null, halt: { kind: "stopped" } };
        break;
      }
      state = { ...state, current: item };
      setRun(state);
      try {
        const r = await post<SignResponse>("/api/documents/sign", { ids: [item.id], passphrase });
        const res = r.results[0];
        state =
          res?.status === "signed"
            ? { ...state, signed: state.signed + 1 }
            : { ...state, failures: [...state.failures, { item, reason: reasonOf(res?.code ?? "failed", res?.detail) }] };
      } catch (err) {
        const code = err instanceof ProblemError ? err.code : "";
        const halt = HALTS[code] ?? (err instanceof ProblemError && err.status < 500 && err.status !== 429 ? undefined : "unavailable");
        if (halt) {
          const message = err instanceof ProblemError ? `${err.title}${err.detail && code === "passphrase-invalid" ? ` (${err.detail})` : ""}` : String(err);
          state = { ...state, remaining: items.slice(i), current: null, running: false, halt: { kind: halt, message } };
          setRun(state);
          onFinished();
          return state;
        }
        // This document only (no longer in the queue, the case moved on): note it and go on with the rest.
        const reason = err instanceof ProblemError ? reasonOf(code, err.title) : String(err);
        state = { ...state, failures: [...state.failures, { item, reason }] };
      }
      state = { ...state, done: state.done + 1, remaining: items.slice(i + 1) };
      setRun(state);
    }
    state = { ...state, current: null, running: false, halt: state.halt ?? (state.remaining.length ? { kind: "stopped" } : null) };
    setRun(state);
    onFinished();
    return state;
  }

  return {
    run,
    start: (items: BulkItem[], passphrase: string) => go(items, passphrase, null),
    resume: (passphrase: string) => (run ? go(run.remaining, passphrase, run) : Promise.resolve(null)),
    stop: () => {
      stopRequested.current = true;
    },
    clear: () => setRun(null),
  };
}

/** The run's progress: a progress bar with "n of m", the document being signed, and the failures with reasons. */
export function BulkProgress({ run, onStop }: { run: BulkRun; onStop: () => void }) {
  const { t } = useDocsT();
  return (
    <div className="bulk" data-testid="bulk-progress">
      <p className="bulk__count" role="status">
        {run.running ? t("bulk.progress", { done: run.done, total: run.total }) : t("bulk.summary", { signed: run.signed, total: run.total })}
      </p>
      <progress className="progress" max={run.total} value={run.done} aria-label={t("bulk.progress", { done: run.done, total: run.total })} />
      {run.current && <p className="muted">{t("bulk.current", { label: run.current.label })}</p>}
      {run.running && (
        <button type="button" className="button button--secondary" onClick={onStop}>
          {t("bulk.stop")}
        </button>
      )}
      {run.halt && run.remaining.length > 0 && (
        <p className="bulk__halt">
          {run.halt.message ? `${run.halt.message} ` : ""}
          {t(`bulk.halt.${run.halt.kind}`, { count: run.remaining.length })}
        </p>
      )}
      {run.failures.length > 0 && (
        <>
          <h4 className="bulk__failures-title">{t("bulk.failures", { count: run.failures.length })}</h4>
          <ul className="bulk__failures" data-testid="bulk-failures">
            {run.failures.map((f) => (
              <li key={f.item.id}>
                <strong>{f.item.label}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
