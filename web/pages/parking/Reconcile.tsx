/** Reconciliation tab: upload the gateway's settlement CSV for a day; every mismatch is listed (errors by line and column). */
import { useState } from "react";
import { uploadFile } from "../../api.ts";
import { choices, ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { type ParkingReconciliation as Result, rupiah, useParkingT } from "./shared.tsx";
import { todayInCity } from "../../ui/time.ts";

const GATEWAYS = ["dev", "midtrans", "doku", "xendit", "snap"];

export function ReconcileTab() {
  const { t } = useParkingT();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm(
    { gateway: "dev", date: todayInCity(), file: "" },
    { labels: { gateway: t("console.gateway"), date: t("console.date"), file: t("console.file") } },
  );
  const submit = form.submit(
    (): Record<string, string> => (file ? {} : { file: t("console.file") }),
    async (v) => {
      setResult(null);
      setResult(await uploadFile<Result>(`/api/parking/settlements?gateway=${v.gateway}&date=${v.date}`, file as File));
    },
  );
  return (
    <>
      <p>{t("console.reconcileLead")}</p>
      <ErrorSummary summary={form.summary} />
      <form onSubmit={submit} noValidate>
        <SelectField id="gateway" label={t("console.gateway")} {...form.bind("gateway")} options={choices(GATEWAYS, (g) => g)} />
        <TextField id="date" type="date" label={t("console.date")} width="10" {...form.bind("date")} />
        <TextField
          id="file"
          type="file"
          accept=".csv,text/csv"
          label={t("console.file")}
          error={form.errors.file}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <SubmitButton busy={form.submitting}>{t("console.upload")}</SubmitButton>
      </form>
      {result && (
        <section aria-live="polite">
          <p>
            {t("console.lines", {
              lines: result.lines,
              settled: rupiah(result.settledAmount),
              recorded: rupiah(result.recordedAmount),
              matched: result.matched,
            })}
          </p>
          <DataTable
            className="table"
            wrap="div"
            empty={t("console.noMismatch")}
            rows={result.mismatches}
            rowKey={(m) => `${m.kind}-${m.transactionId}-${m.line}`}
            columns={[
              { key: "kind", header: t("console.mismatchKind"), cell: (m) => t(`console.kinds.${m.kind}`) },
              { key: "txn", header: t("console.txn"), cellClassName: "mono", cell: (m) => m.transactionId },
              { key: "line", header: t("console.line"), cell: (m) => m.line ?? "—" },
              { key: "settled", header: t("console.settled"), cell: (m) => (m.settledAmount == null ? "—" : rupiah(m.settledAmount)) },
              { key: "recorded", header: t("console.recorded"), cell: (m) => (m.balaiAmount == null ? "—" : rupiah(m.balaiAmount)) },
            ]}
          />
        </section>
      )}
    </>
  );
}
