/** A choice the call taker makes by key while focus is in the group: 1–n choose an option, Enter saves the call. */
import type { KeyboardEvent, ReactNode } from "react";
import { Radios } from "../../../ui/form.tsx";

export function KeyedRadios({
  name,
  legend,
  hint,
  error,
  keys,
  value,
  choose,
  onEnter,
  label,
  listClassName,
  itemClassName,
}: {
  name: string;
  legend: string;
  hint: string;
  error?: string;
  /** The options' values, in key order (key 1 is the first). */
  keys: readonly string[];
  value: string;
  choose: (key: string) => void;
  onEnter: () => void;
  label: (key: string, i: number) => ReactNode;
  listClassName: string;
  itemClassName: string;
}) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      onEnter();
      return;
    }
    const n = Number(e.key);
    if (!e.altKey && !e.ctrlKey && !e.metaKey && Number.isInteger(n) && n >= 1 && n <= keys.length) {
      e.preventDefault();
      const key = keys[n - 1];
      choose(key);
      document.getElementById(n === 1 ? name : `${name}-${key}`)?.focus();
    }
  };
  return (
    <Radios
      name={name}
      legendClassName="cmd-legend"
      legend={legend}
      hint={hint}
      error={error}
      onKeyDown={onKeyDown}
      listClassName={listClassName}
      itemClassName={itemClassName}
      value={value}
      onChange={choose}
      options={keys.map((key, i) => ({ value: key, label: label(key, i) }))}
    />
  );
}
