import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, get, type ApiResponse } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { choices, ErrorSummary, Labelled, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { type DecreeStatus, DecreeWarning } from "./DecreeWarning.tsx";
import "./staff.css";

/** decree: an SKB row; library: the date-holidays baseline (the year has no SKB rows); local: a local day off. */
type Holiday = ApiResponse<"/api/holidays", "get">[number];
const KINDS = ["national", "cuti_bersama", "local"] as const;
const SOURCE_LABEL = { decree: "sourceDecree", library: "sourceLibrary", local: "sourceLocal" } as const;

/**
 * /konsol/hari-libur — the holidays used for SLA working-day arithmetic, per year: the SKB rows Kominfo enters, or
 * (a year without them) the date-holidays baseline, plus local days off.
 */
export default function Holidays() {
  const { t } = useTranslation();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [year, setYear] = useState(new Date().getFullYear());
  const [rows, setRows] = useState<Holiday[] | null>(null);
  const [status, setStatus] = useState<DecreeStatus | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm(
    { day: "", name: "", kind: "local" },
    { labels: { day: t("staffCases.holidays.day"), name: t("staffCases.holidays.name"), kind: t("staffCases.holidays.kind") } },
  );
  const { showProblem } = form;

  const load = useCallback(async () => {
    try {
      const [list, st] = await Promise.all([get<Holiday[]>(`/api/holidays?year=${year}`), get<DecreeStatus>("/api/admin/holidays/status")]);
      setRows(list);
      setStatus(st);
    } catch (err) {
      setRows([]);
      showProblem(err);
    }
  }, [year, showProblem]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = form.submit(
    (v) => {
      const e: Record<string, string> = {};
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.day)) e.day = t("staffCases.holidays.day");
      if (v.name.trim().length < 3) e.name = t("staffCases.holidays.name");
      return e;
    },
    async (v) => {
      await api("PUT", `/api/admin/holidays/${v.day}`, { name: v.name.trim(), kind: v.kind });
      setNotice(t("staffCases.holidays.saved"));
      form.setValues({ day: "", name: "", kind: v.kind });
      await load();
    },
  );
  const adopt = async () => {
    form.clear();
    try {
      const r = await api<{ year: number; inserted: number }>("POST", `/api/admin/holidays/years/${year}/adopt-baseline`);
      setNotice(t("staffCases.holidays.adopted", { count: r.inserted, year: r.year }));
      await load();
    } catch (err) {
      showProblem(err);
    }
  };
  const decreeDays = rows?.filter((h) => h.source === "decree").length ?? 0;
  const libraryYear = rows !== null && decreeDays === 0;

  const remove = async (day: string) => {
    form.clear();
    try {
      await api("DELETE", `/api/admin/holidays/${day}`);
      await load();
    } catch (err) {
      showProblem(err);
    }
  };

  return (
    <>
      <ErrorSummary summary={form.summary} />
      <PageTitle caption={session?.tenant.name}>{t("staffCases.holidays.title")}</PageTitle>
      <DecreeWarning status={status} link={false} />
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      <Labelled id="year" label={t("staffCases.holidays.year")}>
        <select id="year" className="select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[-1, 0, 1, 2, 3].map((d) => {
            const y = new Date().getFullYear() + d;
            return (
              <option key={y} value={y}>
                {y}
              </option>
            );
          })}
        </select>
      </Labelled>
      {rows && (
        <div className="panel">
          <p>{libraryYear ? t("staffCases.holidays.yearLibrary", { year }) : t("staffCases.holidays.yearDecree", { year, count: decreeDays })}</p>
          {libraryYear && (
            <>
              <p>{t("staffCases.holidays.yearLibraryHint", { year })}</p>
              <button type="button" className="button button--secondary" onClick={adopt}>
                {t("staffCases.holidays.adopt", { year })}
              </button>
            </>
          )}
        </div>
      )}
      {!rows ? (
        <Loading />
      ) : (
        <DataTable
          caption={t("staffCases.holidays.title")}
          empty={t("staffCases.holidays.none")}
          rows={rows}
          rowKey={(h) => h.day}
          csv={{ filename: "hari-libur.csv" }}
          columns={[
            {
              key: "day",
              header: t("staffCases.holidays.day"),
              cellClassName: "nowrap",
              value: (h) => h.day,
              sort: true,
              cell: (h) => formatDate(`${h.day}T12:00:00Z`, tz),
            },
            { key: "name", header: t("staffCases.holidays.name"), value: (h) => h.name, sort: true, cell: (h) => h.name },
            {
              key: "kind",
              header: t("staffCases.holidays.kind"),
              value: (h) => t(`staffCases.holidays.${h.kind}`),
              cell: (h) => t(`staffCases.holidays.${h.kind}`),
            },
            {
              key: "source",
              header: t("staffCases.holidays.source"),
              value: (h) => t(`staffCases.holidays.${SOURCE_LABEL[h.source]}`),
              cell: (h) => t(`staffCases.holidays.${SOURCE_LABEL[h.source]}`),
            },
            {
              key: "remove",
              header: <span className="visually-hidden">{t("staffCases.holidays.remove")}</span>,
              csvHeader: t("staffCases.holidays.remove"),
              cellClassName: "actions",
              cell: (h) =>
                h.source !== "library" && (
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={`${t("staffCases.holidays.remove")}: ${h.name}`}
                    onClick={() => remove(h.day)}
                  >
                    {t("staffCases.holidays.remove")}
                  </button>
                ),
            },
          ]}
        />
      )}
      <form className="panel" onSubmit={save} noValidate>
        <h2>{t("staffCases.holidays.add")}</h2>
        <TextField id="day" type="date" label={t("staffCases.holidays.day")} width="10" {...form.bind("day")} />
        <TextField id="name" label={t("staffCases.holidays.name")} {...form.bind("name")} />
        <SelectField id="kind" label={t("staffCases.holidays.kind")} {...form.bind("kind")} options={choices(KINDS, (k) => t(`staffCases.holidays.${k}`))} />
        <SubmitButton busy={form.submitting}>{t("staffCases.holidays.add")}</SubmitButton>
      </form>
    </>
  );
}
