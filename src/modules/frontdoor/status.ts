/**
 * "STATUS <nomor>" by WhatsApp or SMS: the state of a case in words and its last update. Applications are answered
 * only to the applicant's own phone; e-Lapor reports to their reporter, and public ones to anyone. Every other case
 * (someone else's, confidential, a draft, unknown) gets the same "not found" answer: nothing leaks.
 */
import type { Db } from "../../platform/db.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { findUserById } from "../accounts/index.ts";
import { getCaseByNumber, specOf } from "../cases/index.ts";
import { getPublicReport } from "../complaints/index.ts";

/** `STATUS SKD-2026-000001`, `status skd-2026-000001`, `CEK …`: the case number asked for, upper-cased. */
export function statusQuery(text: string): string | undefined {
  const m = /^\s*(?:status|cek)\s*[:#]?\s*([a-z0-9]+(?:-[a-z0-9]+){1,4})\s*$/i.exec(text);
  return m?.[1].toUpperCase();
}

export const formatWhen = (at: Date, timeZone: string) =>
  `${new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone }).format(at)} ${
    timeZone === "Asia/Jakarta" ? "WIB" : timeZone === "Asia/Makassar" ? "WITA" : timeZone === "Asia/Jayapura" ? "WIT" : ""
  }`.trim();

const notFound = (number: string) =>
  `Nomor ${number} tidak ditemukan, atau hanya dapat ditanyakan dari nomor HP pemohonnya. Periksa kembali nomornya (contoh: STATUS SKD-2026-000001).`;

/** The answer to a status query from `phone` (+62…); `undefined` phone: the sender's number could not be read. */
export async function statusAnswer(q: Db, tenant: Tenant, number: string, phone: string | undefined, publicUrl: string | undefined): Promise<string> {
  const c = await getCaseByNumber(q, tenant.id, number);
  if (!c || c.state === "draft") return notFound(number);
  const applicant = c.applicant_id ? await findUserById(q, tenant.id, c.applicant_id) : undefined;
  const own = !!phone && !!applicant?.phone && applicant.phone === phone;
  if (!own) {
    if (c.kind !== "complaint") return notFound(number);
    // A report is told to anyone only while it is public (not confidential, not hidden, not archived).
    const visible = await getPublicReport(q, tenant, number).then(
      () => true,
      () => false,
    );
    if (!visible) return notFound(number);
  }
  const spec = await specOf(q, tenant.id, c.service_key, c.service_version);
  const label = spec.workflow.states.find((s) => s.key === c.state)?.label.id ?? c.state;
  const link = own ? `\nLacak: ${publicUrl ?? ""}/lacak/${c.tracking_token}` : c.kind === "complaint" ? `\nLihat: ${publicUrl ?? ""}/laporan/${number}` : "";
  return `${spec.name.id} ${number}\nStatus: ${label}\nPembaruan terakhir: ${formatWhen(new Date(c.updated_at), tenant.timezone)}${link}`;
}
