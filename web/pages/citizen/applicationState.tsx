/** State shared by the application pages: error mapping and the errors carried from the check page back to the form. */
import { ProblemError } from "../../api.ts";
import type { Summary } from "../../ui/form.tsx";
import { type CaseView, fieldId, useData } from "./shared.tsx";

export type Data = Record<string, unknown>;
export type Errs = Record<string, string>;

/** Errors from a failed submit, carried from the check page back to the form. */
export const carried: { value: { id: string; errs: Errs; title?: string } | null } = { value: null };

export function problemToErrors(err: unknown): { errs: Errs; extra: string[]; title?: string } {
  if (!(err instanceof ProblemError)) return { errs: {}, extra: [String(err)] };
  const errs: Errs = {};
  const extra: string[] = [];
  for (const e of err.errors) {
    if (e.field.startsWith("data.")) {
      const id = fieldId(e.field);
      errs[id] = errs[id] ? `${errs[id]}. ${e.message}` : e.message;
    } else extra.push(e.message);
  }
  return { errs, extra, title: err.title };
}

let summaryN = 0;
export function toSummary(errs: Errs, extra: string[] = [], title?: string): Summary {
  summaryN += 1;
  return { title, items: [...Object.entries(errs).map(([field, message]) => ({ field, message })), ...extra.map((message) => ({ message }))], n: summaryN };
}

export const isEmpty = (v: unknown) => v == null || v === "" || (Array.isArray(v) && v.length === 0) || v === false;

export function useCase(id: string) {
  return useData<CaseView>(`/api/cases/${id}`);
}

/** /permohonan/:id — the application form generated from the service's fields. */
