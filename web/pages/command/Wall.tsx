/**
 * /command — the wall screen of the command center for the large display: dark, fills the viewport without
 * scrolling. Live map, today's counters, per-OPD table, ticker of the newest events, 24-hour charts, clock.
 * Data: GET /api/command/overview, then the live stream; counters are refetched at most once per 2 s.
 */
import "./command.css";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { get, ProblemError } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import type { GeoConfig } from "../lapor/shared.tsx";
import { CameraDialog } from "./CameraView.tsx";
import { type Camera, hhmm, type LiveEvent, OPEN_STATES, type Overview, pick, type Sensor, useCityTimeZone, useCommandT } from "./i18n.ts";
import { throttle, useLive } from "./live.ts";
import { LiveBadge } from "./parts.tsx";
import type { Bus, WallIncident } from "./WallMap.tsx";

import { HourlyChart } from "./WallChart.tsx";
import { OpdTable } from "./WallOpdTable.tsx";
import { BigDuration, Clock, Counter } from "./WallParts.tsx";
import { Section } from "../../ui/Section.tsx";
import { useDocumentTitle } from "../../ui/misc.tsx";
import { usePolling } from "../../ui/usePolling.ts";

const WallMap = lazy(() => import("./WallMap.tsx"));

type TickerItem = LiveEvent & { fresh?: boolean };
const TICKER_MAX = 40;
const FRESH_MS = 20_000;

