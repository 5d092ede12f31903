/** The filter form above a staff list: a panel named by a visually hidden heading, its fields in a grid, then its buttons. */
import "./FilterBar.css";
import type { FormEvent, ReactNode } from "react";

export function FilterBar({
  titleId,
  title,
  onSubmit,
  children,
  actions,
  actionsClassName,
}: {
  /** Id of the hidden heading that names the form. */
  titleId: string;
  title: string;
  onSubmit: (e: FormEvent) => void;
  /** The fields (Labelled controls), laid out in the grid. */
  children: ReactNode;
  /** The buttons under the fields (apply, reset, downloads). */
  actions: ReactNode;
  actionsClassName: string;
}) {
  return (
    <form className="panel filter-bar" onSubmit={onSubmit} aria-labelledby={titleId}>
      <h2 id={titleId} className="visually-hidden">
        {title}
      </h2>
      <div className="filter-bar__grid">{children}</div>
      <div className={actionsClassName}>{actions}</div>
    </form>
  );
}
