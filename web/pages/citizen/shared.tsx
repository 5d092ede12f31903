import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, ProblemError } from "../../api.ts";
import "./citizen.css";

export type L = { id: string; en: string };

export interface ServiceSummary {
  key: string;
  kind: string;
  name: L;
  summary: L;
  category: string;
  channel: "online" | "offline" | "hybrid" | "command";
  servedBy: string;
  unit: { code: string; name: string };
  fee: number;
  slaDays: number;
}

export interface Option {
  value: string;
  label: L | string;
}

export interface FormField {
  name: string;
  type: "text" | "textarea" | "number" | "date" | "choice" | "multichoice" | "nik" | "phone" | "email" | "address" | "file" | "checkbox";
  label: L;
  help?: L | string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  options?: Option[];
  accept?: string[];
  maxSizeMb?: number;
  multiple?: boolean;
}

export interface ServiceSpec extends Omit<ServiceSummary, "fee"> {
  prefix: string;
  lifeEvents: string[];
  counter?: L;
  fee: { amount: number; basis?: L | string; variable?: boolean };
  legalBasis: string[];
  requirements: (L & { field?: string; optional?: boolean })[];
  steps: L[];
  form: { fields: FormField[] };
  externalUrl?: string;
  output?: { document?: L };
}

export interface CaseFile {
  id: string;
  field: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy?: string;
}

export interface CaseEvent {
  at: string;
  kind: string;
  action: string | null;
  from: string | null;
  to: string | null;
  toLabel: L | null;
  actorName: string | null;
  actorRole: string | null;
  comment: string | null;
}

export interface CaseView {
  id: string;
  number: string | null;
  trackingToken: string | null;
  service: { key: string; version: number; name: L; prefix: string; kind: string };
  form: { fields: FormField[] };
  state: string;
  stateLabel: L;
  isOpen: boolean;
  outcome: string | null;
  version: number;
  data: Record<string, unknown>;
  unit: { code: string; name: string } | null;
  submittedAt: string | null;
  slaDueAt: string | null;
  editable: boolean;
  actions: { key: string; label: L; requireComment?: boolean }[];
  events: CaseEvent[];
  files: CaseFile[];
}

export interface MyCase {
  id: string;
  number: string | null;
  service: { key: string; name: L };
  state: string;
  stateLabel: L;
  isOpen: boolean;
  editable: boolean;
  submittedAt: string | null;
  updatedAt: string;
  slaDueAt: string | null;
  trackingToken: string | null;
}

export interface Region {
  code: string;
  name: string;
  kelurahan: { code: string; name: string }[];
}

/** Pick the current language from an {id, en} pair (plain strings pass through). */
export function useLoc() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  return useCallback((v: L | string | null | undefined) => (v == null ? "" : typeof v === "string" ? v : (en ? v.en : v.id) || v.id), [en]);
}

const rp = new Intl.NumberFormat("id-ID");
export const rupiah = (n: number) => `Rp${rp.format(n)}`;

export function fileSize(n: number) {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1000))} KB`;
}

/** Load JSON from a URL; `reload` fetches again. */
export function useData<T>(url: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ProblemError | null>(null);
  const [n, setN] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: n triggers a reload
  useEffect(() => {
    if (!url) return;
    let live = true;
    setError(null);
    get<T>(url).then(
      (d) => live && setData(d),
      (e) => live && setError(e instanceof ProblemError ? e : new ProblemError({ status: 0, title: String(e) })),
    );
    return () => {
      live = false;
    };
  }, [url, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data, error, reload, setData };
}

/** Server field path "data.alamat.kelurahan" → element id "f-alamat-kelurahan". */
export const fieldId = (path: string) => `f-${path.replace(/^data\./, "").replaceAll(".", "-")}`;

/** Tag colour for a case state. */
export function stateTag(c: { isOpen: boolean; state: string; outcome?: string | null; editable?: boolean }) {
  if (c.state === "draft") return "tag--grey";
  if (c.editable || c.state === "correction") return "tag--orange";
  if (!c.isOpen) return c.outcome === "success" || c.state === "completed" ? "tag--green" : c.outcome === "failure" ? "tag--red" : "tag--grey";
  return "";
}
