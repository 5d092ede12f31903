/** /konsol/anggaran — Kominfo/TAPD and OPD staff: drafting per OPD, SIPD imports with line/column errors, lines. */
import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { put, uploadFile } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { FileField, problemMessage, ProblemSummary, SubmitButton, TextField, useProblem } from "../../ui/form.tsx";
import { Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { ApproveForm, RevisionForm } from "./Decisions.tsx";
import { type Line, type Overview, rupiah, thisYear, useBudgetT } from "./shared.tsx";
import { Card } from "../../ui/Section.tsx";

export default function BudgetConsole() {
  const { t, i18n } = useBudgetT();
  const lang = i18n.language;
  const { session } = useSession();
  const year = thisYear();
  const overview = useData<Overview>(`/api/budget/${year}`);
  const [unit, setUnit] = useState("");
  const lines = useData<Line[]>(`/api/budget/${year}/lines${unit ? `?unit=${encodeURIComponent(unit)}` : ""}`);
  const mayLock = hasPermission(session, "budget.lock");
  const mayRevise = hasPermission(session, "budget.revise");
  if (overview.error) return <p role="alert">{overview.error.title}</p>;
  if (!overview.data) return <Loading />;
  const o = overview.data;
  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("console.title")}</PageTitle>
      <p>
        <Link href="/anggaran">{t("console.publicPage")}</Link>
      </p>
      {o.status === "approved" && <Notice kind="info">{t("console.approved", { year })}</Notice>}
      {mayLock && o.status !== "approved" && <Drafting year={year} open={o.draftingOpen} onChange={overview.reload} />}
      {o.status !== "approved" && (
        <Upload
          id="ang-rka"
          title={t("console.import")}
          hint={t("console.importHint")}
          url={`/api/budget/${year}/import`}
          onDone={() => {
            overview.reload();
            lines.reload();
          }}
        />
      )}
      {mayRevise && o.status !== "approved" && (
        <ApproveForm
          year={year}
          onDone={() => {
            overview.reload();
            lines.reload();
          }}
        />
      )}
      {mayRevise && o.status === "approved" && lines.data && !unit && (
        <RevisionForm
          year={year}
          lines={lines.data}
          onDone={() => {
            overview.reload();
            lines.reload();
          }}
        />
      )}
      {mayLock && (
        <Upload id="ang-real" title={t("console.realisation")} hint={t("console.realisationHint")} url={`/api/budget/${year}/realisation`} onDone={() => {}} />
      )}
      <section className="budget-section" aria-labelledby="ang-lines">
        <h2 id="ang-lines">{t("console.lines")}</h2>
        <TextField id="ang-filter" label={t("console.filter")} value={unit} width="10" onChange={(e) => setUnit(e.target.value.toUpperCase())} />
        {lines.data ? (
          <DataTable
            caption={t("console.lines")}
            rowKey={(l) => l.lineKey}
            rows={lines.data}
            cellLabels
            csv={{ filename: `rincian-${year}.csv`, label: "CSV" }}
            columns={[
              { key: "unit", header: t("unit"), cell: (l) => l.unitCode, value: (l) => l.unitCode, sort: true },
              {
                key: "sub",
                header: "Sub kegiatan",
                cell: (l) => <span title={l.subActivityName ?? ""}>{l.subActivityCode}</span>,
                value: (l) => l.subActivityCode,
                sort: true,
              },
              { key: "acc", header: "Kode rekening", cell: (l) => <span title={l.accountName ?? ""}>{l.accountCode}</span>, value: (l) => l.accountCode },
              { key: "desc", header: t("cmp.line"), cell: (l) => l.description, value: (l) => l.description, rowHeader: true },
              { key: "amount", header: t("console.amount"), className: "num", cell: (l) => rupiah(l.amount, lang), value: (l) => l.amount, sort: true },
            ]}
          />
        ) : (
          <Loading />
        )}
      </section>
    </>
  );
}

function Drafting({ year, open, onChange }: { year: number; open: string[]; onChange: () => void }) {
  const { t } = useBudgetT();
  const [code, setCode] = useState("");
  const { problem, attempt } = useProblem();
  const err = problem && problemMessage(problem);
  async function set(unit: string, isOpen: boolean) {
    await attempt(
      () => put(`/api/budget/${year}/drafting/${encodeURIComponent(unit)}`, { open: isOpen }),
      () => {
        setCode("");
        onChange();
      },
    );
  }
  return (
    <Card titleId="ang-draft" title={t("console.drafting")} className="budget-section">
      <p>{t("console.draftingHint")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (code) void set(code, true);
        }}
      >
        <TextField
          id="ang-opd"
          label={t("console.opdCode")}
          value={code}
          width="10"
          error={err ?? undefined}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
        />
        <SubmitButton>{t("console.open")}</SubmitButton>
      </form>
      <h3>{t("console.openList")}</h3>
      {open.length ? (
        <ul>
          {open.map((u) => (
            <li key={u}>
              {u}{" "}
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => void set(u, false)}
                aria-label={`${t("console.close")} ${u}`}
              >
                {t("console.close")}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("console.noneOpen")}</p>
      )}
    </Card>
  );
}

function Upload({ id, title, hint, url, onDone }: { id: string; title: string; hint: string; url: string; onDone: () => void }) {
  const { t } = useBudgetT();
  const [file, setFile] = useState<File | null>(null);
  const { problem, busy, attempt } = useProblem();
  const [done, setDone] = useState<{ rows: number } | null>(null);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setDone(null);
    await attempt(
      () => uploadFile<{ rows: number }>(url, file),
      (r) => {
        setDone(r);
        onDone();
      },
    );
  }
  return (
    <Card titleId={`${id}-title`} title={title} className="budget-section">
      <form onSubmit={send} noValidate>
        <p>{hint}</p>
        <FileField id={`${id}-file`} label={t("console.file")} accept=".csv,.xlsx" onFile={setFile} />
        {done && <Notice title={t("console.imported", { rows: done.rows })} />}
        <ProblemSummary problem={problem} title={t("console.errors")} />
        <button type="submit" className="button" disabled={busy || !file}>
          {t("console.upload")}
        </button>
      </form>
    </Card>
  );
}
