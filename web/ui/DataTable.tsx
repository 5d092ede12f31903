/**
 * One accessible data table for the whole web app: <table> with a <caption>, <th scope>, optional sorting
 * (a button in the header, aria-sort on the header), an empty state and an optional CSV download link.
 */
import "./DataTable.css";
import { type HTMLAttributes, type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

type Plain = string | number | null | undefined;

export interface Column<T> {
  /** Stable id of the column (sort state, React keys). */
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The plain value behind the cell: used to sort and for the CSV download. */
  value?: (row: T) => Plain;
  /** The header as plain text, for the CSV file and data-label (defaults to the header when it is a string). */
  csvHeader?: string;
  /** Sort on this column: true compares `value`, a function compares rows. */
  sort?: true | ((a: T, b: T) => number);
  /** The cell heads its row (<th scope="row">). */
  rowHeader?: boolean;
  /** Class on both the header and the cells (e.g. "num"). */
  className?: string;
  /** Class on the header only (added to className). */
  headerClassName?: string;
  /** Class (or a per-row class) on the cells only (added to className). */
  cellClassName?: string | ((row: T) => string | undefined);
  /** Neighbouring columns with the same group share a header above theirs (scope="colgroup") and a <colgroup>. */
  group?: { key: string; header: ReactNode; className?: string };
  /** Extra attributes on a row's cell (title, colSpan…). */
  cellProps?: (row: T) => HTMLAttributes<HTMLTableCellElement>;
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** The table's caption: hidden from sight (still read) unless captionVisible; without one (a table named by the heading above it) wrap must not be "region". */
  caption?: string;
  captionVisible?: boolean;
  /** Class of a visible caption (e.g. "h4"). */
  captionClassName?: string;
  /** Class of the <table>; defaults to "table table--dense". */
  className?: string;
  /** Shown in place of the table when there are no rows; without it an empty table is shown. */
  empty?: ReactNode;
  /** Attributes of a row (className, aria-current…). */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement>;
  /** A switched-off row (inactive, revoked) is greyed out ("is-disabled"). */
  rowDisabled?: (row: T) => boolean;
  /**
   * The wrapper: "region" a keyboard-reachable scrolling <section> labelled by the caption (WCAG 2.1.1),
   * "div" a plain scrolling <div>, "none" the bare table.
   */
  wrap?: "region" | "div" | "none";
  wrapClassName?: string;
  foot?: ReactNode;
  /** Each data cell carries its column's header as data-label (the narrow-screen card layout shows it). */
  cellLabels?: boolean;
  /** A link under the table that downloads the rows, as sorted, as CSV (columns with `value`); label defaults to "Unduh tabel ini (CSV)". */
  csv?: { filename: string; label?: string };
  /** The initial sort. */
  sortBy?: { key: string; dir: "asc" | "desc" };
}

/** A sortable column of dates or times, on one line, "—" where there is none: `timeColumn("due", t("due"), (r) => r.dueAt, (d) => formatDate(d, tz))`. */
export function timeColumn<T>(key: string, header: string, value: (row: T) => string | null | undefined, format: (value: string) => string): Column<T> {
  return { key, header, cellClassName: "nowrap", value, sort: true, cell: (r) => (value(r) ? format(value(r) as string) : "—") };
}

// Made at the first sort, not when the module loads (the first Intl object of a page loads locale data).
let collator: Intl.Collator | undefined;
function compareValues(a: Plain, b: Plain) {
  if (a == null || a === "") return b == null || b === "" ? 0 : 1;
  if (b == null || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  collator ??= new Intl.Collator("id", { numeric: true });
  return collator.compare(String(a), String(b));
}

/** RFC 4180 fields; a leading =, +, - or @ is quoted with an apostrophe so spreadsheets do not run it as a formula. */
function csvField(v: Plain) {
  let s = v == null ? "" : String(v);
  if (typeof v === "string" && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const plainHeader = <T,>(c: Column<T>) => c.csvHeader ?? (typeof c.header === "string" ? c.header : c.key);

export function toCsv<T>(columns: Column<T>[], rows: T[]): string {
  const cols = columns.filter((c) => c.value);
  const head = cols.map((c) => csvField(plainHeader(c)));
  const lines = rows.map((r) => cols.map((c) => csvField(c.value?.(r))).join(","));
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}

type Run<T> = { key: string; group?: Column<T>["group"]; columns: Column<T>[] };
/** Splits the columns into runs: neighbours of one group, or neighbours without a group. */
function groupRuns<T>(columns: Column<T>[]): Run<T>[] {
  const runs: Run<T>[] = [];
  for (const c of columns) {
    const last = runs.at(-1);
    if (last && last.group?.key === c.group?.key) last.columns.push(c);
    else runs.push({ key: c.group?.key ?? `_${c.key}`, group: c.group, columns: [c] });
  }
  return runs;
}

function cx(...names: (string | undefined | false)[]) {
  const s = names.filter(Boolean).join(" ");
  return s || undefined;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, caption, rowProps, rowDisabled, csv } = props;
  const { t } = useTranslation();
  const [sort, setSort] = useState(props.sortBy ?? null);

  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sort) return rows;
    const cmp = col.sort === true ? (a: T, b: T) => compareValues(col.value?.(a), col.value?.(b)) : col.sort;
    const out = [...rows].sort(cmp);
    return sort?.dir === "desc" ? out.reverse() : out;
  }, [rows, columns, sort]);

  const csvHref = useMemo(() => (csv ? `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${toCsv(columns, sorted)}`)}` : null), [csv, columns, sorted]);

  if (rows.length === 0 && props.empty !== undefined) return <p className="data-table__empty">{props.empty}</p>;

  const toggle = (key: string) => setSort((s) => (s?.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));

  const header = (c: Column<T>, rowSpan?: number) => {
    const dir = sort?.key === c.key ? sort.dir : null;
    return (
      <th
        key={c.key}
        scope="col"
        rowSpan={rowSpan}
        className={cx(c.className, c.headerClassName)}
        aria-sort={c.sort ? (dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none") : undefined}
      >
        {c.sort ? (
          <button type="button" className="data-table__sort" onClick={() => toggle(c.key)}>
            {c.header}
            <span className="data-table__arrow" aria-hidden="true">
              {dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}
            </span>
          </button>
        ) : (
          c.header
        )}
      </th>
    );
  };
  const runs = groupRuns(columns);
  const grouped = runs.some((r) => r.group);

  const table = (
    <table className={props.className ?? "table table--dense"}>
      {caption !== undefined && <caption className={props.captionVisible ? props.captionClassName : "visually-hidden"}>{caption}</caption>}
      {grouped && runs.map((r) => <colgroup key={r.key} span={r.columns.length} />)}
      <thead>
        <tr>
          {runs.flatMap((r) =>
            r.group
              ? [
                  <th key={r.key} scope="colgroup" colSpan={r.columns.length} className={r.group.className}>
                    {r.group.header}
                  </th>,
                ]
              : r.columns.map((c) => header(c, grouped ? 2 : undefined)),
          )}
        </tr>
        {grouped && <tr>{runs.flatMap((r) => (r.group ? r.columns.map((c) => header(c)) : []))}</tr>}
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={rowKey(r)} className={rowDisabled?.(r) ? "is-disabled" : undefined} {...rowProps?.(r)}>
            {columns.map((c) => {
              const extra = typeof c.cellClassName === "function" ? c.cellClassName(r) : c.cellClassName;
              const label = props.cellLabels && !c.rowHeader ? plainHeader(c) : undefined;
              const attrs = { "data-label": label, ...c.cellProps?.(r), className: cx(c.className, extra) };
              return c.rowHeader ? (
                <th key={c.key} scope="row" {...attrs}>
                  {c.cell(r)}
                </th>
              ) : (
                <td key={c.key} {...attrs}>
                  {c.cell(r)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      {props.foot}
    </table>
  );

  const wrap = props.wrap ?? "region";
  const wrapped =
    wrap === "none" ? (
      table
    ) : wrap === "div" ? (
      <div className={cx("table-wrap", props.wrapClassName)}>{table}</div>
    ) : (
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      <section className={cx("table-wrap", props.wrapClassName)} tabIndex={0} aria-label={caption}>
        {table}
      </section>
    );
  if (!csvHref) return wrapped;
  return (
    <>
      {wrapped}
      <p className="data-table__csv">
        <a href={csvHref} download={csv?.filename}>
          {csv?.label ?? t("table.csv")}
        </a>
      </p>
    </>
  );
}
