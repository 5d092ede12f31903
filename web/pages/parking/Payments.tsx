/** Payments tab: a day's payment records (immutable), flags, and — for Dishub — a correction as a new record. */
import { useCallback, useEffect, useState } from "react";
import { get, post } from "../../api.ts";
import { ErrorSummary, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { formatDateTime, Loading, Notice } from "../../ui/misc.tsx";
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
      ) : items.length === 0 ? (
        <p>{t("payments.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("payments.time")}</th>
                <th scope="col">{t("console.point")}</th>
                <th scope="col">{t("payments.method")}</th>
                <th scope="col">{t("payments.amount")}</th>
                <th scope="col">{t("payments.expected")}</th>
                <th scope="col">{t("payments.status")}</th>
                {canManage && <th scope="col">{t("payments.action")}</th>}
              </tr>
            </thead>
            <tbody>
              {items.slice(0, 200).map((x) => (
                <tr key={x.id}>
                  <td>{formatDateTime(x.paidAt)}</td>
                  <td>{x.pointCode}</td>
                  <td>
                    {t(`payments.methods.${x.method}`)}
                    {x.gateway ? ` (${x.gateway})` : ""}
                  </td>
                  <td>{rupiah(x.amount)}</td>
                  <td>{x.expectedAmount == null ? "—" : rupiah(x.expectedAmount)}</td>
                  <td>
                    <StatusTag tone={!x.counted ? "red" : x.flag ? "orange" : "green"}>
                      {x.flag ? t(`payments.flags.${x.flag}`) : t("payments.counted")}
                    </StatusTag>
                    {x.note && <div className="muted">{x.note}</div>}
                  </td>
                  {canManage && (
                    <td>
                      {x.method !== "correction" && (
                        <button type="button" className="button button--secondary button--small" onClick={() => setTarget(x)}>
                          {t("payments.correct")}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {target && (
        <form onSubmit={correct} noValidate aria-labelledby="pk-correct">
          <h2 id="pk-correct">{t("payments.correctTitle", { amount: rupiah(target.amount), point: target.pointCode })}</h2>
          <ErrorSummary summary={form.summary} />
          <TextField
            id="amount"
            label={t("payments.amount")}
            hint={t("payments.amountHint")}
            inputMode="numeric"
            width="10"
            value={form.values.amount}
            onChange={form.set("amount")}
            error={form.errors.amount}
          />
          <TextField id="note" label={t("payments.note")} value={form.values.note} onChange={form.set("note")} error={form.errors.note} />
          <SubmitButton busy={form.submitting}>{t("payments.save")}</SubmitButton>
        </form>
      )}
    </>
  );
}
