/** Dinkes: a puskesmas's poli with their doctor sessions (kodedokter, day, jampraktek, kapasitas); add and remove sessions. */
import { useCallback, useEffect, useState } from "react";
import { del, get, post } from "../../api.ts";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { Notice } from "../../ui/misc.tsx";
import { type AdminFacility, type FacilityDetail as Detail, useHealthT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

export function Schedules() {
  const { t } = useHealthT();
  const days = t("sched.days", { returnObjects: true }) as string[];
  const [facilities, setFacilities] = useState<{ id: string; name: string }[]>([]);
  const [facilityId, setFacilityId] = useState("");
  useEffect(() => {
    get<AdminFacility[]>("/api/health/admin/facilities").then((list) => {
      setFacilities(list);
      setFacilityId((f) => f || (list[0]?.id ?? ""));
    });
  }, []);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [done, setDone] = useState(false);
  const load = useCallback(() => {
    if (facilityId) get<Detail>(`/api/public/health/facilities/${facilityId}`).then(setDetail);
  }, [facilityId]);
  useEffect(load, [load]);
  const form = useForm(
    { poliId: "", kodedokter: "", namadokter: "", weekday: "1", jampraktek: "08:00-12:00", kapasitas: "20" },
    { labels: { kodedokter: t("sched.code"), namadokter: t("sched.doctor"), jampraktek: t("sched.hours"), kapasitas: t("sched.capacity") } },
  );
  const poliId = form.values.poliId || detail?.polis[0]?.id || "";
  const onSubmit = form.submit(
    () => ({}),
    async (v) => {
      setDone(false);
      await post(`/api/health/admin/polis/${poliId}/schedules`, {
        kodedokter: Number(v.kodedokter),
        namadokter: v.namadokter,
        weekday: Number(v.weekday),
        jampraktek: v.jampraktek,
        kapasitas: Number(v.kapasitas),
      });
      setDone(true);
      load();
    },
  );
  const rows = detail?.polis.flatMap((p) => p.schedules.map((s) => ({ ...s, poliName: p.name }))) ?? [];
  const columns: Column<(typeof rows)[number]>[] = [
    { key: "poli", header: t("sched.poli"), cell: (r) => r.poliName, rowHeader: true },
    { key: "day", header: t("sched.day"), cell: (r) => days[r.weekday - 1] },
    { key: "hours", header: t("sched.hours"), cell: (r) => r.jampraktek },
    { key: "doctor", header: t("sched.doctor"), cell: (r) => `${r.namadokter} (${r.kodedokter})` },
    { key: "cap", header: t("sched.capacity"), cell: (r) => r.kapasitas, className: "num" },
    {
      key: "remove",
      header: <span className="visually-hidden">{t("sched.remove")}</span>,
      cell: (r) => (
        <button type="button" className="button button--secondary button--small" onClick={() => del(`/api/health/admin/schedules/${r.id}`).then(load)}>
          {t("sched.remove")} <span className="visually-hidden">{`${r.poliName} ${days[r.weekday - 1]} ${r.jampraktek}`}</span>
        </button>
      ),
    },
  ];
  return (
    <Section titleId="hq-sched" title={t("sched.title")} titleClassName="h3">
      <SelectField
        id="hq-sched-facility"
        label={t("sched.facility")}
        value={facilityId}
        onChange={(e) => setFacilityId(e.target.value)}
        options={facilities.map((f) => ({ value: f.id, label: f.name }))}
      />
      <DataTable caption={t("sched.title")} columns={columns} rows={rows} rowKey={(r) => r.id} empty={t("sched.none")} />
      {done && <Notice>{t("sched.added")}</Notice>}
      <ErrorSummary summary={form.summary} />
      <form onSubmit={onSubmit} noValidate className="form-grid">
        <SelectField id="poliId" label={t("sched.poli")} value={poliId} onChange={form.set("poliId")}>
          {detail?.polis.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.kodepoli})
            </option>
          ))}
        </SelectField>
        <SelectField id="weekday" label={t("sched.day")} {...form.bind("weekday")} options={days.map((d, i) => ({ value: String(i + 1), label: d }))} />
        <TextField id="namadokter" label={t("sched.doctor")} {...form.bind("namadokter")} />
        <TextField id="kodedokter" label={t("sched.code")} {...form.bind("kodedokter")} inputMode="numeric" width="10" />
        <TextField id="jampraktek" label={t("sched.hours")} hint={t("sched.hoursHint")} {...form.bind("jampraktek")} width="10" />
        <TextField id="kapasitas" label={t("sched.capacity")} {...form.bind("kapasitas")} inputMode="numeric" width="6" />
        <SubmitButton busy={form.submitting}>{t("sched.add")}</SubmitButton>
      </form>
    </Section>
  );
}
