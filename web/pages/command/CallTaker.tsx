/** /command/112 — the Call Center 112 console: record an incident in under a minute, keyboard first; link repeated calls. */
import "./command.css";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { post } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { ErrorSummary, Field, SubmitButton, useForm } from "../../ui/form.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import type { MapApi } from "../lapor/MapView.tsx";
import type { GeoConfig } from "../lapor/shared.tsx";
import { INCIDENT_TYPES, type Incident, type Meta, parseSharedLocation, useCommandT, useCityTimeZone } from "./i18n.ts";
import { throttle, useLive } from "./live.ts";
import { IncidentTable, LiveBadge, PriorityTag, useWidePage } from "./parts.tsx";
import { CallerFields, LocationFields } from "./taker/LocationFields.tsx";
import { byName, EMPTY, type Kecamatan, num, useLocated, useNearby, type Values, validLat, validLon } from "./taker/model.ts";
import { KeyedRadios } from "./taker/KeyedRadios.tsx";
import { NearbyPanel } from "./taker/NearbyPanel.tsx";
import { type Saved, TakerDone } from "./taker/TakerDone.tsx";
import { Section } from "../../ui/Section.tsx";

const MapView = lazy(() => import("../lapor/MapView.tsx"));
const PRIORITIES = ["1", "2", "3"] as const;

