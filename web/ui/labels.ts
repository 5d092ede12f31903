/**
 * Words, not codes: the one place a page turns a code into what a person reads.
 * Workflow states and actions are labelled by their service spec ({id, en} from the catalog, carried by the API);
 * platform codes (roles, channels, event kinds, case status, message status) by `labels.*` in web/i18n/{id,en}.json,
 * audit actions by web/i18n/audit-actions.{id,en}.json (loaded with the audit page). A code nobody has labelled yet is shown as it is, never hidden.
 */
import { useTranslation } from "react-i18next";

export interface Localized {
  id: string;
  en: string;
}

/**
 * An audit action code as a key of the lazy "auditActions" namespace (web/i18n/audit-actions.*.json, registered by the
 * audit page): dots become slashes, since codes such as user.signup and user.signup.inapas would nest.
 */
const auditKey = (code: string) => code.replace(/\./g, "/");
const AUDIT = { ns: "auditActions" } as const;

export function useLabels() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const pick = (l: Localized | string | null | undefined): string => {
    if (l == null) return "";
    if (typeof l === "string") return l;
    return (en ? l.en : l.id) || l.id || l.en || "";
  };
  const code = (group: string, c: string | null | undefined) => (c ? t(`labels.${group}.${c}`, { defaultValue: c }) : "");
  return {
    pick,
    /** A workflow state: its spec label when the API sends it, else the code. */
    state: (label: Localized | null | undefined, key?: string | null) => (label ? pick(label) : (key ?? "")),
    /** A workflow action: its spec label when the API sends it, else the code. */
    action: (label: Localized | null | undefined, key?: string | null) => (label ? pick(label) : (key ?? "")),
    /** A platform or workflow role (kominfo_admin, lurah, citizen, …). */
    role: (r: string | null | undefined) => (!r ? "" : r === "citizen" ? t("labels.roles.citizen") : t(`roles.${r}`, { defaultValue: r })),
    channel: (c: string | null | undefined) => code("channels", c),
    eventKind: (k: string | null | undefined) => code("eventKinds", k),
    /** A case's status in one word: open, or its outcome (success, failure, withdrawn). */
    caseStatus: (isOpen: boolean, outcome?: string | null) => code("caseStatus", isOpen ? "open" : (outcome ?? "success")),
    messageStatus: (s: string | null | undefined) => code("messageStatus", s),
    subjectType: (s: string | null | undefined) => code("subjects", s),
    /** What an audit entry's actor did, as the verb of a sentence ("menandatangani"); unknown codes read «code». */
    auditVerb: (action: string) => (i18n.exists(auditKey(action), AUDIT) ? t(auditKey(action), AUDIT) : t("labels.someAction", { code: action })),
  };
}

export type Labels = ReturnType<typeof useLabels>;
