/** /bus — Bus Trans Musi for citizens: route picker, live map, buses on the route, and next arrivals at a stop (usable without the map). */
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { get } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import type { MapConfig } from "./BusMap.tsx";
import { type Arrival, clock, type LiveVehicle, type RouteDetail, routeColor, type TransitRoute, useTransitT } from "./shared.tsx";
import { Labelled, Options } from "../../ui/form.tsx";
import { Section } from "../../ui/Section.tsx";

const BusMap = lazy(() => import("./BusMap.tsx"));

function usePoll<T>(url: string | null, everyMs: number): { data: T | null; at: Date | null } {
  const [data, setData] = useState<T | null>(null);
  const [at, setAt] = useState<Date | null>(null);
  useEffect(() => {
    setData(null);
    if (!url) return;
    let live = true;
    const load = () =>
      get<T>(url).then(
        (d) => {
          if (!live) return;
          setData(d);
          setAt(new Date());
        },
        () => undefined,
      );
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState !== "hidden") void load();
    }, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [url, everyMs]);
  return { data, at };
}

const param = (name: string) => new URLSearchParams(window.location.search).get(name) ?? "";

export function BusPage() {
  const { t, i18n } = useTransitT();
  const lang = i18n.language;
  const { data: routes, error } = useData<TransitRoute[]>("/api/transit/routes");
  const { data: geo } = useData<MapConfig>("/api/geo/config");
  const [routeId, setRouteId] = useState(param("rute"));
  const [stopId, setStopId] = useState(param("halte"));
  const current = routeId || routes?.[0]?.id || "";
  const { data: route } = useData<RouteDetail>(current ? `/api/transit/routes/${encodeURIComponent(current)}` : null);
  const { data: vehicles } = usePoll<LiveVehicle[]>(current ? `/api/transit/vehicles?route=${encodeURIComponent(current)}` : null, 5000);
  const stops = route?.id === current ? route.stops : [];
  const stop = stops.find((s) => s.id === stopId) ?? null;
  const { data: arrivals, at } = usePoll<{ arrivals: Arrival[] }>(stop ? `/api/transit/stops/${encodeURIComponent(stop.id)}/arrivals?limit=8` : null, 15000);

  useEffect(() => {
    const q = new URLSearchParams();
    if (current) q.set("rute", current);
    if (stopId) q.set("halte", stopId);
    const next = `${window.location.pathname}${q.size ? `?${q}` : ""}`;
    if (next !== window.location.pathname + window.location.search) window.history.replaceState(null, "", next);
  }, [current, stopId]);

  // A stop tapped on the map: show its arrivals (above the map) in view.
  const pickFromMap = (id: string) => {
    setStopId(id);
    setTimeout(() => document.getElementById("arrivals-title")?.scrollIntoView({ block: "start", behavior: "smooth" }), 50);
  };
  const minutesFrom = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 60000);
  const delayText = (s: number | null) => {
    if (s === null) return null;
    const n = Math.round(s / 60);
    return n === 0 ? t("onTime") : n > 0 ? t("late", { n }) : t("early", { n: -n });
  };
  const sortedVehicles = useMemo(() => [...(vehicles ?? [])].sort((a, b) => a.label.localeCompare(b.label)), [vehicles]);

  if (error) return <p>{error.message}</p>;
  if (!routes) return <Loading />;
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      {!routes.length ? (
        <p>{t("noFeed")}</p>
      ) : (
        <>
          <p>{t("intro")}</p>
          <div className="bus-pickers">
            <Labelled id="f-route" label={t("route")} className="field--tight">
              <select
                id="f-route"
                className="select"
                value={current}
                onChange={(e) => {
                  setRouteId(e.target.value);
                  setStopId("");
                }}
              >
                <Options options={routes.map((r) => ({ value: r.id, label: r.shortName ? `${r.shortName} · ${r.longName}` : r.longName }))} />
              </select>
            </Labelled>
            <Labelled id="f-stop" label={t("stop")} className="field--tight">
              <select id="f-stop" className="select" value={stop?.id ?? ""} onChange={(e) => setStopId(e.target.value)}>
                <option value="">{t("chooseStop")}</option>
                <Options options={stops.map((s) => ({ value: s.id, label: s.name }))} />
              </select>
            </Labelled>
          </div>

          {stop && (
            <Section titleId="arrivals-title" title={t("arrivalsTitle", { stop: stop.name })}>
              <p className="muted">{t("arrivalsHint")}</p>
              {!arrivals ? (
                <Loading />
              ) : (
                <DataTable
                  caption={t("arrivalsTitle", { stop: stop.name })}
                  className="table table--dense arrivals"
                  empty={t("arrivalsNone")}
                  rows={arrivals.arrivals}
                  rowKey={(a) => `${a.tripId}-${a.scheduledAt}`}
                  columns={[
                    { key: "route", header: t("colRoute"), cell: (a) => a.routeShortName },
                    { key: "headsign", header: t("colHeadsign"), cell: (a) => a.headsign },
                    { key: "scheduled", header: t("colScheduled"), cell: (a) => clock(a.scheduledAt, lang) },
                    {
                      key: "expected",
                      header: t("colExpected"),
                      cell: (a) => {
                        const when = a.predictedAt ?? a.scheduledAt;
                        const mins = minutesFrom(when);
                        return (
                          <>
                            <strong>{clock(when, lang)}</strong> ({mins <= 0 ? t("now") : t("inMinutes", { n: mins })}){" "}
                            <StatusTag tone={a.realtime ? "green" : "grey"}>{a.realtime ? t("live") : t("scheduled")}</StatusTag>
                            {a.realtime && a.delaySeconds !== null && <span className="muted"> {delayText(a.delaySeconds)}</span>}
                          </>
                        );
                      },
                    },
                  ]}
                />
              )}
              {at && <p className="muted">{t("updated", { time: clock(at.toISOString(), lang) })}</p>}
            </Section>
          )}

          {route && geo && route.id === current && (
            <Suspense fallback={<p className="muted">{t("mapLoading")}</p>}>
              <BusMap config={geo} route={route} vehicles={vehicles ?? []} onStop={pickFromMap} />
            </Suspense>
          )}

          <Section titleId="buses-title" title={t("busesTitle")}>
            {!vehicles ? (
              <Loading />
            ) : !sortedVehicles.length ? (
              <p>{t("busesNone")}</p>
            ) : (
              <ul className="bus-list">
                {sortedVehicles.map((v) => (
                  <li key={v.id}>
                    <span className="route-badge" style={{ background: routeColor(route ?? undefined), color: `#${route?.textColor ?? "FFFFFF"}` }}>
                      {route?.shortName}
                    </span>
                    <strong>{v.headsign ? t("busLine", { label: v.label, headsign: v.headsign }) : v.label}</strong>
                    {v.delaySeconds !== null && `, ${delayText(v.delaySeconds)}`}
                    <span className="muted"> · {t("reportedAt", { time: clock(v.reportedAt, lang) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <p className="muted">
            {t("openData")} <a href="/gtfs/static.zip">GTFS</a> · <a href="/gtfs/realtime/vehicle-positions?format=json">VehiclePositions</a> ·{" "}
            <a href="/gtfs/realtime/trip-updates?format=json">TripUpdates</a>
          </p>
        </>
      )}
    </>
  );
}
