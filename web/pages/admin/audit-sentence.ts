/** One audit entry as a sentence an auditor can read: "Lurah Dedi Kurniawan menandatangani SKD-2026-000001". */
import type { AuditEntry } from "../../api.ts";
import en from "../../i18n/audit-actions.en.json" with { type: "json" };
import id from "../../i18n/audit-actions.id.json" with { type: "json" };
import type { Labels } from "../../ui/labels.ts";
import { addNamespace } from "../../ui/namespace.ts";
import { dateFormat } from "../../ui/intl.ts";

// The audit actions' verbs ship with the audit page, not with the first load.
addNamespace("auditActions", id, en);

/** Who acted: role and name ("Lurah Dedi Kurniawan"), "Sistem" for the platform itself. */
export function actorText(e: AuditEntry, label: Labels, t: (k: string) => string): string {
  if (!e.actorId) return t("labels.system");
  const name = e.actorName ?? t("labels.anonymous");
  const role = label.role(e.actorRole);
  return role ? `${role} ${name}` : name;
}

/** What was acted on, by the name a person uses: a case number, a unit's or person's name (nothing for oneself). */
export function subjectText(e: AuditEntry): string {
  if (e.subjectType === "user" && e.subjectId === e.actorId) return "";
  return e.subjectRef ?? "";
}

export function auditSentence(e: AuditEntry, label: Labels, t: (k: string, o?: Record<string, string>) => string): string {
  return t("labels.sentence", { actor: actorText(e, label, t), verb: label.auditVerb(e.action), subject: subjectText(e) }).trim();
}

/** "2 Des 2026 09.12" in the tenant's time zone. */
export function shortDateTime(iso: string, lang: string, tz?: string): string {
  return dateFormat(lang, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: tz,
  })
    .format(new Date(iso))
    .replace(/,(?= \d{2}[.:]\d{2}$)/, "");
}
