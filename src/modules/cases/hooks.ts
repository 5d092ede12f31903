import type { Queryable } from "../../platform/db.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { ResolvedService, WorkflowAction } from "../catalog/index.ts";
import type { CaseRow } from "./store.ts";

/** A workflow transition, as `act` sees it, inside its transaction (after the case row is updated). */
export interface TransitionEvent {
  tenantId: string;
  actor: Actor;
  /** The case after the update. */
  case: CaseRow;
  spec: ResolvedService;
  action: WorkflowAction;
  from: string;
  to: string;
}

export type TransitionHook = (q: Queryable, e: TransitionEvent) => Promise<void>;

const hooks: TransitionHook[] = [];

/**
 * Lets another module react to transitions in the same transaction (e.g. documents: a case that reaches
 * its signing step gets its output document queued). A hook that throws aborts the action.
 */
export function onTransition(hook: TransitionHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function runTransitionHooks(q: Queryable, e: TransitionEvent): Promise<void> {
  for (const h of hooks) await h(q, e);
}

/** A case's result the applicant can take away now (documents: the signed letter), shown on their case pages. */
export interface ReadyOutput {
  title: string;
  number: string | null;
  downloadUrl: string;
}

export type ReadyOutputLookup = (q: Queryable, tenantId: string, caseIds: string[]) => Promise<Map<string, ReadyOutput>>;

const outputLookups: ReadyOutputLookup[] = [];

/** Lets the module that makes a case's output say when it is ready (the case engine cannot import it). */
export function onReadyOutputs(lookup: ReadyOutputLookup): void {
  if (!outputLookups.includes(lookup)) outputLookups.push(lookup);
}

/** The ready output of each case that has one. */
export async function readyOutputs(q: Queryable, tenantId: string, caseIds: string[]): Promise<Map<string, ReadyOutput>> {
  const out = new Map<string, ReadyOutput>();
  if (caseIds.length === 0) return out;
  for (const lookup of outputLookups) for (const [id, o] of await lookup(q, tenantId, caseIds)) if (!out.has(id)) out.set(id, o);
  return out;
}
