/**
 * /konsol/audit — the audit log as sentences, filtered by person, unit, subject and date, each raw entry one click
 * away. The filters live in the address (`?person=&unitId=&subject=&from=&to=`): a filtered view survives a reload,
 * can be shared, and back/forward step through the filters applied.
 */
import "../staff/staff.css";
import "./audit.css";
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { type AuditEntry, type AuditVerify, get, type Unit } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { ErrorSummary, Labelled, Options, SubmitButton, useForm } from "../../ui/form.tsx";
import { useLabels } from "../../ui/labels.ts";
import { Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { auditSentence, shortDateTime } from "./audit-sentence.ts";
import { buildTree, flatten } from "./units-lib.ts";
import { FilterBar } from "../../ui/FilterBar.tsx";

const PAGE = 100;
const NO_FILTER = { person: "", unitId: "", subject: "", from: "", to: "" };
type Filters = typeof NO_FILTER;

/** The filters set, as a query string (the page's address and the API's share the names). */
function filterQuery(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v.trim()) p.set(k, v.trim());
  return p;
}

function queryOf(f: Filters, before?: number): string {
  const p = filterQuery(f);
  p.set("limit", String(PAGE));
  if (before) p.set("before", String(before));
  return p.toString();
}

/** The filters in the page's address; anything else there is ignored. */
function parseFilters(search: string): Filters {
  const p = new URLSearchParams(search);
  const f = { ...NO_FILTER };
  for (const k of Object.keys(NO_FILTER) as (keyof Filters)[]) f[k] = p.get(k) ?? "";
  return f;
}

