/** CSV/XLSX import of prices with row-by-row errors. */
import { type FormEvent, useState } from "react";
import { post } from "../../api.ts";
import { Notice } from "../../ui/misc.tsx";
import { usePricesT } from "./shared.tsx";

import type { EntryResult } from "./EntryGrid.tsx";
import { FileField, useProblem } from "../../ui/form.tsx";

export function Import() {
  const { t } = usePricesT();
  const [file, setFile] = useState<File | null>(null);
  const { problem: err, busy, attempt, clearProblem } = useProblem();
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState<(EntryResult & { rows: number }) | null>(null);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setDone(null);
    await attempt(
      async () => {
        const buf = new Uint8Array(await file.arrayBuffer());
        let bin = "";
        for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
        return post<EntryResult & { rows: number }>("/api/prices/import", { filename: file.name, content: btoa(bin), confirm });
      },
      (res) => {
        setDone(res);
        setConfirm(false);
      },
    );
  }
  return (
    <form onSubmit={send} noValidate>
      <p>{t("console.importHint")}</p>
      <FileField
        id="kh-file"
        label={t("console.file")}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onFile={(f) => {
          setFile(f);
          clearProblem();
          setConfirm(false);
        }}
      />
      {done && <Notice title={t("console.imported", { ...done })}>{done.alerts > 0 && <p>{t("console.alertsRaised", { count: done.alerts })}</p>}</Notice>}
      {err && (
        <div className="error-summary" role="alert">
          <h2 className="error-summary__title">{err.code === "price-questioned" ? t("console.questionedTitle") : t("console.errorsTitle")}</h2>
          <ul className="error-summary__list" data-testid="import-errors">
            {err.errors.length ? err.errors.map((f) => <li key={`${f.field}|${f.code}|${f.message}`}>{f.message}</li>) : <li>{err.title}</li>}
          </ul>
          {err.code === "price-questioned" && (
            <div className="radio">
              <input type="checkbox" id="kh-import-confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
              <label htmlFor="kh-import-confirm">{t("console.confirmCheck")}</label>
            </div>
          )}
        </div>
      )}
      <button type="submit" className="button" disabled={!file || busy} data-busy={busy || undefined}>
        {t("console.import")}
      </button>
    </form>
  );
}
