/** Small shared pieces of the staff command pages: tags, the open-incident table, the live connection badge. */
import { useEffect } from "react";
import { age, hhmm, type Incident, useCommandT } from "./i18n.ts";

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
    <div className="table-wrap">
      <table className="table table--dense cmd-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("taker.col.number")}</th>
            <th scope="col">{t("taker.col.priority")}</th>
            <th scope="col">{t("taker.col.type")}</th>
            <th scope="col">{t("taker.col.age")}</th>
            <th scope="col">
              {t("taker.col.state")} · {t("taker.col.units")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((inc) => {
            const active = (inc.dispatches ?? []).filter((d) => d.status !== "finished" && d.status !== "cancelled");
            return (
              <tr key={inc.id} className={selected === inc.id ? "is-selected" : undefined} aria-current={selected === inc.id ? "true" : undefined}>
                <th scope="row">
                  {onSelect ? (
                    <button type="button" className="link-button" onClick={() => onSelect(inc)} aria-label={t("dispatch.select", { number: inc.number })}>
                      {inc.number}
                    </button>
                  ) : (
                    inc.number
                  )}
                  {inc.address || inc.kecamatanName ? <span className="cmd-sub">{[inc.address, inc.kecamatanName].filter(Boolean).join(", ")}</span> : null}
                </th>
                <td>
                  <PriorityTag priority={inc.priority} short={!!onSelect} />
                </td>
                <td>
                  {t(`types.${inc.type}`, { defaultValue: inc.type })}
                  {inc.callCount > 1 && <span className="cmd-sub">{t("common.callCount", { count: inc.callCount })}</span>}
                </td>
                <td>
                  <span className="cmd-nowrap">{hhmm(inc.receivedAt, lang)}</span>
                  <span className="cmd-sub">{age(inc.receivedAt, lang, now)}</span>
                </td>
                <td>
                  <StateTag state={inc.state} />
                  {active.length > 0 && <span className="cmd-sub">{active.map((d) => d.responderName).join(", ")}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
