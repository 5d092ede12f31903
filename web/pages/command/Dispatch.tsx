/** /command/dispatch — the dispatcher: open incidents, assign responding units, follow each unit's status, close. */
import "./command.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSession } from "../../session.tsx";
import { Loading } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Incident, type IncidentDetail, type LiveEvent, type Meta, pick, useCommandT, useCityTimeZone } from "./i18n.ts";
import { throttle, useLive } from "./live.ts";
import { IncidentTable, LiveHeader, useWidePage } from "./parts.tsx";

import { Detail } from "./DispatchDetail.tsx";
import { Section } from "../../ui/Section.tsx";

export default function Dispatch() {
  const { t, i18n } = useCommandT();
  useWidePage();
  useCityTimeZone(useSession().session?.tenant.timezone);
  const list = useData<{ items: Incident[] }>("/api/emergency/incidents?open=true&limit=200");
  const meta = useData<Meta>("/api/emergency/meta");
  const [selected, setSelected] = useState<string | null>(() => new URLSearchParams(location.search).get("id"));
  const detail = useData<IncidentDetail>(selected ? `/api/emergency/incidents/${encodeURIComponent(selected)}` : null);
  const [said, setSaid] = useState("");

  const reloadList = list.reload;
  const reloadMeta = meta.reload;
  const reloadDetail = detail.reload;
  const refreshList = useMemo(
    () =>
      throttle(() => {
        reloadList();
        reloadMeta();
      }, 2000),
    [reloadList, reloadMeta],
  );
  const refreshDetail = useMemo(() => throttle(reloadDetail, 1000), [reloadDetail]);
  useEffect(
    () => () => {
      refreshList.cancel();
      refreshDetail.cancel();
    },
    [refreshList, refreshDetail],
  );
  const langRef = useRef(i18n.language);
  langRef.current = i18n.language;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const numberRef = useRef<string | null>(null);
  numberRef.current = detail.data?.number ?? null;

  const onEvent = useCallback(
    (e: LiveEvent) => {
      refreshList();
      // New incidents are announced to screen readers (the list itself updates silently).
      if (e.topic === "incident.created" && e.summary) setSaid(pick(e.summary, langRef.current));
      const p = e.payload ?? {};
      if (selectedRef.current && (p.caseId === selectedRef.current || p.id === selectedRef.current || (p.number && p.number === numberRef.current)))
        refreshDetail();
    },
    [refreshList, refreshDetail],
  );
  const connected = useLive(onEvent, { topics: ["incident", "dispatch"] });

  const choose = (inc: Incident) => {
    setSelected(inc.id);
    const url = new URL(location.href);
    url.searchParams.set("id", inc.id);
    history.replaceState(history.state, "", url);
    setTimeout(() => document.getElementById("detail-title")?.focus(), 50);
  };

  const items = useMemo(() => [...(list.data?.items ?? [])].sort((a, b) => a.priority - b.priority || a.receivedAt.localeCompare(b.receivedAt)), [list.data]);

  if (list.error) return <p role="alert">{list.error.title}</p>;

  return (
    <div className="cmd-page">
      <LiveHeader caption={t("dispatch.caption")} title={t("dispatch.title")} connected={connected} lead={t("dispatch.lead")} said={said} />
      <div className="dispatch-layout">
        <Section
          titleId="list-title"
          title={
            <>
              {t("dispatch.listTitle")} {list.data ? `(${items.length})` : ""}
            </>
          }
          className="dispatch-layout__list"
        >
          {!list.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <p>{t("dispatch.none")}</p>
          ) : (
            <IncidentTable items={items} caption={t("dispatch.listTitle")} selected={selected} onSelect={choose} />
          )}
        </Section>
        <section aria-labelledby="detail-title" className="dispatch-layout__detail">
          {!selected ? (
            <>
              <h2 id="detail-title" tabIndex={-1}>
                {t("common.incident")}
              </h2>
              <p>{t("dispatch.noneSelected")}</p>
            </>
          ) : detail.error ? (
            <>
              <h2 id="detail-title" tabIndex={-1}>
                {t("common.incident")}
              </h2>
              <p role="alert">{detail.error.title}</p>
            </>
          ) : !detail.data || detail.data.id !== selected ? (
            <Loading />
          ) : (
            <Detail
              key={detail.data.id}
              inc={detail.data}
              meta={meta.data}
              onChanged={(msg) => {
                setSaid(msg);
                reloadDetail();
                refreshList();
              }}
            />
          )}
        </section>
      </div>
    </div>
  );
}