export default function CallTaker() {
  const { t } = useCommandT();
  useWidePage();
  const meta = useData<Meta>("/api/emergency/meta");
  const { session } = useSession();
  useCityTimeZone(session?.tenant.timezone);
  const mayDispatch = hasPermission(session, "incidents.dispatch");
  const geo = useData<GeoConfig>("/api/geo/config");
  const regions = useData<Kecamatan[]>("/api/regions");
  const kecamatan = useMemo(() => [...(regions.data ?? [])].sort(byName).map((k) => ({ ...k, kelurahan: [...k.kelurahan].sort(byName) })), [regions.data]);
  const labels = useMemo(
    () => ({
      callerName: t("taker.callerName"),
      callerPhone: t("taker.callerPhone"),
      gps: t("taker.gps"),
      address: t("taker.address"),
      lat: t("taker.lat"),
      lon: t("taker.lon"),
      type: t("taker.type"),
      priority: t("taker.priorityLegend"),
      notes: t("taker.notes"),
      kelurahan: t("taker.kelurahan"),
    }),
    [t],
  );
  const form = useForm<Values>(EMPTY, { labels });
  const { values, setValues, set, errors } = form;
  const [saved, setSaved] = useState<Saved | null>(null);
  const [linking, setLinking] = useState<string | null>(null);
  const priorityTouched = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Today's open incidents (below the form and on the confirmation), kept fresh by the live stream.
  const open = useData<{ items: Incident[] }>("/api/emergency/incidents?open=true&limit=100");
  const reloadOpen = open.reload;
  const refresh = useMemo(() => throttle(reloadOpen, 2000), [reloadOpen]);
  useEffect(() => () => refresh.cancel(), [refresh]);
  const connected = useLive(
    useCallback(() => refresh(), [refresh]),
    { topics: ["incident", "dispatch"] },
  );

  const lat = validLat(values.lat) ? num(values.lat) : null;
  const lon = validLon(values.lon) ? num(values.lon) : null;
  const hasPlace = lat != null && lon != null;

  // Which kelurahan holds the point: preselected unless the call taker chose one; a point outside the city is flagged.
  const kelurahanTouched = useRef(false);
  const locatedHere = useLocated(
    lat,
    lon,
    useCallback(
      (r) => {
        if (!kelurahanTouched.current) setValues((v) => ({ ...v, kelurahan: r.kelurahan ?? "" }));
      },
      [setValues],
    ),
  );

  // The type's default priority, unless the call taker chose one.
  const typePriority = useCallback((type: string) => meta.data?.types.find((x) => x.key === type)?.priority, [meta.data]);
  const chooseType = (type: string) => {
    setValues((v) => ({ ...v, type, priority: priorityTouched.current ? v.priority : String(typePriority(type) ?? (v.priority || 2)) }));
  };
  const choosePriority = (p: string) => {
    priorityTouched.current = true;
    setValues((v) => ({ ...v, priority: p }));
  };

  // Similar open incidents nearby (same type, 500 m, last hour): offer to link the call instead.
  const nearby = useNearby(values.type, lat, lon);

  const mapApi = useRef<MapApi | null>(null);
  const onGps = (text: string) => {
    const p = parseSharedLocation(text);
    setValues((v) => ({ ...v, gps: text, ...(p ? { lat: String(p.lat), lon: String(p.lon) } : {}) }));
    if (p) mapApi.current?.flyTo(p.lat, p.lon, 16);
  };

  const validate = (v: Values) => {
    const e: Record<string, string> = {};
    if (!v.type) e.type = t("taker.err.type");
    if (!v.lat.trim() && !v.lon.trim()) e.gps = t("taker.err.location");
    else {
      if (!validLat(v.lat)) e.lat = t("taker.err.lat");
      if (!validLon(v.lon)) e.lon = t("taker.err.lon");
    }
    if (!(PRIORITIES as readonly string[]).includes(v.priority)) e.priority = t("taker.err.priority");
    return e;
  };

  const reset = () => {
    priorityTouched.current = false;
    kelurahanTouched.current = false;
    setValues(EMPTY);
    form.clear();
    setSaved(null);
    setTimeout(() => document.getElementById("callerName")?.focus(), 0);
  };

  const submit = form.submit(validate, async (v) => {
    const inc = await post<Incident>("/api/emergency/incidents", {
      type: v.type,
      priority: Number(v.priority),
      lat: num(v.lat),
      lon: num(v.lon),
      address: v.address.trim() || undefined,
      callerName: v.callerName.trim() || undefined,
      callerPhone: v.callerPhone.trim() || undefined,
      notes: v.notes.trim() || undefined,
      kelurahan: v.kelurahan || undefined,
    });
    setSaved({ kind: "created", number: inc.number });
    reloadOpen();
  });

  const linkTo = async (inc: Incident) => {
    if (linking) return;
    setLinking(inc.id);
    form.clear();
    try {
      await post(`/api/emergency/incidents/${encodeURIComponent(inc.id)}/calls`, {
        callerName: values.callerName.trim() || undefined,
        callerPhone: values.callerPhone.trim() || undefined,
        notes: values.notes.trim() || undefined,
      });
      setSaved({ kind: "linked", number: inc.number });
      reloadOpen();
    } catch (err) {
      form.showProblem(err);
    } finally {
      setLinking(null);
    }
  };

  // Keys 1–8 choose the type while focus is in the type group; 1–3 the priority in the priority group; Enter saves.
  const save = () => formRef.current?.requestSubmit();

  const todayOpen = useMemo(() => {
    const today = new Date().toDateString();
    return (open.data?.items ?? []).filter((i) => new Date(i.receivedAt).toDateString() === today);
  }, [open.data]);

  if (meta.error) return <p role="alert">{meta.error.title}</p>;

  return (
    <div className="cmd-page">
      <PageTitle caption={t("taker.caption")}>{t("taker.title")}</PageTitle>
      <LiveBadge connected={connected} />
      {saved ? (
        <TakerDone saved={saved} mayDispatch={mayDispatch} onNext={reset} />
      ) : (
        <>
          <p className="lead">{t("taker.lead")}</p>
          <p className="muted cmd-keys">{t("taker.keys")}</p>
          <ErrorSummary summary={form.summary} />
          <form ref={formRef} onSubmit={submit} noValidate className="cmd-form">
            <div className="cmd-form__main">
              <CallerFields bind={form.bind} />

              <LocationFields
                values={values}
                errors={errors}
                set={set}
                onGps={onGps}
                onKelurahan={(e) => {
                  kelurahanTouched.current = true;
                  set("kelurahan")(e);
                }}
                kecamatan={kecamatan}
                located={locatedHere}
                cityName={session?.tenant.name ?? ""}
              />

              <KeyedRadios
                name="type"
                legend={t("taker.type")}
                hint={t("taker.typeHint")}
                error={errors.type}
                keys={INCIDENT_TYPES}
                value={values.type}
                choose={chooseType}
                onEnter={save}
                listClassName="cmd-types"
                itemClassName="radio cmd-type"
                label={(key, i) => (
                  <>
                    <kbd>{i + 1}</kbd> {t(`types.${key}`)}
                  </>
                )}
              />

              <KeyedRadios
                name="priority"
                legend={t("taker.priorityLegend")}
                hint={t("taker.priorityHint")}
                error={errors.priority}
                keys={PRIORITIES}
                value={values.priority}
                choose={choosePriority}
                onEnter={save}
                listClassName="radios radios--inline"
                itemClassName="radio"
                label={(p) => (
                  <>
                    <span className={`cmd-prio cmd-prio--${p}`}>{p}</span> {t(`priority.${p}`)}
                  </>
                )}
              />

              <Field id="notes" label={t("taker.notes")} hint={t("taker.notesHint")} error={errors.notes} errorPrefix={false}>
                <textarea
                  id="notes"
                  name="notes"
                  className="input input--wfull textarea"
                  rows={3}
                  value={values.notes}
                  onChange={set("notes")}
                  aria-describedby={`notes-hint${errors.notes ? " notes-error" : ""}`}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                      e.preventDefault();
                      save();
                    }
                  }}
                />
              </Field>

              <div className="button-group">
                <SubmitButton busy={form.submitting}>{form.submitting ? t("taker.saving") : t("taker.submit")}</SubmitButton>
                {values.priority && <PriorityTag priority={Number(values.priority)} />}
              </div>
            </div>
            <div className="cmd-form__map">
              <NearbyPanel nearby={nearby} linking={linking} onLink={linkTo} />
              <p className="field__label">{t("taker.map")}</p>
              <p className="field__hint" id="cmd-map-hint">
                {t("taker.mapHint")}
              </p>
              {geo.data ? (
                <Suspense fallback={<div className="map-placeholder cmd-map" />}>
                  <MapView
                    id="cmd-map"
                    className="cmd-map"
                    config={geo.data}
                    label={t("taker.map")}
                    describedBy="cmd-map-hint"
                    pin={hasPlace ? { lat, lon } : null}
                    onPick={(la, lo) => setValues((v) => ({ ...v, lat: String(la), lon: String(lo) }))}
                    onReady={(api) => {
                      mapApi.current = api;
                    }}
                  />
                </Suspense>
              ) : (
                <div className="map-placeholder cmd-map" />
              )}
            </div>
          </form>
        </>
      )}

      <Section titleId="open-today" title={t("taker.openToday")} className="cmd-open">
        {!open.data ? (
          open.error ? (
            <p>{open.error.title}</p>
          ) : (
            <Loading />
          )
        ) : todayOpen.length === 0 ? (
          <p>{t("taker.openNone")}</p>
        ) : (
          <IncidentTable items={todayOpen} caption={t("taker.openToday")} />
        )}
      </Section>
    </div>
  );
}
