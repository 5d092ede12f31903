import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { post, ProblemError, put, uploadFile } from "../../api.ts";
import { ErrorSummary, type Summary } from "../../ui/form.tsx";
import { BackLink, formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { type CaseFile, type CaseView, type FormField, fieldId, fileSize, type Region, useData, useLoc } from "./shared.tsx";

type Data = Record<string, unknown>;
type Errs = Record<string, string>;

/** Errors from a failed submit, carried from the check page back to the form. */
let carried: { id: string; errs: Errs; title?: string } | null = null;

function problemToErrors(err: unknown): { errs: Errs; extra: string[]; title?: string } {
  if (!(err instanceof ProblemError)) return { errs: {}, extra: [String(err)] };
  const errs: Errs = {};
  const extra: string[] = [];
  for (const e of err.errors) {
    if (e.field.startsWith("data.")) {
      const id = fieldId(e.field);
      errs[id] = errs[id] ? `${errs[id]}. ${e.message}` : e.message;
    } else extra.push(e.message);
  }
  return { errs, extra, title: err.title };
}

let summaryN = 0;
function toSummary(errs: Errs, extra: string[] = [], title?: string): Summary {
  summaryN += 1;
  return { title, items: [...Object.entries(errs).map(([field, message]) => ({ field, message })), ...extra.map((message) => ({ message }))], n: summaryN };
}

const isEmpty = (v: unknown) => v == null || v === "" || (Array.isArray(v) && v.length === 0) || v === false;

function useCase(id: string) {
  return useData<CaseView>(`/api/cases/${id}`);
}

/** /permohonan/:id — the application form generated from the service's fields. */
export function ApplicationForm({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const [, navigate] = useLocation();
  const { data: c, error } = useCase(params.id);
  const regions = useData<Region[]>("/api/regions");
  const [values, setValues] = useState<Data | null>(null);
  const [files, setFiles] = useState<CaseFile[]>([]);
  const [version, setVersion] = useState(0);
  const [errs, setErrs] = useState<Errs>({});
  const [summary, setSummary] = useState<Summary | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!c || values) return;
    setValues({ ...c.data });
    setFiles(c.files);
    setVersion(c.version);
    if (carried?.id === c.id) {
      setErrs(carried.errs);
      setSummary(toSummary(carried.errs, [], carried.title));
      carried = null;
    }
  }, [c, values]);

  // "Change" links from the check page land here with #field: focus that field once the form is on screen.
  const ready = !!values;
  useEffect(() => {
    if (!ready || !window.location.hash) return;
    const el = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }
  }, [ready]);

  if (error) return <CaseError error={error} />;
  if (!c || !values) return <Loading />;
  if (!c.editable) {
    return (
      <>
        <PageTitle>{loc(c.service.name)}</PageTitle>
        <p>{t("form.notEditable")}</p>
        <p>
          <Link href={`/layanan-saya/${c.id}`}>{t("form.viewCase")}</Link>
        </p>
      </>
    );
  }

  const set = (name: string, v: unknown) => {
    setSaved(false);
    setValues((old) => ({ ...old, [name]: v }));
  };

  const validate = (): Errs => {
    const e: Errs = {};
    for (const f of c.form.fields) {
      const v = values[f.name];
      const label = loc(f.label);
      if (f.type === "address") {
        const a = (v ?? {}) as Record<string, string>;
        if (f.required || a.street || a.kecamatan) {
          if (!a.street?.trim()) e[fieldId(`${f.name}.street`)] = t("form.enterField", { label: t("form.street") });
          if (!a.kecamatan) e[fieldId(`${f.name}.kecamatan`)] = t("form.chooseField", { label: t("form.kecamatan") });
          else if (!a.kelurahan) e[fieldId(`${f.name}.kelurahan`)] = t("form.chooseField", { label: t("form.kelurahan") });
        }
        continue;
      }
      if (f.required && f.type !== "checkbox" && isEmpty(v)) {
        e[fieldId(f.name)] =
          f.type === "file"
            ? t("form.uploadField", { label })
            : f.type === "choice" || f.type === "multichoice"
              ? t("form.chooseField", { label })
              : t("form.enterField", { label });
        continue;
      }
      if (f.required && f.type === "checkbox" && v !== true) e[fieldId(f.name)] = t("form.tickField", { label });
      if (f.type === "nik" && typeof v === "string" && v && !/^\d{16}$/.test(v)) e[fieldId(f.name)] = t("form.nik16", { label });
    }
    return e;
  };

  const save = async () => {
    const res = await put<{ version: number }>(`/api/cases/${c.id}/answers`, { version, data: values });
    setVersion(res.version);
    return res;
  };

  const fail = (err: unknown) => {
    if (err instanceof ProblemError && err.status === 409) {
      setSummary(toSummary({}, [t("form.stale")]));
      return;
    }
    const p = problemToErrors(err);
    setErrs(p.errs);
    setSummary(toSummary(p.errs, p.extra, p.title));
  };

  const onSaveDraft = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await save();
      setErrs({});
      setSummary(null);
      setSaved(true);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const onContinue = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const v = validate();
    if (Object.keys(v).length) {
      setErrs(v);
      setSummary(toSummary(v));
      return;
    }
    setBusy(true);
    try {
      await save();
      navigate(`/permohonan/${c.id}/periksa`);
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  const onUpload = async (f: FormField, list: FileList | null) => {
    if (!list?.length) return;
    const id = fieldId(f.name);
    setErrs((old) => {
      const { [id]: _, ...rest } = old;
      return rest;
    });
    for (const file of Array.from(list)) {
      if (f.maxSizeMb && file.size > f.maxSizeMb * 1_000_000) {
        setErrs((old) => ({ ...old, [id]: t("form.tooLarge", { label: loc(f.label), mb: f.maxSizeMb }) }));
        return;
      }
      try {
        const up = await uploadFile<CaseFile>(`/api/cases/${c.id}/files?field=${encodeURIComponent(f.name)}`, file);
        const rec: CaseFile = { ...up, field: f.name };
        setFiles((old) => [...(f.multiple ? old : old.filter((x) => x.field !== f.name)), rec]);
        setValues((old) => {
          const cur = old?.[f.name];
          return { ...old, [f.name]: f.multiple ? [...(Array.isArray(cur) ? cur : []), up.id] : up.id };
        });
        setSaved(false);
      } catch (err) {
        const msg = err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err);
        setErrs((old) => ({ ...old, [id]: msg }));
      }
    }
  };

  const removeFile = (f: FormField, fileId: string) => {
    setFiles((old) => old.filter((x) => x.id !== fileId));
    setValues((old) => {
      const cur = old?.[f.name];
      return { ...old, [f.name]: Array.isArray(cur) ? cur.filter((x) => x !== fileId) : null };
    });
  };

  return (
    <>
      <BackLink href={`/layanan/${c.service.key}`}>{t("common.back")}</BackLink>
      <ErrorSummary summary={summary} />
      <PageTitle caption={c.state === "correction" ? t("form.correctionCaption") : t("form.caption")}>{loc(c.service.name)}</PageTitle>
      {saved && <Notice>{t("form.draftSaved")}</Notice>}
      <p>{t("form.intro")}</p>
      <form onSubmit={onContinue} noValidate>
        {c.form.fields.map((f) => (
          <FieldInput
            key={f.name}
            f={f}
            value={values[f.name]}
            errs={errs}
            files={files.filter((x) => x.field === f.name)}
            regions={regions.data}
            onChange={(v) => set(f.name, v)}
            onUpload={(l) => onUpload(f, l)}
            onRemove={(id) => removeFile(f, id)}
          />
        ))}
        <div className="button-group">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {t("form.continue")}
          </button>
          <button type="button" className="button button--secondary" onClick={onSaveDraft} aria-disabled={busy || undefined}>
            {t("form.saveDraft")}
          </button>
        </div>
      </form>
    </>
  );
}