export default function Audit() {
  const { t, i18n } = useTranslation();
  const label = useLabels();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [units, setUnits] = useState<Unit[]>([]);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const page = useForm({}, {});
  const { showProblem, clear } = page;

  /** The filters the rows shown belong to (the address may have moved on: back/forward while a list loads). */
  const [rowsFor, setRowsFor] = useState<Filters | null>(null);
  const load = useCallback(
    async (f: Filters, before?: number, wanted: () => boolean = () => true) => {
      try {
        const list = await get<AuditEntry[]>(`/api/admin/audit?${queryOf(f, before)}`);
        if (!wanted()) return;
        clear();
        setRows((old) => (before ? [...(old ?? []), ...list] : list));
        setRowsFor(f);
        setMore(list.length === PAGE);
      } catch (err) {
        if (!wanted()) return;
        setRows((old) => old ?? []);
        setRowsFor(f);
        showProblem(err);
      }
    },
    [showProblem, clear],
  );
  // A new address (applied, reset, back/forward, a shared link): its filters in the form and the list.
  useEffect(() => {
    let live = true;
    setDraft(filters);
    setRows(null);
    void load(filters, undefined, () => live);
    return () => {
      live = false;
    };
  }, [load, filters]);
  useEffect(() => {
    get<Unit[]>("/api/admin/units")
      .then(setUnits)
      .catch(() => setUnits([]));
  }, []);
  const unitOptions = useMemo(() => flatten(buildTree(units)), [units]);

  const go = (f: Filters) => {
    const qs = filterQuery(f).toString();
    navigate(`/konsol/audit${qs ? `?${qs}` : ""}`);
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  const reset = () => {
    setDraft(NO_FILTER);
    go(NO_FILTER);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const filtered = Object.values(filters).some((v) => v.trim());

  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    try {
      setVerify(await get<AuditVerify>("/api/admin/audit/verify"));
    } catch (err) {
      showProblem(err);
    } finally {
      setVerifying(false);
    }
  };

  const when = (r: AuditEntry) => shortDateTime(r.at, i18n.language, tz);
  const sentence = (r: AuditEntry) => auditSentence(r, label, t);

  const filterActions = (
    <>
      <SubmitButton>{t("audit.apply")}</SubmitButton>{" "}
      {(filtered || Object.values(draft).some((v) => v)) && (
        <button type="button" className="button button--secondary" onClick={reset}>
          {t("audit.reset")}
        </button>
      )}
    </>
  );
  return (
    <>
      <ErrorSummary summary={page.summary} />
      <PageTitle caption={session?.tenant.name}>{t("audit.title")}</PageTitle>
      <p>{t("audit.lead")}</p>
      <div className="toolbar">
        <button type="button" className="button button--secondary" onClick={runVerify} aria-disabled={verifying || undefined}>
          {verifying ? t("audit.verifying") : t("audit.verify")}
        </button>
      </div>
      <div aria-live="polite">
        {verify &&
          (verify.ok ? (
            <Notice title={t("audit.okTitle")}>{t("audit.okBody", { count: verify.checked })}</Notice>
          ) : (
            <Notice kind="warning" title={t("audit.badTitle")}>
              {t("audit.badBody", {
                count: verify.checked,
                seq: verify.firstBad?.seq ?? "?",
                lane: verify.firstBad?.lane ?? "?",
                reason: verify.firstBad?.reason ?? "",
              })}
            </Notice>
          ))}
      </div>

      <FilterBar titleId="audit-filters" title={t("audit.filters")} onSubmit={apply} actions={filterActions} actionsClassName="filter-bar__actions">
        <Labelled id="a-person" label={t("audit.person")}>
          <input id="a-person" className="input input--wfull" type="search" value={draft.person} onChange={set("person")} autoComplete="off" />
        </Labelled>
        <Labelled id="a-unit" label={t("audit.unit")}>
          <select id="a-unit" className="select" value={draft.unitId} onChange={set("unitId")}>
            <option value="">{t("audit.unitAny")}</option>
            <Options options={unitOptions.map((u) => ({ value: u.id, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.name}` }))} />
          </select>
        </Labelled>
        <Labelled id="a-subject" label={t("audit.subjectFilter")}>
          <input
            id="a-subject"
            className="input input--wfull"
            value={draft.subject}
            onChange={set("subject")}
            spellCheck={false}
            placeholder="SKD-2026-000001"
          />
        </Labelled>
        <Labelled id="a-from" label={t("audit.from")}>
          <input id="a-from" className="input input--wfull" type="date" value={draft.from} onChange={set("from")} />
        </Labelled>
        <Labelled id="a-to" label={t("audit.to")}>
          <input id="a-to" className="input input--wfull" type="date" value={draft.to} onChange={set("to")} />
        </Labelled>
      </FilterBar>

      {!rows || rowsFor !== filters ? (
        <Loading />
      ) : (
        <DataTable
          caption={filtered ? t("audit.captionFiltered") : t("audit.title")}
          empty={filtered ? t("audit.noneFiltered") : t("audit.none")}
          rows={rows}
          rowKey={(r) => String(r.id)}
          csv={{ filename: "log-audit.csv" }}
          cellLabels
          columns={[
            {
              key: "what",
              header: t("audit.what"),
              // The sentence with its date, as an auditor would write it down: "…menandatangani SKD-2026-000001, 2 Des 2026 09.12".
              value: (r) => `${sentence(r)}, ${when(r)}`,
              cell: (r) => (
                <p className="audit__sentence" data-testid="audit-sentence">
                  {sentence(r)}, <time dateTime={r.at}>{when(r)}</time>
                </p>
              ),
            },
            {
              key: "raw",
              header: t("audit.raw"),
              value: (r) =>
                JSON.stringify({
                  id: r.id,
                  at: r.at,
                  actorId: r.actorId,
                  action: r.action,
                  subjectType: r.subjectType,
                  subjectId: r.subjectId,
                  data: r.data,
                  hash: r.hash,
                }),
              cell: (r) => (
                <details className="audit__raw">
                  <summary>{t("audit.showRaw")}</summary>
                  <dl className="audit__raw-list">
                    <dt>{t("audit.seq")}</dt>
                    <dd className="mono">{r.id}</dd>
                    <dt>{t("audit.at")}</dt>
                    <dd className="mono">{r.at}</dd>
                    <dt>{t("audit.actor")}</dt>
                    <dd className="mono break">{r.actorId ?? t("labels.system")}</dd>
                    <dt>{t("audit.action")}</dt>
                    <dd className="mono">{r.action}</dd>
                    <dt>{t("audit.subject")}</dt>
                    <dd className="mono break">{[r.subjectType, r.subjectId].filter(Boolean).join(" ")}</dd>
                    <dt>{t("audit.data")}</dt>
                    <dd>
                      <pre className="mono audit__json">{JSON.stringify(r.data, null, 2)}</pre>
                    </dd>
                    <dt>{t("audit.hash")}</dt>
                    <dd className="mono break">{r.hash}</dd>
                  </dl>
                </details>
              ),
            },
          ]}
        />
      )}
      {more && rows && (
        <p>
          <button type="button" className="button button--secondary" onClick={() => load(filters, rows[rows.length - 1].id)}>
            {t("audit.older")}
          </button>
        </p>
      )}
    </>
  );
}
