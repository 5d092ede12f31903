/** Small shared pieces of the staff command pages: tags, the open-incident table, the live connection badge. */
import { useEffect, useRef } from "react";
import { post } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { age, type DispatchRow, type DispatchStatus, hhmm, type Incident, useCommandT } from "./i18n.ts";
import { PageTitle } from "../../ui/misc.tsx";

/** Staff consoles use the full width of a desktop screen (the page container is narrower for reading). */
export function useWidePage() {
  useEffect(() => {
    document.documentElement.classList.add("cmd-wide");
    return () => document.documentElement.classList.remove("cmd-wide");
  }, []);
}

export function PriorityTag({ priority, short }: { priority: number; short?: boolean }) {
  const { t } = useCommandT();
  const name = t(`priority.${priority}`, { defaultValue: String(priority) });
  return short ? (
    <span className={`tag cmd-ptag cmd-ptag--${priority}`} title={name}>
      {t("priority.short", { p: priority })}
      <span className="visually-hidden"> · {name}</span>
    </span>
  ) : (
    <span className={`tag cmd-ptag cmd-ptag--${priority}`}>
      {t("priority.short", { p: priority })} · {name}
    </span>
  );
}

const STATE_TONE: Record<string, string> = { received: "tag--orange", dispatched: "", on_scene: "tag--green", closed: "tag--grey", false_alarm: "tag--grey" };

export function StateTag({ state }: { state: string }) {
  const { t } = useCommandT();
  return <span className={`tag ${STATE_TONE[state] ?? ""}`}>{t(`states.${state}`, { defaultValue: state })}</span>;
}

export function LiveBadge({ connected, dark }: { connected: boolean; dark?: boolean }) {
  const { t } = useCommandT();
  return (
    <p className={`live-badge${connected ? " live-badge--on" : ""}${dark ? " live-badge--dark" : ""}`} role="status">
      <span className="live-badge__dot" aria-hidden="true" />
      <span className="visually-hidden">{t("live.label")}: </span>
      {connected ? t("live.on") : t("live.off")}
    </p>
  );
}

/** The top of a live command page: title, live badge, lead, and a hidden line that announces what just changed. */
export function LiveHeader({ caption, title, connected, lead, said }: { caption: string; title: string; connected: boolean; lead: string; said: string }) {
  return (
    <>
      <PageTitle caption={caption}>{title}</PageTitle>
      <LiveBadge connected={connected} />
      <p className="lead">{lead}</p>
      <p className="visually-hidden" role="status">
        {said}
      </p>
    </>
  );
}

/** Open incidents as a table: priority, type, age, state, units. With onSelect, the number becomes a button. */
export function IncidentTable({
  items,
  caption,
  selected,
  onSelect,
}: {
  items: Incident[];
  caption: string;
  selected?: string | null;
  onSelect?: (inc: Incident) => void;
}) {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const now = Date.now();
  return (
    <DataTable
      caption={caption}
      className="table table--dense cmd-table"
      wrap="div"
      rows={items}
      rowKey={(inc) => inc.id}
      rowProps={(inc) => (selected === inc.id ? { className: "is-selected", "aria-current": "true" } : {})}
      columns={[
        {
          key: "number",
          header: t("taker.col.number"),
          rowHeader: true,
          cell: (inc) => (
            <>
              {onSelect ? (
                <button type="button" className="link-button" onClick={() => onSelect(inc)} aria-label={t("dispatch.select", { number: inc.number })}>
                  {inc.number}
                </button>
              ) : (
                inc.number
              )}
              {inc.address || inc.kecamatanName ? <span className="cmd-sub">{[inc.address, inc.kecamatanName].filter(Boolean).join(", ")}</span> : null}
            </>
          ),
        },
        { key: "priority", header: t("taker.col.priority"), cell: (inc) => <PriorityTag priority={inc.priority} short={!!onSelect} /> },
        {
          key: "type",
          header: t("taker.col.type"),
          cell: (inc) => (
            <>
              {t(`types.${inc.type}`, { defaultValue: inc.type })}
              {inc.callCount > 1 && <span className="cmd-sub">{t("common.callCount", { count: inc.callCount })}</span>}
            </>
          ),
        },
        {
          key: "age",
          header: t("taker.col.age"),
          cell: (inc) => (
            <>
              <span className="cmd-nowrap">{hhmm(inc.receivedAt, lang)}</span>
              <span className="cmd-sub">{age(inc.receivedAt, lang, now)}</span>
            </>
          ),
        },
        {
          key: "state",
          header: (
            <>
              {t("taker.col.state")} · {t("taker.col.units")}
            </>
          ),
          cell: (inc) => {
            const active = (inc.dispatches ?? []).filter((d) => d.status !== "finished" && d.status !== "cancelled");
            return (
              <>
                <StateTag state={inc.state} />
                {active.length > 0 && <span className="cmd-sub">{active.map((d) => d.responderName).join(", ")}</span>}
              </>
            );
          },
        },
      ]}
    />
  );
}