function Hint({ id, text }: { id: string; text?: string }) {
  return text ? (
    <div className="field__hint" id={`${id}-hint`}>
      {text}
    </div>
  ) : null;
}

function Err({ id, msg }: { id: string; msg?: string }) {
  const { t } = useTranslation();
  return msg ? (
    <p className="field__error" id={`${id}-error`}>
      <span className="visually-hidden">{t("form.errorPrefix")} </span>
      {msg}
    </p>
  ) : null;
}

const describe = (id: string, hint?: string, err?: string) => [hint ? `${id}-hint` : "", err ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

function FieldInput({
  f,
  value,
  errs,
  files,
  regions,
  onChange,
  onUpload,
  onRemove,
}: {
  f: FormField;
  value: unknown;
  errs: Errs;
  files: CaseFile[];
  regions: Region[] | null;
  onChange: (v: unknown) => void;
  onUpload: (l: FileList | null) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const id = fieldId(f.name);
  const err = errs[id];
  const label = `${loc(f.label)}${f.required ? "" : ` ${t("form.optional")}`}`;
  const hint = loc(f.help) || undefined;
  const cls = `field${err ? " field--error" : ""}`;
  const common = { id, name: f.name, "aria-describedby": describe(id, hint, err), "aria-invalid": err ? true : undefined };
  const str = typeof value === "string" || typeof value === "number" ? String(value) : "";

  if (f.type === "choice" || f.type === "multichoice") {
    const multi = f.type === "multichoice";
    const arr = Array.isArray(value) ? (value as string[]) : [];
    return (
      <fieldset className={`${cls} fieldset`} aria-describedby={describe(id, hint, err)}>
        <legend className="field__label">{label}</legend>
        <Hint id={id} text={hint} />
        <Err id={id} msg={err} />
        <div className="radios">
          {(f.options ?? []).map((o, i) => {
            const oid = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div className="radio" key={o.value}>
                <input
                  type={multi ? "checkbox" : "radio"}
                  id={oid}
                  name={f.name}
                  value={o.value}
                  checked={multi ? arr.includes(o.value) : value === o.value}
                  onChange={(e) => onChange(multi ? (e.target.checked ? [...arr, o.value] : arr.filter((x) => x !== o.value)) : o.value)}
                />
                <label htmlFor={oid}>{loc(o.label)}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    );
  }

  if (f.type === "checkbox") {
    return (
      <div className={cls}>
        <Err id={id} msg={err} />
        <div className="radio">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <label htmlFor={id}>{label}</label>
        </div>
        <Hint id={id} text={hint} />
      </div>
    );
  }

  if (f.type === "address") {
    const a = (value && typeof value === "object" ? value : {}) as Record<string, string>;
    const upd = (k: string, v: string) => onChange({ ...a, [k]: v, ...(k === "kecamatan" ? { kelurahan: "" } : {}) });
    const kec = regions?.find((r) => r.code === a.kecamatan);
    const sub = (k: string) => fieldId(`${f.name}.${k}`);
    const subField = (k: string, lab: string, input: React.ReactNode, extraCls = "") => (
      <div className={`field${errs[sub(k)] ? " field--error" : ""}${extraCls}`}>
        <label className="field__label field__label--small" htmlFor={sub(k)}>
          {lab}
        </label>
        <Err id={sub(k)} msg={errs[sub(k)]} />
        {input}
      </div>
    );
    const subProps = (k: string) => ({
      id: sub(k),
      name: `${f.name}.${k}`,
      "aria-describedby": errs[sub(k)] ? `${sub(k)}-error` : undefined,
      "aria-invalid": errs[sub(k)] ? true : undefined,
    });
    return (
      <fieldset className={`${cls} fieldset`} id={id} tabIndex={-1}>
        <legend className="field__label">{label}</legend>
        <Hint id={id} text={hint} />
        <Err id={id} msg={err} />
        {subField(
          "street",
          t("form.street"),
          <input
            className="input input--wfull"
            autoComplete="street-address"
            {...subProps("street")}
            value={a.street ?? ""}
            onChange={(e) => upd("street", e.target.value)}
          />,
        )}
        <div className="form-row address-row">
          {subField(
            "rt",
            t("form.rt"),
            <input
              className="input input--w6"
              inputMode="numeric"
              maxLength={3}
              {...subProps("rt")}
              value={a.rt ?? ""}
              onChange={(e) => upd("rt", e.target.value)}
            />,
          )}
          {subField(
            "rw",
            t("form.rw"),
            <input
              className="input input--w6"
              inputMode="numeric"
              maxLength={3}
              {...subProps("rw")}
              value={a.rw ?? ""}
              onChange={(e) => upd("rw", e.target.value)}
            />,
          )}
        </div>
        {subField(
          "kecamatan",
          t("form.kecamatan"),
          <select className="select" {...subProps("kecamatan")} value={a.kecamatan ?? ""} onChange={(e) => upd("kecamatan", e.target.value)}>
            <option value="">{t("form.choose")}</option>
            {(regions ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>,
        )}
        {subField(
          "kelurahan",
          t("form.kelurahan"),
          <select className="select" {...subProps("kelurahan")} value={a.kelurahan ?? ""} onChange={(e) => upd("kelurahan", e.target.value)} disabled={!kec}>
            <option value="">{kec ? t("form.choose") : t("form.chooseKecamatanFirst")}</option>
            {(kec?.kelurahan ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>,
        )}
      </fieldset>
    );
  }

  if (f.type === "file") {
    const accept = f.accept?.join(",");
    const kinds = (f.accept ?? []).map((m) => m.split("/")[1]?.toUpperCase().replace("JPEG", "JPG")).join(", ");
    const fileHint = [hint, kinds && t("form.fileHint", { kinds, mb: f.maxSizeMb ?? 25 })].filter(Boolean).join(". ");
    return (
      <div className={cls}>
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <Hint id={id} text={fileHint} />
        <Err id={id} msg={err} />
        {files.length > 0 && (
          <ul className="file-list" aria-live="polite">
            {files.map((x) => (
              <li key={x.id}>
                <span className="file-list__name" data-testid={`uploaded-${f.name}`}>
                  {x.filename}
                </span>{" "}
                <span className="muted">({fileSize(x.size)})</span>{" "}
                <button type="button" className="link-button" onClick={() => onRemove(x.id)}>
                  {t("form.removeFile")}
                  <span className="visually-hidden"> {x.filename}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          type="file"
          className="file-input"
          {...common}
          accept={accept}
          multiple={f.multiple}
          onChange={(e) => {
            onUpload(e.target.files);
            e.target.value = "";
          }}
        />
      </div>
    );
  }

  const fieldHint = hint;
  if (f.type === "textarea") {
    return (
      <div className={cls}>
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <Hint id={id} text={fieldHint} />
        <Err id={id} msg={err} />
        <textarea className="input input--wfull textarea" rows={4} maxLength={f.maxLength} {...common} value={str} onChange={(e) => onChange(e.target.value)} />
      </div>
    );
  }

  const extra: Record<string, unknown> = {};
  let type = "text";
  let width = "input--wfull";
  if (f.type === "nik") {
    Object.assign(extra, { inputMode: "numeric", pattern: "[0-9]*", maxLength: 16, autoComplete: "off", spellCheck: false });
    width = "input--w20";
  } else if (f.type === "phone") {
    type = "tel";
    Object.assign(extra, { autoComplete: "tel" });
    width = "input--w20";
  } else if (f.type === "email") {
    type = "email";
    Object.assign(extra, { autoComplete: "email", spellCheck: false });
  } else if (f.type === "number") {
    Object.assign(extra, { inputMode: "decimal" });
    width = "input--w10";
  } else if (f.type === "date") {
    type = "date";
    width = "input--w10";
  } else if (f.name === "nama") {
    Object.assign(extra, { autoComplete: "name" });
  }
  return (
    <div className={cls}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} text={fieldHint} />
      <Err id={id} msg={err} />
      <input
        type={type}
        className={`input ${width}`}
        maxLength={f.maxLength}
        {...extra}
        {...common}
        value={str}
        onChange={(e) => {
          const v = e.target.value;
          onChange(f.type === "number" ? (v === "" ? null : Number.isNaN(Number(v)) ? v : Number(v)) : v);
        }}
      />
    </div>
  );
}

function CaseError({ error }: { error: ProblemError }) {
  const { t } = useTranslation("citizen");
  return (
    <>
      <PageTitle>{error.status === 404 || error.status === 403 ? t("case.notFound") : t("common.error")}</PageTitle>
      <p>{error.status === 404 || error.status === 403 ? t("case.notFoundBody") : error.title}</p>
      <p>
        <Link href="/layanan-saya">{t("common.backToMine")}</Link>
      </p>
    </>
  );
}

/** Human-readable answer for the check page and the case page. */
export function AnswerValue({ f, value, files, regions }: { f: FormField; value: unknown; files: CaseFile[]; regions: Region[] | null }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  if (f.type === "file") {
    const mine = files.filter((x) => x.field === f.name);
    if (!mine.length) return <span className="muted">{t("check.none")}</span>;
    return (
      <ul className="plain-list">
        {mine.map((x) => (
          <li key={x.id}>
            <a href={`/api/files/${x.id}`}>{x.filename}</a>
          </li>
        ))}
      </ul>
    );
  }
  if (isEmpty(value) && f.type !== "checkbox") return <span className="muted">{t("check.none")}</span>;
  if (f.type === "address") {
    const a = value as Record<string, string>;
    const kec = regions?.find((r) => r.code === a.kecamatan);
    const kel = kec?.kelurahan.find((k) => k.code === a.kelurahan);
    return (
      <>
        {a.street}
        {a.rt || a.rw ? `, RT ${a.rt ?? "-"}/RW ${a.rw ?? "-"}` : ""}
        <br />
        {kel?.name ?? a.kelurahan}, {kec?.name ?? a.kecamatan}
      </>
    );
  }
  if (f.type === "checkbox") return <>{value === true ? t("check.yes") : t("check.no")}</>;
  if (f.type === "choice") return <>{loc(f.options?.find((o) => o.value === value)?.label) || String(value)}</>;
  if (f.type === "multichoice") {
    const arr = Array.isArray(value) ? (value as string[]) : [];
    return <>{arr.map((v) => loc(f.options?.find((o) => o.value === v)?.label) || v).join(", ")}</>;
  }
  if (f.type === "date" && typeof value === "string") return <>{formatDate(value)}</>;
  return <span className="pre-wrap">{String(value)}</span>;
}

/** /permohonan/:id/periksa — check your answers, then submit (or resubmit after a correction). */
export function CheckAnswers({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const [, navigate] = useLocation();
  const { data: c, error } = useCase(params.id);
  const regions = useData<Region[]>("/api/regions");
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);

  if (error) return <CaseError error={error} />;
  if (!c) return <Loading />;
  const resubmit = c.state === "correction";
  if (!c.editable) {
    return (
      <>
        <PageTitle>{loc(c.service.name)}</PageTitle>
        <p>{t("form.notEditable")}</p>
        <p>
          <Link href={`/layanan-saya/${c.id}`}>{t("form.viewCase")}</Link>
        </p>
      </>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      if (resubmit) {
        await post(`/api/cases/${c.id}/actions/resubmit`, { version: c.version });
        navigate(`/layanan-saya/${c.id}`);
      } else {
        await post(`/api/cases/${c.id}/submit`, { version: c.version });
        navigate(`/permohonan/${c.id}/terkirim`);
      }
    } catch (err) {
      const p = problemToErrors(err);
      if (Object.keys(p.errs).length) {
        carried = { id: c.id, errs: p.errs, title: p.title };
        navigate(`/permohonan/${c.id}`);
        return;
      }
      setSummary(toSummary({}, p.extra, p.title));
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink href={`/permohonan/${c.id}`}>{t("common.back")}</BackLink>
      <ErrorSummary summary={summary} />
      <PageTitle caption={loc(c.service.name)}>{t("check.title")}</PageTitle>
      <dl className="summary-list summary-list--actions">
        {c.form.fields.map((f) => (
          <div key={f.name}>
            <dt>{loc(f.label)}</dt>
            <dd>
              <AnswerValue f={f} value={c.data[f.name]} files={c.files} regions={regions.data} />
            </dd>
            {c.editable && (
              <dd className="summary-list__action">
                <Link href={`/permohonan/${c.id}#${fieldId(f.name)}`}>
                  {t("check.change")}
                  <span className="visually-hidden"> {loc(f.label)}</span>
                </Link>
              </dd>
            )}
          </div>
        ))}
      </dl>
      <h2 className="h">{t("check.declarationTitle")}</h2>
      <p>{t("check.declaration")}</p>
      <form onSubmit={onSubmit}>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {resubmit ? t("check.resubmit") : t("check.submit")}
        </button>
      </form>
    </>
  );
}

/** /permohonan/:id/terkirim — confirmation with the case number. */
export function Confirmation({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const { data: c, error } = useCase(params.id);
  if (error) return <CaseError error={error} />;
  if (!c) return <Loading />;
  return (
    <>
      <div className="confirmation">
        <PageTitle>{t("confirm.title")}</PageTitle>
        <p className="confirmation__body">
          {t("confirm.numberLabel")}
          <br />
          <strong className="confirmation__number" data-testid="case-number">
            {c.number}
          </strong>
        </p>
      </div>
      <p>{t("confirm.service", { service: loc(c.service.name) })}</p>
      <h2 className="h">{t("confirm.nextTitle")}</h2>
      <p>{t("confirm.next", { unit: c.unit?.name ?? "" })}</p>
      {c.slaDueAt && <p>{t("confirm.due", { date: formatDate(c.slaDueAt) })}</p>}
      {c.trackingToken && (
        <>
          <h2 className="h">{t("confirm.trackTitle")}</h2>
          <p>{t("confirm.track")}</p>
          <p className="break">
            <Link href={`/lacak/${c.trackingToken}`}>{`${location.origin}/lacak/${c.trackingToken}`}</Link>
          </p>
        </>
      )}
      <p>
        <Link href={`/layanan-saya/${c.id}`}>{t("confirm.viewCase")}</Link>
      </p>
      <p>
        <Link href="/layanan-saya">{t("common.backToMine")}</Link>
      </p>
    </>
  );
}
