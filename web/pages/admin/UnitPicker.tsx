import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { SelectField } from "../../ui/form.tsx";
import type { UnitNode } from "./units-lib.ts";

/** A unit <select> in tree order with a filter box above it (the tree has well over a hundred units). */
export function UnitPicker({
  id,
  label,
  units,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  units: UnitNode[];
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q) return units;
    return units.filter((u) => u.id === value || u.name.toLowerCase().includes(q) || u.code.toLowerCase().includes(q));
  }, [units, filter, value]);
  return (
    <div className="unit-picker">
      <div className="field field--tight">
        <label className="field__label field__label--small" htmlFor={`${id}-filter`}>
          {t("units.filter")}
        </label>
        <input id={`${id}-filter`} className="input input--wfull" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
      </div>
      <SelectField id={id} label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
        <option value="">{t("units.choose", { count: shown.length })}</option>
        {shown.map((u) => (
          <option key={u.id} value={u.id}>
            {filter ? "" : "\u00a0\u00a0".repeat(u.depth)}
            {u.name} ({u.code})
          </option>
        ))}
      </SelectField>
    </div>
  );
}
