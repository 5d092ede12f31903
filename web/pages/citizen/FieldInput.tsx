/** One form field of an application, by its type, with hint and error. */
import { useTranslation } from "react-i18next";
import { type CaseFile, type FormField, fieldId, fileSize, type Region, useLoc } from "./shared.tsx";

import type { Errs } from "./applicationState.tsx";
import { KelurahanPicker } from "../../ui/KelurahanPicker.tsx";

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

export function FieldInput({
  f,
  value,
  errs,
  files,
  regions,
  onChange,
  onUpload,
  onRemove,
  pending = [],
  onCancelPending,
}: {
  f: FormField;
  value: unknown;
  errs: Errs;
  files: CaseFile[];
  regions: Region[] | null;
  onChange: (v: unknown) => void;
  onUpload: (l: FileList | null) => void;
  onRemove: (id: string) => void;
  /** Files chosen without signal, waiting on the phone to be uploaded (web/offline/queue.ts). */
  pending?: { id: string; name: string; blob: Blob; status: "waiting" | "failed"; error?: string }[];
  onCancelPending?: (id: string) => void;
}) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const id = fieldId(f.name);
  const err = errs[id];
  const label = `${loc(f.label)}${f.required ? "" : ` ${t("form.optional")}`}`;
  const hint = loc(f.help) || undefined;
  const cls = `field${err ? " field--error" : ""}`;
  const common = { id, name: f.name, "aria-describedby": describe(id, hint, err), "aria-invalid": err ? true : undefined };
  /** Label, hint and error above the control. */
  const shell = (hintText: string | undefined, control: React.ReactNode) => (
    <div className={cls}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} text={hintText} />
      <Err id={id} msg={err} />
      {control}
    </div>
  );
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
      value: a[k] ?? "",
      onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => upd(k, e.target.value),
    });
    /** RT and RW: three digits. */
    const shortNumber = (k: "rt" | "rw") =>
      subField(k, t(`form.${k}`), <input className="input input--w6" inputMode="numeric" maxLength={3} {...subProps(k)} />);
    return (
      <fieldset className={`${cls} fieldset`} id={id} tabIndex={-1}>
        <legend className="field__label">{label}</legend>
        <Hint id={id} text={hint} />
        <Err id={id} msg={err} />
        {subField("street", t("form.street"), <input className="input input--wfull" autoComplete="street-address" {...subProps("street")} />)}
        <div className="form-row address-row">
          {shortNumber("rt")}
          {shortNumber("rw")}
        </div>
        <KelurahanPicker
          regions={regions ?? []}
          kecamatan={a.kecamatan ?? ""}
          kelurahan={a.kelurahan ?? ""}
          ids={{ kecamatan: sub("kecamatan"), kelurahan: sub("kelurahan") }}
          names={{ kecamatan: `${f.name}.kecamatan`, kelurahan: `${f.name}.kelurahan` }}
          errors={{ kecamatan: errs[sub("kecamatan")], kelurahan: errs[sub("kelurahan")] }}
          onChange={(next) => onChange({ ...a, ...next })}
        />
      </fieldset>
    );
  }

  if (f.type === "file") {
    const accept = f.accept?.join(",");
    const kinds = (f.accept ?? []).map((m) => m.split("/")[1]?.toUpperCase().replace("JPEG", "JPG")).join(", ");
    const fileHint = [hint, kinds && t("form.fileHint", { kinds, mb: f.maxSizeMb ?? 25 })].filter(Boolean).join(". ");
    return shell(
      fileHint,
      <>
        {files.length + pending.length > 0 && (
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
            {pending.map((q) => (
              <li key={q.id} data-testid={`waiting-${f.name}`}>
                <span className="file-list__name">{q.name}</span> <span className="muted">({fileSize(q.blob.size)})</span>{" "}
                <span className={`tag file-list__waiting ${q.status === "failed" ? "tag--red" : "tag--grey"}`}>
                  {q.status === "failed" ? t("form.fileRefused", { reason: q.error ?? "" }) : t("form.fileWaiting")}
                </span>{" "}
                <button type="button" className="link-button" onClick={() => onCancelPending?.(q.id)}>
                  {t("form.removeFile")}
                  <span className="visually-hidden"> {q.name}</span>
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
      </>,
    );
  }

  const fieldHint = hint;
  if (f.type === "textarea") {
    return shell(
      fieldHint,
      <textarea className="input input--wfull textarea" rows={4} maxLength={f.maxLength} {...common} value={str} onChange={(e) => onChange(e.target.value)} />,
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
  return shell(
    fieldHint,
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
    />,
  );
}
