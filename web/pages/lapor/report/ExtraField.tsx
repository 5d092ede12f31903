/** A field of the category's own form (select, textarea or input), with its hint and error. */
import { type categoryFields, useL, useLaporT } from "../shared.tsx";
import { Field, OptionalLabel, Options } from "../../../ui/form.tsx";

export function ExtraField({
  f,
  value,
  error,
  onChange,
}: {
  f: ReturnType<typeof categoryFields>[number];
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const { t } = useLaporT();
  const L = useL();
  const id = `x-${f.name}`;
  const hint = f.help ? L(f.help) : "";
  return (
    <Field id={id} label={f.required ? L(f.label) : <OptionalLabel label={L(f.label)} />} hint={hint} error={error} errorPrefix={false}>
      {(described) => {
        const common = { id, "aria-describedby": described, "aria-invalid": error ? true : undefined } as const;
        return f.options?.length ? (
          <select {...common} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t("flow.choose")}</option>
            <Options options={f.options.map((o) => ({ value: o.value, label: L(o.label) }))} />
          </select>
        ) : f.type === "textarea" ? (
          <textarea
            {...common}
            className="input input--wfull textarea"
            rows={3}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            maxLength={f.maxLength}
          />
        ) : (
          <input
            {...common}
            className={`input ${f.type === "number" || f.type === "date" ? "input--w10" : "input--wfull"}`}
            type={f.type === "number" ? "text" : f.type === "date" ? "date" : "text"}
            inputMode={f.type === "number" ? "numeric" : undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            maxLength={f.maxLength}
          />
        );
      }}
    </Field>
  );
}
