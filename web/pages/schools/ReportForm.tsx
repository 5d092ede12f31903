/**
 * /sekolah/:unitId/laporan/:kind/:period — one periodic report, rendered from its kind's form (data, like a service
 * spec): numbers, text, choices, attendance per class, damage with photos. One page, error summary on top, then a
 * confirmation. A sent report (not returned) is shown read-only.
 */
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "wouter";
import { get, post, ProblemError, uploadFile } from "../../api.ts";
import { choices, ErrorSummary, Field as FieldShell, Options, SubmitButton, type Summary, TextAreaField } from "../../ui/form.tsx";
import { BackLink, formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { DAMAGE_KINDS, type Field, pick, type Report, type ReportForm as Form, SEVERITIES, stateTone, useSchoolsT } from "./shared.tsx";
import "./schools.css";

type Values = Record<string, unknown>;
type ClassRow = { classId: string; [col: string]: number | string | undefined };
type Damage = { item: string; kind: string; severity: string; photoIds: string[] };

const num = (s: string) => (s.trim() === "" ? undefined : Number(s));

export default function ReportForm({ unitId, kind, period }: { unitId: string; kind: string; period: string }) {
  const { t, i18n } = useSchoolsT();
  const lang = i18n.language;
  const [form, setForm] = useState<Form | null>(null);
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Report | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    get<Form>(`/api/schools/${unitId}/reports/${kind}/${period}`).then(
      (f) => {
        setForm(f);
        setValues(f.report ? (f.report.data as Values) : {});
      },
      (e) => setLoadError(String(e.message ?? e)),
    );
  }, [unitId, kind, period]);

  if (loadError) return <Notice kind="warning">{loadError}</Notice>;
  if (!form) return <Loading />;
  const title = `${pick(form.kind.name, lang)} ${period}`;
  const editable = !form.report || form.report.state === "returned";

  if (sent)
    return (
      <>
        <PageTitle>{t("sentTitle")}</PageTitle>
        <Notice title={title}>
          <p>{t("sentBody")}</p>
          {sent.late && <p>{t("sentLate")}</p>}
        </Notice>
        <p>
          <Link href="/sekolah">{t("back")}</Link>
        </p>
      </>
    );

  const set = (name: string, v: unknown) => setValues((old) => ({ ...old, [name]: v }));
  const classRows = (f: Field): ClassRow[] => {
    const cur = (values[f.name] as ClassRow[] | undefined) ?? [];
    return form.classes.map((c) => cur.find((r) => r.classId === c.id) ?? { classId: c.id });
  };
  const setCell = (f: Field, classId: string, col: string, v: string) => {
    const rows = classRows(f).map((r) => (r.classId === classId ? { ...r, [col]: num(v) } : r));
    set(f.name, rows);
  };
  const damages = (f: Field) => (values[f.name] as Damage[] | undefined) ?? [];
  const setDamage = (f: Field, i: number, patch: Partial<Damage>) =>
    set(
      f.name,
      damages(f).map((d, j) => (j === i ? { ...d, ...patch } : d)),
    );

  const onPhoto = async (f: Field, i: number, file: File | undefined) => {
    if (!file) return;
    try {
      const up = await uploadFile<{ id: string }>(`/api/schools/${unitId}/photos`, file);
      setDamage(f, i, { photoIds: [...damages(f)[i].photoIds, up.id] });
    } catch (err) {
      const id = `data.${f.name}[${i}].photoIds`;
      const msg = err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err);
      setErrors({ [id]: msg });
      setSummary({ items: [{ field: id, message: msg }], n: Date.now() });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const data: Values = {};
    for (const f of form.kind.form.fields) if (values[f.name] !== undefined && values[f.name] !== "") data[f.name] = values[f.name];
    try {
      const r = await post<Report>(`/api/schools/${unitId}/reports`, { kind, period, data, ...(form.report ? { version: form.report.version } : {}) });
      setSent(r);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ProblemError) {
        const errs: Record<string, string> = {};
        for (const p of err.errors) errs[p.field] = errs[p.field] ? `${errs[p.field]}. ${p.message ?? p.code}` : (p.message ?? p.code);
        setErrors(errs);
        setSummary({
          title: err.title,
          items: err.errors.map((p) => ({ field: p.field, message: `${labelOf(p.field)}${p.message ?? p.code}` })),
          n: Date.now(),
        });
      } else setSummary({ title: String(err), items: [], n: Date.now() });
    } finally {
      setBusy(false);
    }
  };
  const labelOf = (field: string) => {
    const m = /^data\.([A-Za-z]+)(?:\[(\d+)\])?/.exec(field);
    const f = m && form.kind.form.fields.find((x) => x.name === m[1]);
    if (!f) return "";
    const cls = m[2] !== undefined && f.type === "perClass" ? form.classes[Number(m[2])]?.name : undefined;
    return `${pick(f.label, lang)}${cls ? ` (${cls})` : ""}: `;
  };
  const err = (id: string) =>
    errors[id] ? (
      <p className="field__error" id={`${id}-error`}>
        {errors[id]}
      </p>
    ) : null;
  const describedBy = (id: string) => (errors[id] ? `${id}-error` : undefined);

  return (
    <>
      <BackLink href="/sekolah">{t("back")}</BackLink>
      <PageTitle caption={`${form.school.name} · NPSN ${form.school.npsn}`}>{`${summary ? (lang === "en" ? "Error: " : "Galat: ") : ""}${title}`}</PageTitle>
      <p>
        {t("due", { date: formatDate(form.dueOn) })}{" "}
        {form.report && <StatusTag tone={stateTone(form.report.state)}>{t(`state.${form.report.state}`)}</StatusTag>}{" "}
        {form.report?.late && <StatusTag tone="red">{t("late")}</StatusTag>}
      </p>
      {form.report?.state === "returned" && form.report.reviewComment && (
        <Notice kind="warning" title={t("reviewComment")}>
          <p>{form.report.reviewComment}</p>
        </Notice>
      )}
      {!editable && <Notice kind="info">{t("readOnly")}</Notice>}
      <ErrorSummary summary={summary} />
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!editable} className="school-fieldset">
          {form.kind.form.fields.map((f) => {
            const id = `data.${f.name}`;
            const label = `${pick(f.label, lang)}${f.required ? "" : lang === "en" ? " (optional)" : " (opsional)"}`;
            if (f.type === "integer" || f.type === "money")
              return (
                <FieldShell key={f.name} id={id} label={label} error={errors[id]} errorPrefix={false}>
                  {(d) => (
                    <input
                      id={id}
                      className="input input--w10"
                      type="text"
                      inputMode="numeric"
                      pattern="[0-9]*"
                      value={values[f.name] === undefined ? "" : String(values[f.name])}
                      onChange={(e) => set(f.name, num(e.target.value))}
                      aria-describedby={d}
                      aria-invalid={!!errors[id]}
                    />
                  )}
                </FieldShell>
              );
            if (f.type === "text")
              return (
                <TextAreaField
                  key={f.name}
                  id={id}
                  label={label}
                  error={errors[id]}
                  errorPrefix={false}
                  inputClassName="input"
                  rows={3}
                  maxLength={f.maxLength}
                  value={String(values[f.name] ?? "")}
                  onChange={(e) => set(f.name, e.target.value)}
                />
              );
            if (f.type === "choice")
              return (
                <FieldShell key={f.name} id={id} label={label} error={errors[id]} errorPrefix={false}>
                  {(d) => (
                    <select
                      id={id}
                      className="select"
                      value={String(values[f.name] ?? "")}
                      onChange={(e) => set(f.name, e.target.value || undefined)}
                      aria-describedby={d}
                    >
                      <Options
                        blank={t("choose")}
                        options={choices(
                          f.options,
                          (o) => pick(o.label, lang),
                          (o) => o.value,
                        )}
                      />
                    </select>
                  )}
                </FieldShell>
              );
            if (f.type === "perClass")
              return (
                <section key={f.name} aria-labelledby={`${id}-title`}>
                  <h2 id={`${id}-title`}>{pick(f.label, lang)}</h2>
                  <div id={id} tabIndex={-1}>
                    {err(id)}
                  </div>
                  <div className="class-rows">
                    {form.classes.map((c, i) => {
                      const row = classRows(f)[i];
                      return (
                        <fieldset key={c.id} className="class-row">
                          <legend>
                            {c.name} <span className="field__hint">{t("classHint", { pupils: c.pupils })}</span>
                          </legend>
                          {err(`${id}[${i}].classId`)}
                          <div className="class-row__inputs">
                            {(f.columns ?? []).map((col) => {
                              const cid = `${id}[${i}].${col.name}`;
                              return (
                                <div key={col.name} className={`field${errors[cid] ? " field--error" : ""}`}>
                                  <label className="field__label" htmlFor={cid}>
                                    {pick(col.label, lang)}
                                    <span className="visually-hidden"> {c.name}</span>
                                  </label>
                                  <input
                                    id={cid}
                                    className="input"
                                    type="text"
                                    inputMode="numeric"
                                    pattern="[0-9]*"
                                    value={row[col.name] === undefined ? "" : String(row[col.name])}
                                    onChange={(e) => setCell(f, c.id, col.name, e.target.value)}
                                    aria-invalid={!!errors[cid]}
                                    aria-describedby={describedBy(cid)}
                                  />
                                  {err(cid)}
                                </div>
                              );
                            })}
                          </div>
                        </fieldset>
                      );
                    })}
                  </div>
                </section>
              );
            // damageList
            return (
              <section key={f.name} aria-labelledby={`${id}-title`}>
                <h2 id={`${id}-title`}>{t("damageTitle")}</h2>
                <p className="field__hint">{t("damageHint")}</p>
                {damages(f).map((d, i) => {
                  const did = `${id}[${i}]`;
                  return (
                    <fieldset key={did} className="damage">
                      <legend>
                        {t("damageTitle")} {i + 1}
                      </legend>
                      <FieldShell id={`${did}.item`} label={t("damageItem")} error={errors[`${did}.item`]} errorPrefix={false}>
                        {(d2) => (
                          <input
                            id={`${did}.item`}
                            className="input"
                            value={d.item}
                            onChange={(e) => setDamage(f, i, { item: e.target.value })}
                            aria-describedby={d2}
                          />
                        )}
                      </FieldShell>
                      {(
                        [
                          ["kind", t("damageKind"), choices(DAMAGE_KINDS, (k) => t(`kinds.${k}`))],
                          ["severity", t("severity"), choices(SEVERITIES, (k) => t(`severities.${k}`))],
                        ] as const
                      ).map(([key, label, options]) => (
                        <FieldShell key={key} id={`${did}.${key}`} label={label} error={errors[`${did}.${key}`]} errorPrefix={false}>
                          {(d2) => (
                            <select
                              id={`${did}.${key}`}
                              className="select"
                              value={d[key]}
                              onChange={(e) => setDamage(f, i, { [key]: e.target.value })}
                              aria-describedby={d2}
                            >
                              <Options options={options} />
                            </select>
                          )}
                        </FieldShell>
                      ))}
                      <FieldShell id={`${did}.photoIds`} label={t("photo")} error={errors[`${did}.photoIds`]} errorPrefix={false}>
                        {(d2) => (
                          <>
                            <input
                              id={`${did}.photoIds`}
                              type="file"
                              accept="image/jpeg,image/png,image/webp"
                              capture="environment"
                              onChange={(e) => onPhoto(f, i, e.target.files?.[0])}
                              aria-describedby={d2}
                            />
                            {d.photoIds.length > 0 && <p role="status">{t("photoAdded", { n: d.photoIds.length })}</p>}
                          </>
                        )}
                      </FieldShell>
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() =>
                          set(
                            f.name,
                            damages(f).filter((_, j) => j !== i),
                          )
                        }
                      >
                        {t("removeDamage", { n: i + 1 })}
                      </button>
                    </fieldset>
                  );
                })}
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => set(f.name, [...damages(f), { item: "", kind: "ruang_kelas", severity: "ringan", photoIds: [] }])}
                >
                  {t("addDamage")}
                </button>
              </section>
            );
          })}
        </fieldset>
        {editable && <SubmitButton busy={busy}>{t("submit")}</SubmitButton>}
      </form>
    </>
  );
}
