/**
 * /command/unit — an OPD liaison's desk (opd_operator / opd_admin of a responder's OPD: Damkar, Dinkes, BPBD, …):
 * the agency's crews that Call Center 112 dispatched, active first, each with its incident; the liaison moves a
 * crew on (en route → on scene → finished, or cancelled; never backwards). Live through the dispatch events.
 */
import "./command.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { Loading } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { age, type DispatchRow, type DispatchStatus, hhmm, type Incident, type LiveEvent, pick, useCityTimeZone, useCommandT } from "./i18n.ts";
import { throttle, useLive } from "./live.ts";
import {
  DispatchActions,
  DispatchStatusTag,
  DispatchTimes,
  isActiveDispatch,
  LiveHeader,
  moveDispatch,
  PriorityTag,
  StateTag,
  useFocusAfterStatus,
} from "./parts.tsx";
import { Section } from "../../ui/Section.tsx";

type MyDispatch = DispatchRow & { incident: Incident };

export default function UnitDesk() {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  useCityTimeZone(useSession().session?.tenant.timezone);
  const list = useData<{ items: MyDispatch[] }>("/api/emergency/my-dispatches");
  const form = useForm<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const [now, setNow] = useState(() => Date.now());
  const [loadedAt, setLoadedAt] = useState<string | null>(null);

  const reload = list.reload;
  const focusAfter = useFocusAfterStatus(list.data);
  const refresh = useMemo(() => throttle(reload, 1000), [reload]);
  useEffect(() => () => refresh.cancel(), [refresh]);
  useEffect(() => {
    if (list.data) {
      setNow(Date.now());
      setLoadedAt(new Date().toISOString());
    }
  }, [list.data]);
  // Ages move on without a reload.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const langRef = useRef(lang);
  langRef.current = lang;
  const onEvent = useCallback(
    (e: LiveEvent) => {
      refresh();
      // A new dispatch of one of our crews is announced; the list itself updates silently.
      if (e.topic === "dispatch.updated" && e.payload?.status === "dispatched" && e.summary) setSaid(pick(e.summary, langRef.current));
    },
    [refresh],
  );
  const connected = useLive(onEvent, { topics: ["dispatch", "incident"] });

  const setStatus = async (d: DispatchRow, status: DispatchStatus) => {
    if (busy) return;
    setBusy(d.id);
    form.clear();
    try {
      setSaid(await moveDispatch(d, status, t));
      focusAfter.current = d.id;
    } catch (err) {
      form.showProblem(err);
    } finally {
      setBusy(null);
      reload();
    }
  };

  const items = list.data?.items ?? [];
  const active = items.filter(isActiveDispatch);
  const done = items.filter((d) => !isActiveDispatch(d));

  const card = (d: MyDispatch) => {
    const inc = d.incident;
    const place = [inc.address, inc.kelurahanName, inc.kecamatanName].filter(Boolean).join(", ");
    return (
      <li key={d.id} className={`dispatch-unit unit-card${isActiveDispatch(d) ? "" : " dispatch-unit--done"}`} data-dispatch-id={d.id} tabIndex={-1}>
        <h3 className="unit-card__title">{t("unit.incidentTitle", { number: inc.number, type: t(`types.${inc.type}`, { defaultValue: inc.type }) })}</h3>
        <p className="tags-line">
          <PriorityTag priority={inc.priority} />
        </p>
        <dl className="cmd-dl">
          <dt>{t("unit.crew")}</dt>
          <dd className="unit-card__crew">
            <strong>{d.responderName}</strong> <DispatchStatusTag status={d.status} />
          </dd>
          <dt>{t("unit.incidentState")}</dt>
          <dd>
            <StateTag state={inc.state} />
          </dd>
          <dt>{t("unit.place")}</dt>
          <dd>
            {place || "—"}{" "}
            <a
              href={`https://www.openstreetmap.org/?mlat=${inc.lat}&mlon=${inc.lon}#map=17/${inc.lat}/${inc.lon}`}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t("unit.mapLabel", { number: inc.number })}
              className="cmd-nowrap"
            >
              {t("unit.map")}
            </a>
          </dd>
          <dt>{t("unit.received")}</dt>
          <dd>
            {hhmm(inc.receivedAt, lang)} <span className="muted">({t("common.ago", { age: age(inc.receivedAt, lang, now) })})</span>
          </dd>
          {d.note && (
            <>
              <dt>{t("unit.note")}</dt>
              <dd className="break">{d.note}</dd>
            </>
          )}
          {inc.notes && (
            <>
              <dt>{t("unit.notes")}</dt>
              <dd className="break">{inc.notes}</dd>
            </>
          )}
        </dl>
        <DispatchTimes d={d} />
        <DispatchActions d={d} busy={busy === d.id} onSet={setStatus} />
      </li>
    );
  };

  return (
    <div className="cmd-page unit-page">
      <LiveHeader caption={t("unit.caption")} title={t("unit.title")} connected={connected} lead={t("unit.lead")} said={said} />
      <div className="button-group cmd-toolbar unit-toolbar">
        <button type="button" className="button button--secondary" onClick={() => reload()}>
          {t("unit.refresh")}
        </button>
        {loadedAt && <p className="muted unit-toolbar__note">{t("unit.refreshed", { time: hhmm(loadedAt, lang, true) })}</p>}
      </div>
      <ErrorSummary summary={form.summary} />
      {list.error ? (
        <p role="alert">{list.error.title}</p>
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="notice notice--info">{t("unit.none")}</p>
      ) : (
        <>
          <Section
            titleId="unit-active"
            title={
              <>
                {t("unit.activeTitle")} ({active.length})
              </>
            }
          >
            {active.length === 0 ? <p>{t("unit.noneActive")}</p> : <ul className="dispatch-units unit-list">{active.map(card)}</ul>}
          </Section>
          {done.length > 0 && (
            <Section
              titleId="unit-done"
              title={
                <>
                  {t("unit.doneTitle")} ({done.length})
                </>
              }
            >
              <ul className="dispatch-units unit-list">{done.map(card)}</ul>
            </Section>
          )}
        </>
      )}
    </div>
  );
}