const FLOW: DispatchStatus[] = ["dispatched", "en_route", "on_scene", "finished"];
/** The statuses a dispatch may move to: forward along the flow, or cancelled; none once finished or cancelled. */
export function nextStatuses(s: DispatchStatus): DispatchStatus[] {
  if (s === "finished" || s === "cancelled") return [];
  const i = FLOW.indexOf(s);
  return [...FLOW.slice(i + 1), "cancelled"];
}
export const isActiveDispatch = (d: DispatchRow) => d.status !== "finished" && d.status !== "cancelled";

/** A crew's status as a tag. */
export function DispatchStatusTag({ status }: { status: DispatchStatus }) {
  const { t } = useCommandT();
  const tone = status === "on_scene" ? "tag--green" : status === "cancelled" || status === "finished" ? "tag--grey" : "";
  return <span className={`tag ${tone}`}>{t(`dispatchStatus.${status}`)}</span>;
}

/** "Berangkat 14.05 · Perjalanan 14.07 · Tiba 14.15": the times a crew reached each status. */
export function DispatchTimes({ d }: { d: DispatchRow }) {
  const { t, i18n } = useCommandT();
  return (
    <p className="dispatch-unit__times">
      {(["dispatchedAt", "enRouteAt", "onSceneAt", "finishedAt", "cancelledAt"] as const)
        .filter((k) => d[k])
        .map((k) => `${t(`dispatch.times.${k}`)} ${hhmm(d[k], i18n.language)}`)
        .join(" · ")}
    </p>
  );
}

/** Buttons for the statuses a crew may move to next (never backwards); the first is the usual next step. */
export function DispatchActions({ d, busy, onSet }: { d: DispatchRow; busy?: boolean; onSet: (d: DispatchRow, s: DispatchStatus) => void }) {
  const { t } = useCommandT();
  const next = nextStatuses(d.status);
  if (next.length === 0) return null;
  return (
    <div className="button-group">
      {next.map((s, i) => (
        <button
          key={s}
          type="button"
          className={`button button--small${s === "cancelled" ? " button--quiet button--quiet-danger" : i === 0 ? "" : " button--secondary"}`}
          aria-disabled={busy || undefined}
          aria-label={t("dispatch.setStatus", { name: d.responderName, status: t(`dispatchStatus.${s}`) })}
          onClick={() => onSet(d, s)}
        >
          {t(`dispatchStatus.${s}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * Keeps keyboard users in place after a crew's status changes: the button they pressed disappears, so once the new
 * data (`dep`) is shown, focus moves to the crew's next button, or the crew's item itself. Set `.current` to the
 * dispatch id after a successful change; items carry data-dispatch-id and tabIndex -1.
 */
export function useFocusAfterStatus(dep: unknown) {
  const pending = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the data shown changes
  useEffect(() => {
    const id = pending.current;
    if (!id) return;
    const item = document.querySelector<HTMLElement>(`[data-dispatch-id="${CSS.escape(id)}"]`);
    if (!item) return;
    pending.current = null;
    (item.querySelector<HTMLElement>(".button-group button") ?? item).focus();
  }, [dep]);
  return pending;
}

/** Moves a dispatch to a new status; returns the sentence that says so. */
export async function moveDispatch(d: DispatchRow, status: DispatchStatus, t: ReturnType<typeof useCommandT>["t"]): Promise<string> {
  await post(`/api/emergency/dispatches/${encodeURIComponent(d.id)}/status`, { status });
  return t("dispatch.statusSet", { name: d.responderName, status: t(`dispatchStatus.${status}`) });
}
