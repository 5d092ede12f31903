import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearch } from "wouter";
import { get } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, Labelled, SubmitButton, useForm } from "../../ui/form.tsx";
import { DataTable, timeColumn } from "../../ui/DataTable.tsx";
import { useLabels } from "../../ui/labels.ts";
import { formatDate, formatDateTime, Loading, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { type InboxRow, SlaBadge, useRegions } from "./shared.tsx";
import { KelurahanOptions } from "../../ui/KelurahanOptions.tsx";
import { FilterBar } from "../../ui/FilterBar.tsx";

const LIMIT = 50;
const KEYS = ["status", "sla", "service", "kelurahan", "q", "sort"] as const;
type Filters = Record<(typeof KEYS)[number], string>;
const DEFAULTS: Filters = { status: "open", sla: "", service: "", kelurahan: "", q: "", sort: "due" };

function parse(search: string): { filters: Filters; offset: number } {
  const p = new URLSearchParams(search);
  const filters = { ...DEFAULTS };
  for (const k of KEYS) {
    const v = p.get(k);
    if (v !== null) filters[k] = v;
  }
  const offset = Math.max(0, Number.parseInt(p.get("offset") ?? "0", 10) || 0);
  return { filters, offset };
}

function query(filters: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const k of KEYS) if (filters[k]) p.set(k, filters[k]);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/** /konsol/permohonan — the staff case inbox: filters in the URL, dense table, pagination, exports. */
export default function Inbox() {
  const { t } = useTranslation();
  const label = useLabels();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const search = useSearch();
  const [, navigate] = useLocation();
  const { filters, offset } = useMemo(() => parse(search), [search]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [rows, setRows] = useState<InboxRow[] | null>(null);
  const regions = useRegions();
  const page = useForm({}, {});
  const { showProblem, clear } = page;

  useEffect(() => setDraft(filters), [filters]);

  useEffect(() => {
    let live = true;
    setRows(null);
    get<InboxRow[]>(`/api/inbox?${query(filters, { limit: String(LIMIT), offset: String(offset) })}`)
      .then((r) => {
        if (!live) return;
        clear();
        setRows(r);
      })
      .catch((err) => {
        if (!live) return;
        setRows([]);
        showProblem(err);
      });
    return () => {
      live = false;
    };
  }, [filters, offset, showProblem, clear]);

  const go = (f: Filters, off = 0) => navigate(`/konsol/permohonan?${query(f, off ? { offset: String(off) } : {})}`);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const exportQs = query(filters);
  /** A filter chosen from a list. */
  const choice = (k: "status" | "sla" | "sort", options: [string, string][]) => (
    <Labelled id={`f-${k}`} label={t(`staffCases.inbox.${k}`)}>
      <select id={`f-${k}`} className="select" value={draft[k]} onChange={set(k)}>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </Labelled>
  );

  const filterActions = (
    <>
      <SubmitButton>{t("staffCases.inbox.apply")}</SubmitButton>
      <button type="button" className="button button--secondary" onClick={() => go(DEFAULTS)}>
        {t("staffCases.inbox.reset")}
      </button>
      <a className="button button--secondary" href={`/api/inbox/export?format=csv${exportQs ? `&${exportQs}` : ""}`} download>
        {t("staffCases.inbox.exportCsv")}
      </a>
      <a className="button button--secondary" href={`/api/inbox/export?format=xlsx${exportQs ? `&${exportQs}` : ""}`} download>
        {t("staffCases.inbox.exportXlsx")}
      </a>
    </>
  );
  return (
    <>
      <ErrorSummary summary={page.summary} />
      <PageTitle caption={session?.tenant.name}>{t("staffCases.inbox.title")}</PageTitle>
      <FilterBar titleId="inbox-filters" title={t("staffCases.inbox.filters")} onSubmit={apply} actions={filterActions} actionsClassName="toolbar__buttons">
        <Labelled id="f-q" label={t("staffCases.inbox.q")}>
          <input id="f-q" className="input input--wfull" type="search" value={draft.q} onChange={set("q")} />
        </Labelled>
        {choice("status", [
          ["open", t("staffCases.inbox.statusOpen")],
          ["closed", t("staffCases.inbox.statusClosed")],
          ["all", t("staffCases.inbox.statusAll")],
        ])}
        {choice("sla", [
          ["", t("staffCases.inbox.slaAny")],
          ["on_time", t("staffCases.sla.on_time")],
          ["due_soon", t("staffCases.sla.due_soon")],
          ["overdue", t("staffCases.sla.overdue")],
        ])}
        <Labelled id="f-service" label={t("staffCases.inbox.service")}>
          <input id="f-service" className="input input--wfull" value={draft.service} onChange={set("service")} spellCheck={false} />
        </Labelled>
        <Labelled id="f-kelurahan" label={t("staffCases.inbox.kelurahan")}>
          <select id="f-kelurahan" className="select" value={draft.kelurahan} onChange={set("kelurahan")}>
            <option value="">{t("staffCases.inbox.kelurahanAny")}</option>
            <KelurahanOptions regions={regions} />
            {draft.kelurahan && !regions.some((k) => k.kelurahan.some((l) => l.code === draft.kelurahan)) && (
              <option value={draft.kelurahan}>{draft.kelurahan}</option>
            )}
          </select>
        </Labelled>
        {choice("sort", [
          ["due", t("staffCases.inbox.sortDue")],
          ["newest", t("staffCases.inbox.sortNewest")],
          ["oldest", t("staffCases.inbox.sortOldest")],
          ["number", t("staffCases.inbox.sortNumber")],
        ])}
      </FilterBar>

      <div aria-live="polite" className="visually-hidden">
        {rows && t("staffCases.inbox.count", { count: rows.length })}
      </div>
      {!rows ? (
        <Loading />
      ) : (
        <DataTable
          caption={t("staffCases.inbox.title")}
          empty={t("staffCases.inbox.none")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "number",
              header: t("staffCases.inbox.number"),
              cellClassName: "mono nowrap",
              value: (r) => r.number,
              sort: true,
              cell: (r) => <Link href={`/konsol/permohonan/${r.id}`}>{r.number}</Link>,
            },
            { key: "service", header: t("staffCases.case.service"), value: (r) => String(r.service.name), sort: true, cell: (r) => String(r.service.name) },
            { key: "applicant", header: t("staffCases.inbox.applicant"), value: (r) => r.applicantName, sort: true, cell: (r) => r.applicantName },
            {
              key: "kelurahan",
              header: t("staffCases.inbox.kelurahan"),
              value: (r) => r.kelurahan?.name ?? r.unitName,
              sort: true,
              cell: (r) => r.kelurahan?.name ?? <span className="muted">{r.unitName}</span>,
            },
            {
              key: "state",
              header: t("staffCases.inbox.state"),
              cellClassName: (r) => (r.isOpen ? undefined : "muted"),
              value: (r) => label.state(r.stateLabel, r.state),
              sort: true,
              cell: (r) => label.state(r.stateLabel, r.state),
            },
            timeColumn<InboxRow>(
              "submitted",
              t("staffCases.inbox.submitted"),
              (r) => r.submittedAt,
              (d) => formatDateTime(d, tz),
            ),
            timeColumn<InboxRow>(
              "due",
              t("staffCases.inbox.due"),
              (r) => r.slaDueAt,
              (d) => formatDate(d, tz),
            ),
            {
              key: "sla",
              header: t("staffCases.inbox.sla"),
              cell: (r) => (r.isOpen ? <SlaBadge sla={r.sla} escalated={r.escalated} /> : <StatusTag tone="grey">{t("staffCases.case.closed")}</StatusTag>),
            },
          ]}
        />
      )}
      {rows && (offset > 0 || rows.length === LIMIT) && (
        <nav className="pager" aria-label={t("staffCases.inbox.page", { page: Math.floor(offset / LIMIT) + 1 })}>
          {offset > 0 && (
            <button type="button" className="button button--secondary" onClick={() => go(filters, Math.max(0, offset - LIMIT))}>
              {t("staffCases.inbox.prev")}
            </button>
          )}{" "}
          <span>{t("staffCases.inbox.page", { page: Math.floor(offset / LIMIT) + 1 })}</span>{" "}
          {rows.length === LIMIT && (
            <button type="button" className="button button--secondary" onClick={() => go(filters, offset + LIMIT)}>
              {t("staffCases.inbox.next")}
            </button>
          )}
        </nav>
      )}
    </>
  );
}
