/** Payments tab: a day's payment records (immutable), flags, and — for Dishub — a correction as a new record. */
import { useCallback, useEffect, useState } from "react";
import { get, post } from "../../api.ts";
import { ErrorSummary, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { formatDateTime, Loading, Notice } from "../../ui/misc.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { rupiah, useParkingT } from "./shared.tsx";
import { todayInCity } from "../../ui/time.ts";

interface Payment {
  id: string;
  pointCode: string;
  method: string;
  gateway: string | null;
  amount: number;
  expectedAmount: number | null;
  counted: boolean;
  flag: string | null;
  correctsId: string | null;
  note: string | null;
  paidAt: string;
}

export function PaymentsTab({ canManage }: { canManage: boolean }) {
  const { t } = useParkingT();
  const [date, setDate] = useState(() => todayInCity());
  const [items, setItems] = useState<Payment[] | null>(null);
  const [target, setTarget] = useState<Payment | null>(null);
  const [done, setDone] = useState(false);
  const load = useCallback(() => {
    setItems(null);
    get<{ items: Payment[] }>(`/api/parking/payments?date=${date}`).then((r) => setItems(r.items));
  }, [date]);
  useEffect(load, [load]);
  const form = useForm({ amount: "", note: "" }, { labels: { amount: t("payments.amount"), note: t("payments.note") } });
  const correct = form.submit(
    (v): Record<string, string> => (Number.isInteger(Number(v.amount)) && Number(v.amount) !== 0 ? {} : { amount: t("payments.amountHint") }),
    async (v) => {
      if (!target) return;
      await post(`/api/parking/payments/${target.id}/corrections`, { amount: Number(v.amount), note: v.note });
      setTarget(null);
      setDone(true);
      load();
    },
  );
  return (
    <>
      <p>{t("payments.lead")}</p>
      <TextField id="pay-date" type="date" label={t("console.date")} width="10" value={date} onChange={(e) => setDate(e.target.value)} />
      {done && <Notice title={t("payments.corrected")} />}
      {!items ? (
        <Loading />
      ) : (
        <DataTable
          className="table"
          wrap="div"
          empty={t("payments.none")}
          rows={items.slice(0, 200)}
          rowKey={(x) => x.id}
          columns={[
            { key: "time", header: t("payments.time"), cell: (x) => formatDateTime(x.paidAt) },
            { key: "point", header: t("console.point"), cell: (x) => x.pointCode },
            { key: "method", header: t("payments.method"), cell: (x) => `${t(`payments.methods.${x.method}`)}${x.gateway ? ` (${x.gateway})` : ""}` },
            { key: "amount", header: t("payments.amount"), cell: (x) => rupiah(x.amount) },
            { key: "expected", header: t("payments.expected"), cell: (x) => (x.expectedAmount == null ? "—" : rupiah(x.expectedAmount)) },
            {
              key: "status",
              header: t("payments.status"),
              cell: (x) => (
                <>
                  <StatusTag tone={!x.counted ? "red" : x.flag ? "orange" : "green"}>
                    {x.flag ? t(`payments.flags.${x.flag}`) : t("payments.counted")}
                  </StatusTag>
                  {x.note && <div className="muted">{x.note}</div>}
                </>
              ),
            },
            ...(canManage
              ? [
                  {
                    key: "action",
                    header: t("payments.action"),
                    cell: (x: Payment) =>
                      x.method !== "correction" && (
                        <button type="button" className="button button--secondary button--small" onClick={() => setTarget(x)}>
                          {t("payments.correct")}
                        </button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {target && (
        <form onSubmit={correct} noValidate aria-labelledby="pk-correct">
          <h2 id="pk-correct">{t("payments.correctTitle", { amount: rupiah(target.amount), point: target.pointCode })}</h2>
          <ErrorSummary summary={form.summary} />
          <TextField id="amount" label={t("payments.amount")} hint={t("payments.amountHint")} inputMode="numeric" width="10" {...form.bind("amount")} />
          <TextField id="note" label={t("payments.note")} {...form.bind("note")} />
          <SubmitButton busy={form.submitting}>{t("payments.save")}</SubmitButton>
        </form>
      )}
    </>
  );
}