export default function Wall() {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const { session } = useSession();
  useCityTimeZone(session?.tenant.timezone);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [geo, setGeo] = useState<GeoConfig | null>(null);
  const [incidents, setIncidents] = useState<Map<string, WallIncident>>(new Map());
  const [ticker, setTicker] = useState<TickerItem[]>([]);
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [buses, setBuses] = useState<Bus[]>([]);
  // OPD sensors by "source|kind": the latest reading, from the overview and then from ingest.* events.
  const [sensors, setSensors] = useState<Map<string, Sensor>>(new Map());
  const [camera, setCamera] = useState<Camera | null>(null);
  const freshIncidents = useRef(new Map<string, number>());

  // The wall owns the whole viewport: no header, footer or page scroll.
  useEffect(() => {
    document.documentElement.classList.add("wall-mode");
    return () => document.documentElement.classList.remove("wall-mode");
  }, []);

  const load = useCallback(async () => {
    try {
      const o = await get<Overview>("/api/command/overview");
      setOverview(o);
      setError(null);
      setCameras(o.cameras ?? []);
      setSensors(new Map((o.sensors ?? []).map((x) => [`${x.source}|${x.kind}`, x])));
      setIncidents(() => {
        const m = new Map<string, WallIncident>();
        for (const i of o.incidents ?? []) {
          if (!OPEN_STATES.has(i.state)) continue;
          m.set(i.id, {
            id: i.id,
            number: i.number,
            type: i.type,
            priority: i.priority,
            state: i.state,
            lat: i.lat,
            lon: i.lon,
            fresh: isFresh(freshIncidents.current, i.id),
          });
        }
        return m;
      });
      setTicker((old) => mergeTicker(old, o.ticker ?? []));
    } catch (e) {
      setError(e instanceof ProblemError ? e.title : String(e));
    }
  }, []);
  const refetch = useMemo(() => throttle(() => void load(), 2000), [load]);

  useEffect(() => {
    void load();
    get<GeoConfig>("/api/geo/config").then(setGeo, () =>
      setGeo({ tileUrl: "", tileAttribution: "", center: null, zoom: null, bbox: null, boundariesLoaded: false }),
    );
    // Slow drift (hourly buckets, "today"): refresh once a minute even when nothing happens.
    const timer = setInterval(() => void load(), 60_000);
    return () => {
      clearInterval(timer);
      refetch.cancel();
    };
  }, [load, refetch]);

  // Buses (optional): only for users who may monitor the fleet.
  const mayBus = hasPermission(session, "transit.monitor");
  usePolling(
    (live) =>
      get<Bus[] | { vehicles: Bus[] }>("/api/transit/vehicles").then(
        (r) => live() && setBuses((Array.isArray(r) ? r : (r.vehicles ?? [])).filter((b) => b.lat != null && b.lon != null)),
        () => undefined,
      ),
    15_000,
    "vehicles",
    mayBus,
  );

  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (settle.current) clearTimeout(settle.current);
    },
    [],
  );
  const onEvent = useCallback(
    (e: LiveEvent) => {
      // 1. The ticker, at once. Not twice: an incident's case events repeat its incident.* events, and a unit's
      // dispatch.updated says more than the incident.updated it comes with (the server's ticker skips the same).
      if (e.topic.startsWith("case.") && e.payload?.kind === "incident") {
        refetch();
        return;
      }
      const repeat = e.topic === "incident.updated" && (e.payload?.change === "dispatch" || e.payload?.change === "status");
      if (!repeat) {
        setTicker((old) => mergeTicker(old, [{ ...e, fresh: true }]));
        setTimeout(() => setTicker((old) => old.map((x) => (x.id === e.id ? { ...x, fresh: false } : x))), FRESH_MS);
      }
      // 2. The incident marker, at once, from the payload.
      const p = e.payload ?? {};
      if (e.topic.startsWith("incident.") && p.caseId && typeof p.lat === "number" && typeof p.lon === "number") {
        if (p.change === "created") {
          freshIncidents.current.set(p.caseId, Date.now() + FRESH_MS * 3);
          setTimeout(() => setIncidents((old) => unfresh(old, p.caseId)), FRESH_MS * 3);
        }
        setIncidents((old) => {
          const m = new Map(old);
          if (!OPEN_STATES.has(p.state)) m.delete(p.caseId);
          else
            m.set(p.caseId, {
              id: p.caseId,
              number: p.number,
              type: p.type,
              priority: p.priority,
              state: p.state,
              lat: p.lat,
              lon: p.lon,
              fresh: isFresh(freshIncidents.current, p.caseId),
            });
          return m;
        });
      }
      if ((e.topic === "ingest.event" || e.topic === "ingest.alert") && typeof p.lat === "number" && typeof p.lon === "number") {
        const sensor: Sensor = {
          source: p.source,
          kind: p.kind,
          value: p.value ?? null,
          unit: p.unit ?? null,
          lat: p.lat,
          lon: p.lon,
          severity: p.severity ?? null,
          at: e.at,
        };
        setSensors((old) => new Map(old).set(`${sensor.source}|${sensor.kind}`, sensor));
      }
      if (e.topic === "cctv.status" && p.cameraId) {
        setCameras((old) => old.map((c) => (c.id === p.cameraId ? { ...c, status: p.status, lastError: p.error ?? null } : c)));
      }
      // 3. Counters and the rest: refetch, throttled, and once more when things settle (the server caches briefly).
      refetch();
      if (settle.current) clearTimeout(settle.current);
      settle.current = setTimeout(refetch, 2500);
    },
    [refetch],
  );
  // Start the stream after the newest event the overview showed (the server replays anything in between).
  const after = overview ? Math.max(0, ...(overview.ticker ?? []).map((x) => Number(x.id) || 0)) || null : null;
  const connected = useLive(onEvent, { enabled: overview != null || error != null, after });

  const incidentList = useMemo(() => [...incidents.values()], [incidents]);
  const sensorList = useMemo(() => [...sensors.values()], [sensors]);
  const reports = useMemo(() => overview?.reports ?? [], [overview]);
  const city = session?.tenant.name ?? "";
  const c = overview?.counters;
  useDocumentTitle(t("wall.title"));

  return (
    <div className="wall" data-testid="wall">
      <header className="wall__head">
        <h1 className="wall__title" tabIndex={-1}>
          {t("wall.title")} <span className="wall__subtitle">{t("wall.subtitle", { city })}</span>
        </h1>
        <LiveBadge connected={connected} dark />
        <Clock lang={lang} />
      </header>

      <section className="wall__counters" aria-label={t("wall.counters.label")}>
        <Counter id="openIncidents" label={t("wall.counters.openIncidents")} value={c?.openIncidents} tone={c?.openIncidents ? "alert" : undefined} />
        <Counter id="incidentsToday" label={t("wall.counters.incidentsToday")} value={c?.incidentsToday} />
        <Counter
          id="avgResponse"
          label={t("wall.counters.avgResponse")}
          value={c ? <BigDuration seconds={c.avgResponseSecondsToday} lang={lang} /> : undefined}
        />
        <Counter id="openCases" label={t("wall.counters.openCases")} value={c?.openCases} />
        <Counter id="overdueCases" label={t("wall.counters.overdueCases")} value={c?.overdueCases} tone={c?.overdueCases ? "warn" : undefined} />
        <Counter id="openReports" label={t("wall.counters.openReports")} value={c?.openReports} />
      </section>

      <div className="wall__map">
        {geo ? (
          <Suspense fallback={<div className="wall-map wall-map--blank" />}>
            <WallMap config={geo} incidents={incidentList} reports={reports} cameras={cameras} buses={buses} sensors={sensorList} onCamera={setCamera} />
          </Suspense>
        ) : (
          <div className="wall-map wall-map--blank" />
        )}
        <ul className="wall-legend" aria-label="Legenda">
          {(
            [
              ["wall-dot", "#ff4d4f", "p1", true],
              ["wall-dot", "#ff9f1a", "p2", true],
              ["wall-dot", "#ffd60a", "p3", true],
              ["wall-dot wall-dot--report", null, "reports", true],
              ["wall-cam wall-cam--online", null, "camOn", true],
              ["wall-cam wall-cam--offline", null, "camOff", true],
              ["wall-dot wall-dot--bus", null, "bus", buses.length > 0],
              ["wall-sensor", null, "sensor", sensors.size > 0],
              ["wall-sensor wall-sensor--warning", null, "sensorAlert", sensors.size > 0],
            ] as const
          )
            .filter(([, , , shown]) => shown)
            .map(([mark, color, key]) => (
              <li key={key}>
                <span className={mark} style={color ? { background: color } : undefined} /> {t(`wall.legend.${key}`)}
              </li>
            ))}
        </ul>
        {error && (
          <p className="wall__error" role="alert">
            {t("wall.loadFailed", { error })}
          </p>
        )}
      </div>

      <Section className="wall__ticker" titleId="wall-ticker-title" title={t("wall.tickerTitle")} titleClassName="wall__h2">
        <ol className="ticker" aria-live="polite" aria-relevant="additions" data-testid="ticker">
          {ticker.length === 0 && <li className="ticker__empty">{t("wall.tickerEmpty")}</li>}
          {ticker.map((x) => (
            <li key={x.id} className={`ticker__item ticker__item--${x.topic.split(".")[0]}${x.fresh ? " ticker__item--fresh" : ""}`}>
              <span className="ticker__time">{hhmm(x.at, lang)}</span>
              <span className="ticker__topic">{t(`topics.${x.topic}`, { defaultValue: x.topic })}</span>
              <span className="ticker__text">{pick(x.summary, lang) || x.topic}</span>
            </li>
          ))}
        </ol>
      </Section>

      <Section className="wall__opd" titleId="wall-opd-title" title={t("wall.opdTitle")} titleClassName="wall__h2">
        <OpdTable overview={overview} lang={lang} />
      </Section>

      <Section className="wall__charts" titleId="wall-charts-title" title={t("wall.chartsTitle")} titleClassName="wall__h2">
        <HourlyChart hourly={overview?.hourly ?? null} />
      </Section>

      {camera && <CameraDialog camera={camera} onClose={() => setCamera(null)} />}
    </div>
  );
}

function isFresh(m: Map<string, number>, id: string) {
  const until = m.get(id);
  if (until == null) return false;
  if (until < Date.now()) {
    m.delete(id);
    return false;
  }
  return true;
}
function unfresh(old: Map<string, WallIncident>, id: string) {
  const x = old.get(id);
  if (!x?.fresh) return old;
  const m = new Map(old);
  m.set(id, { ...x, fresh: false });
  return m;
}

function mergeTicker(old: TickerItem[], add: TickerItem[]): TickerItem[] {
  const byId = new Map(old.map((x) => [String(x.id), x]));
  for (const x of add) {
    const prev = byId.get(String(x.id));
    byId.set(String(x.id), prev ? { ...x, fresh: prev.fresh || x.fresh } : x);
  }
  return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at) || Number(b.id) - Number(a.id)).slice(0, TICKER_MAX);
}

/** "6 mnt 52 dtk" with small units, so it fits a counter tile. */
