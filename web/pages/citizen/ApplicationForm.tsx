/** /permohonan/:id — the citizen's application form, saved as a draft as it is filled in. */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { ProblemError, put, uploadFile } from "../../api.ts";
import { isOffline, type SentFile, withFile } from "../../offline/queue.ts";
import { ErrorSummary, SubmitButton, type Summary, useBusy } from "../../ui/form.tsx";
import { BackLink, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { type CaseFile, type FormField, fieldId, type Region, useData, useLoc } from "./shared.tsx";

import { CaseError, NotEditable } from "./Answers.tsx";
import { FieldInput } from "./FieldInput.tsx";
import { type Data, type Errs, carried, isEmpty, problemToErrors, toSummary, useCase } from "./applicationState.tsx";
import { useLocalAnswers } from "./useLocalAnswers.ts";
import { usePendingFiles } from "./usePendingFiles.ts";

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
  const { busy, run } = useBusy();
  const [restored, setRestored] = useState(false);
  const { local, keep } = useLocalAnswers(c);

  useEffect(() => {
    if (!c || values || local === undefined) return;
    // What was typed on this phone since the last save (a reload when the camera opened) wins over the server's copy.
    setValues({ ...c.data, ...(local?.values ?? {}) });
    setRestored(!!local && Object.entries(local.values).some(([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify(c.data[k] ?? null)));
    setFiles(c.files);
    setVersion(c.version);
    if (carried.value?.id === c.id) {
      setErrs(carried.value.errs);
      setSummary(toSummary(carried.value.errs, [], carried.value.title));
      carried.value = null;
    }
  }, [c, values, local]);

  // A file that waited for signal has been uploaded and linked by the queue: it joins the form, at the case's new version.
  const adopt = useCallback((s: SentFile) => {
    const multiple = Array.isArray(s.value);
    setFiles((old) =>
      old.some((x) => x.id === s.file.id) ? old : [...(multiple ? old : old.filter((x) => x.field !== s.field)), { ...s.file, field: s.field }],
    );
    setValues((old) => (old ? { ...old, [s.field]: withFile(old[s.field], s.file.id, multiple) } : old));
    setVersion((v) => Math.max(v, s.version));
  }, []);
  const waiting = usePendingFiles(c, !!values, adopt);

  // Every change is kept on the phone a moment later.
  useEffect(() => {
    if (c && values && version) keep(c.id, version, values);
  }, [c, values, version, keep]);

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
  if (!c.editable) return <NotEditable c={c} />;

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
          f.type === "file" && waiting.pending.some((q) => q.field === f.name)
            ? t("form.filePending", { label })
            : f.type === "file"
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

  const onSaveDraft = () =>
    run(async () => {
      await save();
      setErrs({});
      setSummary(null);
      setSaved(true);
    }, fail);

  const onContinue = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const v = validate();
    if (Object.keys(v).length) {
      setErrs(v);
      setSummary(toSummary(v));
      return;
    }
    await run(async () => {
      await save();
      navigate(`/permohonan/${c.id}/periksa`);
    }, fail);
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
      // No signal: the file waits on the phone and goes with the queue (usePendingFiles).
      if (isOffline() && (await waiting.queue(f, file))) continue;
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
        if (err instanceof ProblemError && err.status === 0 && (await waiting.queue(f, file))) continue;
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
      {restored && !saved && <Notice kind="info">{t("form.restored")}</Notice>}
      <p>{t("form.intro")}</p>
      <form onSubmit={onContinue} noValidate>
        {c.form.fields.map((f) => (
          <FieldInput
            key={f.name}
            f={f}
            value={values[f.name]}
            errs={errs}
            files={files.filter((x) => x.field === f.name)}
            pending={waiting.pending.filter((q) => q.field === f.name)}
            onCancelPending={(id) => void waiting.cancel(id)}
            regions={regions.data}
            onChange={(v) => set(f.name, v)}
            onUpload={(l) => onUpload(f, l)}
            onRemove={(id) => removeFile(f, id)}
          />
        ))}
        <div className="button-group">
          <SubmitButton busy={busy}>{t("form.continue")}</SubmitButton>
          <button type="button" className="button button--secondary" onClick={onSaveDraft} aria-disabled={busy || undefined}>
            {t("form.saveDraft")}
          </button>
        </div>
      </form>
    </>
  );
}
