import type { Db } from "../../platform/db.ts";
import { forbidden } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { addWorkingDays, type SlaStatus } from "../../platform/workdays.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { holidaysOf } from "../calendar/index.ts";
import { stateLabel } from "./access.ts";
import { specOf } from "./lookups.ts";
import * as store from "./store-inbox.ts";
import { loadExcel } from "../../platform/lazy.ts";

export interface InboxQuery {
  state?: string;
  service?: string;
  kelurahan?: string;
  sla?: "on_time" | "due_soon" | "overdue";
  status?: "open" | "closed" | "all";
  q?: string;
  sort?: "due" | "newest" | "oldest" | "number";
  limit?: number;
  offset?: number;
}

/** Units whose cases the actor works on; undefined = all (Kominfo admin, auditor). */
export function inboxUnits(actor: Actor): string[] | undefined {
  if (actor.grants.some((g) => g.role === "kominfo_admin" || g.role === "auditor")) return undefined;
  const units = [...new Set(actor.grants.map((g) => g.unitId))];
  if (!units.length) throw forbidden();
  return units;
}

function slaOf(due: Date | null, now: Date, dueSoonBefore: Date): SlaStatus {
  if (!due) return "none";
  if (due.getTime() < now.getTime()) return "overdue";
  return due.getTime() < dueSoonBefore.getTime() ? "due_soon" : "on_time";
}

export async function staffInbox(db: Db, tenant: Tenant, actor: Actor, query: InboxQuery) {
  const now = new Date();
  const holidays = await holidaysOf(db, tenant.id);
  // The same boundary as the SQL filter: due within the next working day = due soon.
  const dueSoonBefore = addWorkingDays(now, 1, tenant.timezone, holidays);
  const rows = await store.inbox(db, tenant.id, {
    unitIds: inboxUnits(actor),
    state: query.state,
    service: query.service,
    kelurahan: query.kelurahan,
    sla: query.sla,
    open: query.status === "all" ? undefined : query.status !== "closed",
    q: query.q?.trim() || undefined,
    sort: query.sort ?? "due",
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
    now,
    dueSoonBefore,
  });
  // Each state by its service version's label: one spec per distinct version (cached by specOf).
  const specs = new Map<string, Awaited<ReturnType<typeof specOf>>>();
  for (const r of rows) {
    const k = `${r.service_key}@${r.service_version}`;
    if (!specs.has(k)) specs.set(k, await specOf(db, tenant.id, r.service_key, r.service_version));
  }
  const labels = rows.map((r) =>
    r.state === "draft"
      ? { id: "Draf", en: "Draft" }
      : stateLabel((specs.get(`${r.service_key}@${r.service_version}`) as Awaited<ReturnType<typeof specOf>>).workflow, r.state),
  );
  return rows.map((r, i) => ({
    id: r.id,
    number: r.number,
    service: { key: r.service_key, name: r.service_name },
    state: r.state,
    stateLabel: labels[i],
    applicantName: r.applicant_name,
    kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: r.kelurahan_name } : null,
    unitName: r.unit_name,
    submittedAt: r.submitted_at,
    slaDueAt: r.sla_due_at,
    sla: r.is_open ? slaOf(r.sla_due_at, now, dueSoonBefore) : "none",
    escalated: !!r.escalated_at,
    isOpen: r.is_open,
    version: r.version,
  }));
}

const COLUMNS = [
  { header: "Nomor", key: "number", width: 20 },
  { header: "Layanan", key: "service", width: 40 },
  { header: "Status", key: "state", width: 16 },
  { header: "Pemohon", key: "applicant", width: 28 },
  { header: "Kelurahan", key: "kelurahan", width: 26 },
  { header: "Unit", key: "unit", width: 30 },
  { header: "Diajukan", key: "submitted", width: 20 },
  { header: "Batas waktu (SLA)", key: "due", width: 20 },
  { header: "Status SLA", key: "sla", width: 12 },
] as const;

type Row = Record<(typeof COLUMNS)[number]["key"], string | Date | null>;

async function exportRows(db: Db, tenant: Tenant, actor: Actor, query: InboxQuery): Promise<Row[]> {
  const rows = await staffInbox(db, tenant, actor, { ...query, limit: 10_000, offset: 0 });
  return rows.map((r) => ({
    number: r.number,
    service: r.service.name,
    state: r.stateLabel.id,
    applicant: r.applicantName,
    kelurahan: r.kelurahan?.name ?? "",
    unit: r.unitName,
    submitted: r.submittedAt ? new Date(r.submittedAt) : null,
    due: r.slaDueAt ? new Date(r.slaDueAt) : null,
    sla: r.sla,
  }));
}

const csvCell = (v: string | Date | null) => {
  const s = v instanceof Date ? v.toISOString() : (v ?? "");
  // Quote everything; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
};

export async function inboxCsv(db: Db, tenant: Tenant, actor: Actor, query: InboxQuery): Promise<string> {
  const rows = await exportRows(db, tenant, actor, query);
  const lines = [COLUMNS.map((c) => csvCell(c.header)).join(","), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c.key])).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function inboxXlsx(db: Db, tenant: Tenant, actor: Actor, query: InboxQuery): Promise<Buffer> {
  const rows = await exportRows(db, tenant, actor, query);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = `Balai ${tenant.name}`;
  const ws = wb.addWorksheet("Permohonan");
  ws.columns = COLUMNS.map((c) => ({ ...c }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of rows) ws.addRow(r);
  for (const key of ["submitted", "due"]) ws.getColumn(key).numFmt = "dd/mm/yyyy hh:mm";
  ws.autoFilter = { from: "A1", to: `I${rows.length + 1}` };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
