/** /lapor — make a complaint: category → location → details and photos → check (nearby reports, +1) → sent. */
import { type FormEvent, lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { get, post, ProblemError, uploadFile } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { type Region, useData } from "../citizen/shared.tsx";
import type { MapApi } from "./MapView.tsx";
import {
  type Category,
  CategoryIcon,
  categoryFields,
  formatDistance,
  type GeoConfig,
  type Located,
  type NearbyReport,
  StateTag,
  useCategories,
  useL,
  useLaporT,
} from "./shared.tsx";

const MapView = lazy(() => import("./MapView.tsx"));

const STEPS = ["kategori", "lokasi", "uraian", "periksa"] as const;
type Step = (typeof STEPS)[number] | "terkirim";
const MAX_PHOTOS = 5;

interface Photo {
  key: string;
  name: string;
  preview: string;
  id?: string;
  status: "uploading" | "done" | "error";
  error?: string;
}

interface Sent {
  id: string;
  number: string;
  trackingToken: string;
  state: string;
}

/** Which step shows a server field. */
function stepOf(field: string): Step {
  if (field === "category") return "kategori";
  if (field === "lat" || field === "lon" || field === "kelurahan" || field === "location" || field === "pin") return "lokasi";
  return "uraian";
}

export function ReportFlow() {
  const { t, i18n } = useLaporT();
  const L = useL();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const { categories, error: catError } = useCategories();
  const geo = useData<GeoConfig>("/api/geo/config");
  const regions = useData<Region[]>("/api/regions");

  const [category, setCategory] = useState("");
  const [pin, setPin] = useState<{ lat: number; lon: number } | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  const [locating, setLocating] = useState<"" | "gps" | "lookup">("");
  const [gpsProblem, setGpsProblem] = useState("");
  const [kelurahan, setKelurahan] = useState("");
  const [kelSearch, setKelSearch] = useState("");
  const [latText, setLatText] = useState("");
  const [lonText, setLonText] = useState("");
  const [description, setDescription] = useState("");
  const [title, setTitle] = useState("");
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [confidential, setConfidential] = useState(false);
  const [nearby, setNearby] = useState<NearbyReport[] | null>(null);
  const [supported, setSupported] = useState<Record<string, { count: number; added: boolean }>>({});
  const [sent, setSent] = useState<Sent | null>(null);
  const mapApi = useRef<MapApi | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const cat = categories?.find((c) => c.key === category);
  const fields = categoryFields(cat);

  const form = useForm(
    {},
    {
      labels: {
        category: t("flow.categoryLegend"),
        pin: t("flow.pinLabel"),
        lat: t("flow.lat"),
        kelurahan: t("flow.kelurahan"),
        description: t("flow.description"),
        title: t("flow.titleLabel"),
        photos: t("flow.photos"),
        anonymous: t("flow.anonymous"),
        confidential: t("flow.confidential"),
        ...Object.fromEntries(fields.map((f) => [`x-${f.name}`, L(f.label)])),
      },
      fieldMap: {
        lat: "pin",
        lon: "pin",
        location: "pin",
        photoIds: "photos",
        ...Object.fromEntries(fields.map((f) => [`data.${f.name}`, `x-${f.name}`])),
      },
    },
  );
  const { errors, summary, showErrors, showProblem, clear } = form;

  // The step lives in the address (?langkah=) so the browser's Back button walks the steps.
  const asked = new URLSearchParams(search).get("langkah") as Step | null;
  const step: Step =
    asked === "terkirim" && sent
      ? "terkirim"
      : !cat || !asked || !STEPS.includes(asked as (typeof STEPS)[number])
        ? "kategori"
        : asked === "uraian" && !pin
          ? "lokasi"
          : asked === "periksa" && (!pin || !description.trim())
            ? pin
              ? "uraian"
              : "lokasi"
            : asked;
  const go = (s: Step) => {
    clear();
    navigate(s === "kategori" ? "/lapor" : `/lapor?langkah=${s}`);
  };
  const h1 = useRef<string>("");
  // Focus the heading whenever the step changes.
  useEffect(() => {
    if (h1.current && h1.current !== step) {
      document.querySelector<HTMLElement>("main h1")?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
    h1.current = step;
  }, [step]);

  // Free the photo previews when leaving.
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(
    () => () => {
      for (const p of photosRef.current) URL.revokeObjectURL(p.preview);
    },
    [],
  );

  // Where is the pin? Ask the server for the kelurahan.
  useEffect(() => {
    if (!pin) return;
    let live = true;
    setLocating("lookup");
    get<Located>(`/api/geo/locate?lat=${pin.lat}&lon=${pin.lon}`).then(
      (r) => {
        if (!live) return;
        setLocated(r);
        setLocating("");
        if (r.kelurahan) {
          setKelurahan(r.kelurahan);
          setKelSearch("");
        }
      },
      () => {
        if (!live) return;
        setLocated(null);
        setLocating("");
      },
    );
    return () => {
      live = false;
    };
  }, [pin]);

  // Nearby open reports of the same category, before sending.
  useEffect(() => {
    if (step !== "periksa" || !pin || !category) return;
    let live = true;
    setNearby(null);
    get<{ items: NearbyReport[] }>(`/api/lapor/nearby?category=${encodeURIComponent(category)}&lat=${pin.lat}&lon=${pin.lon}`).then(
      (r) => live && setNearby(r.items),
      () => live && setNearby([]),
    );
    return () => {
      live = false;
    };
  }, [step, pin, category]);

  const placePin = (lat: number, lon: number) => {
    setPin({ lat, lon });
    setLatText(String(lat));
    setLonText(String(lon));
  };

  const locateMe = () => {
    setGpsProblem("");
    if (!("geolocation" in navigator)) {
      setGpsProblem(t("flow.gpsUnsupported"));
      return;
    }
    setLocating("gps");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const lat = Math.round(pos.coords.latitude * 1e6) / 1e6;
        const lon = Math.round(pos.coords.longitude * 1e6) / 1e6;
        placePin(lat, lon);
        mapApi.current?.flyTo(lat, lon, 17);
        setLocating("");
      },
      (err) => {
        setLocating("");
        setGpsProblem(err.code === err.PERMISSION_DENIED ? t("flow.gpsDenied") : t("flow.gpsFailed"));
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };

  const applyCoords = () => {
    const lat = Number(latText.replace(",", "."));
    const lon = Number(lonText.replace(",", "."));
    if (!latText.trim() || !lonText.trim() || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      showErrors({ lat: t("flow.coordsInvalid") });
      return;
    }
    clear();
    placePin(lat, lon);
    mapApi.current?.flyTo(lat, lon);
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files?.length) return;
    const room = MAX_PHOTOS - photos.length;
    const list = [...files].slice(0, Math.max(0, room));
    const problems: string[] = [];
    if (files.length > room) problems.push(t("flow.photosTooMany", { max: MAX_PHOTOS }));
    const added: Photo[] = [];
    for (const f of list) {
      if (!f.type.startsWith("image/")) {
        problems.push(t("flow.photoNotImage", { name: f.name }));
        continue;
      }
      added.push({ key: `${Date.now()}-${Math.random()}`, name: f.name, preview: URL.createObjectURL(f), status: "uploading" });
    }
    if (fileInput.current) fileInput.current.value = "";
    if (problems.length) showErrors({ photos: problems.join(" ") });
    else clear();
    if (!added.length) return;
    setPhotos((old) => [...old, ...added]);
    const files2 = list.filter((f) => f.type.startsWith("image/"));
    await Promise.all(
      added.map(async (p, i) => {
        try {
          const r = await uploadFile<{ id: string; thumbnailUrl: string }>("/api/lapor/photos", files2[i]);
          setPhotos((old) => old.map((x) => (x.key === p.key ? { ...x, id: r.id, status: "done" } : x)));
        } catch (err) {
          const msg = err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err);
          setPhotos((old) => old.map((x) => (x.key === p.key ? { ...x, status: "error", error: msg } : x)));
        }
      }),
    );
  };
  const removePhoto = (key: string) => {
    setPhotos((old) => {
      const p = old.find((x) => x.key === key);
      if (p) URL.revokeObjectURL(p.preview);
      return old.filter((x) => x.key !== key);
    });
    fileInput.current?.focus();
  };

  // ---- step submits ----
  const chooseCategory = (e: FormEvent) => {
    e.preventDefault();
    if (!cat) {
      showErrors({ category: t("flow.categoryMissing") });
      return;
    }
    if (!cat.anonymousAllowed) setAnonymous(false);
    go("lokasi");
  };

  const confirmLocation = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!pin) errs.pin = t("flow.pinMissing");
    else if (located?.inside === false) errs.pin = t("flow.outside", { city: session?.tenant.name ?? "" });
    // The kelurahan is optional: without it the report is taken as "kelurahan belum ditentukan" and Kominfo sets it.
    if (Object.keys(errs).length) {
      showErrors(errs);
      return;
    }
    go("uraian");
  };

  const confirmDetails = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!description.trim()) errs.description = t("flow.descriptionMissing");
    else if (description.trim().length < 15) errs.description = t("flow.descriptionShort", { min: 15 });
    for (const f of fields) if (f.required && !extra[f.name]?.trim()) errs[`x-${f.name}`] = t("flow.fieldMissing", { label: L(f.label) });
    if (photos.some((p) => p.status === "uploading")) errs.photos = t("flow.photosUploading");
    else if (photos.some((p) => p.status === "error")) errs.photos = t("flow.photosFailed");
    if (Object.keys(errs).length) {
      showErrors(errs);
      return;
    }
    go("periksa");
  };

  const [sending, setSending] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (sending || !pin) return;
    setSending(true);
    clear();
    try {
      const data = Object.fromEntries(Object.entries(extra).filter(([, v]) => v.trim() !== ""));
      const r = await post<Sent>("/api/lapor/reports", {
        category,
        lat: pin.lat,
        lon: pin.lon,
        ...(kelurahan ? { kelurahan } : {}),
        description: description.trim(),
        ...(title.trim() ? { title: title.trim() } : {}),
        anonymous: cat?.anonymousAllowed ? anonymous : false,
        confidential,
        photoIds: photos.filter((p) => p.id).map((p) => p.id as string),
        ...(Object.keys(data).length ? { data } : {}),
      });
      setSent(r);
      navigate("/lapor?langkah=terkirim");
    } catch (err) {
      if (err instanceof ProblemError && err.errors.length) {
        const first = stepOf(err.errors[0].field);
        navigate(first === "kategori" ? "/lapor" : `/lapor?langkah=${first}`);
      }
      showProblem(err);
    } finally {
      setSending(false);
    }
  };

  const support = async (r: NearbyReport) => {
    try {
      const res = await post<{ supportCount: number; supported?: boolean }>(`/api/lapor/reports/${r.id}/support`);
      setSupported((s) => ({ ...s, [r.id]: { count: res.supportCount, added: res.supported !== false } }));
    } catch (err) {
      showProblem(err);
    }
  };

  const kecamatanOf = useMemo(() => {
    const m = new Map<string, { kel: string; kec: string }>();
    for (const k of regions.data ?? []) for (const l of k.kelurahan) m.set(l.code, { kel: l.name, kec: k.name });
    return m;
  }, [regions.data]);
  const place = kelurahan ? kecamatanOf.get(kelurahan) : undefined;
  const placeText = place
    ? t("flow.placeName", { kelurahan: place.kel, kecamatan: place.kec })
    : located?.kelurahanName
      ? t("flow.placeName", { kelurahan: located.kelurahanName, kecamatan: located.kecamatanName ?? "" })
      : "";

  if (catError) return <p>{catError.title}</p>;
  if (!categories) return <Loading />;

  const stepNo = STEPS.indexOf(step as (typeof STEPS)[number]) + 1;
  const stepCaption = step === "terkirim" ? undefined : t("flow.stepOf", { n: stepNo, total: STEPS.length });
  const back = (to: Step) => (
    <p>
      <Link href={to === "kategori" ? "/lapor" : `/lapor?langkah=${to}`} className="back-link">
        {t("flow.back")}
      </Link>
    </p>
  );

  // ---- 1. category ----
  if (step === "kategori") {
    return (
      <>
        <ErrorSummary summary={summary} />
        <PageTitle caption={stepCaption}>{t("flow.categoryTitle")}</PageTitle>
        <p className="lead">{t("flow.categoryLead")}</p>
        <form onSubmit={chooseCategory} noValidate>
          <fieldset className={`field fieldset${errors.category ? " field--error" : ""}`} aria-describedby={errors.category ? "category-error" : undefined}>
            <legend className="visually-hidden">{t("flow.categoryLegend")}</legend>
            {errors.category && (
              <p className="field__error" id="category-error">
                {errors.category}
              </p>
            )}
            <div className="cat-grid">
              {categories.map((c, i) => (
                <label key={c.key} className={`cat-card${category === c.key ? " cat-card--on" : ""}`} htmlFor={i === 0 ? "category" : `category-${c.key}`}>
                  <input
                    type="radio"
                    name="category"
                    id={i === 0 ? "category" : `category-${c.key}`}
                    value={c.key}
                    checked={category === c.key}
                    onChange={() => setCategory(c.key)}
                    className="cat-card__radio"
                  />
                  <CategoryIcon categoryKey={c.key} />
                  <span className="cat-card__name">{L(c.name)}</span>
                  <span className="cat-card__summary" id={`cat-${c.key}-summary`}>
                    {L(c.summary)}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="button">
            {t("flow.continue")}
          </button>
        </form>
        <p>
          <Link href="/laporan">{t("flow.seeOthers")}</Link>
        </p>
      </>
    );
  }

  // ---- 2. location ----
  if (step === "lokasi") {
    const q = kelSearch.trim().toLowerCase();
    const groups = (regions.data ?? [])
      .map((k) => ({
        ...k,
        kelurahan: k.kelurahan.filter((l) => !q || l.name.toLowerCase().includes(q) || k.name.toLowerCase().includes(q) || l.code === kelurahan),
      }))
      .filter((k) => k.kelurahan.length);
    const matches = groups.reduce((n, k) => n + k.kelurahan.length, 0);
    return (
      <>
        {back("kategori")}
        <ErrorSummary summary={summary} />
        <PageTitle caption={stepCaption}>{t("flow.locationTitle")}</PageTitle>
        <p>{t("flow.locationLead", { category: cat ? L(cat.name) : "" })}</p>
        <form onSubmit={confirmLocation} noValidate>
          <div className={`field${errors.pin || errors.lat ? " field--error" : ""}`}>
            <p className="field__label" id="pin-label">
              {t("flow.pinLabel")}
            </p>
            <p className="field__hint" id="pin-hint">
              {t("flow.pinHint")}
            </p>
            {errors.pin && (
              <p className="field__error" id="pin-error">
                <span className="visually-hidden">{t("flow.errorPrefix")} </span>
                {errors.pin}
              </p>
            )}
            {errors.lat && (
              <p className="field__error" id="lat-error">
                <span className="visually-hidden">{t("flow.errorPrefix")} </span>
                {errors.lat}
              </p>
            )}
            <div className="button-group map-tools">
              <button
                type="button"
                id={geo.data ? undefined : "pin"}
                className="button button--secondary"
                onClick={locateMe}
                aria-disabled={locating === "gps" || undefined}
              >
                <span aria-hidden="true">◎ </span>
                {t("flow.useMyLocation")}
              </button>
              {geo.data && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    const c = mapApi.current?.center();
                    if (c) placePin(c[0], c[1]);
                  }}
                >
                  {t("flow.pinCenter")}
                </button>
              )}
            </div>
            {gpsProblem && (
              <p className="notice notice--warning" role="alert">
                {gpsProblem}
              </p>
            )}
            {geo.data ? (
              <Suspense fallback={<div className="map-shell map-placeholder" />}>
                <MapView
                  id="pin"
                  describedBy={`pin-hint${errors.pin ? " pin-error" : ""}`}
                  config={geo.data}
                  label={t("flow.mapLabel")}
                  pin={pin}
                  onPick={placePin}
                  onReady={(api) => {
                    mapApi.current = api;
                  }}
                />
              </Suspense>
            ) : geo.error ? (
              <p className="notice notice--info">{t("flow.noMap")}</p>
            ) : (
              <div className="map-shell map-placeholder" />
            )}
            <div className="located" aria-live="polite" role="status">
              {locating === "gps" ? (
                <p>{t("flow.gpsWaiting")}</p>
              ) : locating === "lookup" ? (
                <p>{t("flow.lookingUp")}</p>
              ) : pin ? (
                <p>
                  <strong>{t("flow.pinPlaced")}</strong> {placeText || t("flow.placeUnknown")}{" "}
                  <span className="muted nowrap">
                    ({pin.lat.toFixed(5)}, {pin.lon.toFixed(5)})
                  </span>
                  {located?.inside === false && <span className="located__warn"> {t("flow.outside", { city: session?.tenant.name ?? "" })}</span>}
                </p>
              ) : (
                <p className="muted">{t("flow.noPinYet")}</p>
              )}
            </div>
            <details className="coords" open={(!geo.data && !!geo.error) || !!errors.lat}>
              <summary>{t("flow.coordsToggle")}</summary>
              <div className="form-row coords__row">
                <div className="field field--tight">
                  <label className="field__label field__label--small" htmlFor="lat">
                    {t("flow.lat")}
                  </label>
                  <input
                    id="lat"
                    className="input input--wfull"
                    inputMode="decimal"
                    value={latText}
                    onChange={(e) => setLatText(e.target.value)}
                    aria-describedby={errors.lat ? "lat-error" : undefined}
                    aria-invalid={errors.lat ? true : undefined}
                    autoComplete="off"
                  />
                </div>
                <div className="field field--tight">
                  <label className="field__label field__label--small" htmlFor="lon">
                    {t("flow.lon")}
                  </label>
                  <input
                    id="lon"
                    className="input input--wfull"
                    inputMode="decimal"
                    value={lonText}
                    onChange={(e) => setLonText(e.target.value)}
                    autoComplete="off"
                  />
                </div>
              </div>
              <button type="button" className="button button--secondary button--small" onClick={applyCoords}>
                {t("flow.useCoords")}
              </button>
            </details>
          </div>

          <div className={`field${errors.kelurahan ? " field--error" : ""}`}>
            <label className="field__label" htmlFor="kelurahan">
              {t("flow.kelurahan")} <span className="muted">{t("flow.optional")}</span>
            </label>
            <p className="field__hint" id="kelurahan-hint">
              {geo.data?.boundariesLoaded ? t("flow.kelurahanHintAuto") : t("flow.kelurahanHintPick")} {t("flow.kelurahanHintOptional")}
            </p>
            {errors.kelurahan && (
              <p className="field__error" id="kelurahan-error">
                <span className="visually-hidden">{t("flow.errorPrefix")} </span>
                {errors.kelurahan}
              </p>
            )}
            <div className="kel-picker">
              <label className="field__label field__label--small" htmlFor="kel-search">
                {t("flow.kelurahanSearch")}
              </label>
              <input
                id="kel-search"
                type="search"
                className="input input--w20"
                value={kelSearch}
                onChange={(e) => setKelSearch(e.target.value)}
                autoComplete="off"
                aria-describedby="kel-count"
              />
              <p id="kel-count" className="muted kel-picker__count" aria-live="polite">
                {q ? t("flow.kelurahanMatches", { count: matches }) : ""}
              </p>
              <select
                id="kelurahan"
                className="select"
                value={kelurahan}
                onChange={(e) => setKelurahan(e.target.value)}
                aria-describedby={`kelurahan-hint${errors.kelurahan ? " kelurahan-error" : ""}`}
                aria-invalid={errors.kelurahan ? true : undefined}
              >
                <option value="">{t("flow.kelurahanUnknown")}</option>
                {groups.map((k) => (
                  <optgroup key={k.code} label={k.name}>
                    {k.kelurahan.map((l) => (
                      <option key={l.code} value={l.code}>
                        {l.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" className="button">
            {t("flow.continue")}
          </button>
        </form>
      </>
    );
  }

  // ---- 3. details ----
  if (step === "uraian") {
    return (
      <>
        {back("lokasi")}
        <ErrorSummary summary={summary} />
        <PageTitle caption={stepCaption}>{t("flow.detailsTitle")}</PageTitle>
        <form onSubmit={confirmDetails} noValidate>
          <div className={`field${errors.description ? " field--error" : ""}`}>
            <label className="field__label" htmlFor="description">
              {t("flow.description")}
            </label>
            <p className="field__hint" id="description-hint">
              {t("flow.descriptionHint")}
            </p>
            {errors.description && (
              <p className="field__error" id="description-error">
                <span className="visually-hidden">{t("flow.errorPrefix")} </span>
                {errors.description}
              </p>
            )}
            <textarea
              id="description"
              className="input input--wfull textarea"
              rows={6}
              maxLength={4000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              aria-describedby={`description-hint${errors.description ? " description-error" : ""}`}
              aria-invalid={errors.description ? true : undefined}
            />
          </div>
          <div className={`field${errors.title ? " field--error" : ""}`}>
            <label className="field__label" htmlFor="title">
              {t("flow.titleLabel")} <span className="muted">{t("flow.optional")}</span>
            </label>
            {errors.title && (
              <p className="field__error" id="title-error">
                {errors.title}
              </p>
            )}
            <input id="title" className="input input--wfull" maxLength={150} value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>

          {fields.map((f) => (
            <ExtraField
              key={f.name}
              f={f}
              value={extra[f.name] ?? ""}
              error={errors[`x-${f.name}`]}
              onChange={(v) => setExtra((x) => ({ ...x, [f.name]: v }))}
            />
          ))}

          <div className={`field${errors.photos ? " field--error" : ""}`}>
            <label className="field__label" htmlFor="photos">
              {t("flow.photos")} <span className="muted">{t("flow.optional")}</span>
            </label>
            <p className="field__hint" id="photos-hint">
              {t("flow.photosHint", { max: MAX_PHOTOS })}
            </p>
            {errors.photos && (
              <p className="field__error" id="photos-error">
                <span className="visually-hidden">{t("flow.errorPrefix")} </span>
                {errors.photos}
              </p>
            )}
            {photos.length > 0 && (
              <ul className="photo-grid" aria-label={t("flow.photosChosen", { count: photos.length })}>
                {photos.map((p, i) => (
                  <li key={p.key} className={`photo-grid__item photo-grid__item--${p.status}`}>
                    <img src={p.preview} alt={t("flow.photoAlt", { n: i + 1, name: p.name })} />
                    <p className="photo-grid__status" aria-live="polite">
                      {p.status === "uploading" ? t("flow.photoUploading") : p.status === "error" ? p.error : t("flow.photoReady")}
                    </p>
                    <button type="button" className="button button--secondary button--small" onClick={() => removePhoto(p.key)}>
                      {t("flow.photoRemove")}
                      <span className="visually-hidden"> {t("flow.photoN", { n: i + 1 })}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {photos.length < MAX_PHOTOS ? (
              <input
                ref={fileInput}
                id="photos"
                type="file"
                accept="image/*"
                multiple
                className="file-input"
                onChange={(e) => void addPhotos(e.target.files)}
                aria-describedby={`photos-hint${errors.photos ? " photos-error" : ""}`}
              />
            ) : (
              <p className="muted" id="photos" tabIndex={-1}>
                {t("flow.photosFull", { max: MAX_PHOTOS })}
              </p>
            )}
          </div>

          <fieldset className="field fieldset">
            <legend className="field__label">{t("flow.privacyLegend")}</legend>
            {cat?.anonymousAllowed && (
              <div className="check">
                <input id="anonymous" type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} aria-describedby="anonymous-hint" />
                <label htmlFor="anonymous">
                  <strong>{t("flow.anonymous")}</strong>
                  <span className="check__hint" id="anonymous-hint">
                    {t("flow.anonymousHint")}
                  </span>
                </label>
              </div>
            )}
            <div className="check">
              <input
                id="confidential"
                type="checkbox"
                checked={confidential}
                onChange={(e) => setConfidential(e.target.checked)}
                aria-describedby="confidential-hint"
              />
              <label htmlFor="confidential">
                <strong>{t("flow.confidential")}</strong>
                <span className="check__hint" id="confidential-hint">
                  {t("flow.confidentialHint")}
                </span>
              </label>
            </div>
            {!cat?.anonymousAllowed && <p className="muted">{t("flow.anonymousNotAllowed")}</p>}
          </fieldset>
          <button type="submit" className="button">
            {t("flow.continue")}
          </button>
        </form>
      </>
    );
  }

  // ---- 4. check & nearby ----
  if (step === "periksa") {
    const open = nearby ?? [];
    return (
      <>
        {back("uraian")}
        <ErrorSummary summary={summary} />
        <PageTitle caption={stepCaption}>{t("flow.checkTitle")}</PageTitle>
        {nearby === null ? (
          <Loading />
        ) : open.length > 0 ? (
          <section className="nearby" aria-labelledby="nearby-title">
            <h2 id="nearby-title" className="nearby__title">
              {t("flow.nearbyTitle", { count: open.length })}
            </h2>
            <p>{t("flow.nearbyLead")}</p>
            <ul className="nearby__list">
              {open.map((r) => (
                <li key={r.id} className="nearby__item">
                  <p className="nearby__meta">
                    <span className="mono">{r.number}</span> · <StateTag state={r.state} /> ·{" "}
                    {t("flow.distance", { distance: formatDistance(r.distanceMeters, i18n.language) })}
                  </p>
                  <p className="pre-wrap nearby__excerpt">{r.excerpt}</p>
                  <p className="nearby__actions">
                    {supported[r.id] !== undefined ? (
                      <span className="notice notice--success nearby__done" role="status">
                        {supported[r.id].added ? t("flow.supported", { count: supported[r.id].count }) : t("flow.supportedAlready")}
                      </span>
                    ) : (
                      <button type="button" className="button button--secondary button--small" onClick={() => support(r)}>
                        {t("flow.supportButton")}
                        <span className="visually-hidden"> ({r.number})</span>
                      </button>
                    )}{" "}
                    <span className="muted">{t("flow.supportCount", { count: supported[r.id]?.count ?? r.supportCount })}</span> ·{" "}
                    <Link href={`/laporan/${encodeURIComponent(r.number)}`}>{t("flow.nearbyOpen")}</Link>
                  </p>
                </li>
              ))}
            </ul>
            {Object.keys(supported).length > 0 && (
              <p>
                {t("flow.supportedEnough")} <Link href="/laporan-saya">{t("flow.toMine")}</Link>
              </p>
            )}
          </section>
        ) : (
          <p className="muted">{t("flow.nearbyNone")}</p>
        )}

        <h2>{t("flow.yourReport")}</h2>
        <dl className="summary-list">
          <Row label={t("flow.categoryLegend")} value={cat ? L(cat.name) : category} href="/lapor" />
          <Row
            label={t("flow.pinLabel")}
            value={`${placeText || t("flow.placeUnknown")} (${pin?.lat.toFixed(5)}, ${pin?.lon.toFixed(5)})`}
            href="/lapor?langkah=lokasi"
          />
          {title.trim() && <Row label={t("flow.titleLabel")} value={title.trim()} href="/lapor?langkah=uraian" />}
          <Row label={t("flow.description")} value={description.trim()} href="/lapor?langkah=uraian" pre />
          {fields
            .filter((f) => extra[f.name]?.trim())
            .map((f) => (
              <Row key={f.name} label={L(f.label)} value={extraLabel(f, extra[f.name], L)} href="/lapor?langkah=uraian" />
            ))}
          <Row label={t("flow.photos")} value={photos.length ? t("flow.photosCount", { count: photos.length }) : t("flow.none")} href="/lapor?langkah=uraian" />
          <Row
            label={t("flow.privacyLegend")}
            value={
              [anonymous && cat?.anonymousAllowed ? t("flow.anonymous") : "", confidential ? t("flow.confidential") : ""].filter(Boolean).join(", ") ||
              t("flow.public")
            }
            href="/lapor?langkah=uraian"
          />
        </dl>
        <form onSubmit={send} noValidate>
          <p>{confidential ? t("flow.declarationConfidential") : t("flow.declaration")}</p>
          <button type="submit" className="button" aria-disabled={sending || undefined} data-busy={sending || undefined}>
            {t("flow.send")}
          </button>
        </form>
      </>
    );
  }

  // ---- 5. sent ----
  return (
    <>
      <div className="confirmation">
        <PageTitle>{t("flow.sentTitle")}</PageTitle>
        <p className="confirmation__body">
          {t("flow.sentNumber")}
          <br />
          <strong className="confirmation__number" data-testid="report-number">
            {sent?.number}
          </strong>
        </p>
      </div>
      <p>{t("flow.sentBody")}</p>
      <ul className="list">
        {sent?.trackingToken && (
          <li>
            <Link href={`/lacak/${sent.trackingToken}`}>{t("flow.trackLink")}</Link>
          </li>
        )}
        <li>
          <Link href={`/laporan-saya/${sent?.id}`}>{t("flow.mineLink")}</Link>
        </li>
        {!confidential && sent && (
          <li>
            <Link href={`/laporan/${encodeURIComponent(sent.number)}`}>{t("flow.publicLink")}</Link>
          </li>
        )}
      </ul>
      {confidential && <p className="muted">{t("flow.sentConfidential")}</p>}
      <p>
        <a
          href="/lapor"
          onClick={(e) => {
            e.preventDefault();
            window.location.assign("/lapor");
          }}
        >
          {t("flow.another")}
        </a>
      </p>
    </>
  );
}

function Row({ label, value, href, pre }: { label: string; value: string; href: string; pre?: boolean }) {
  const { t } = useLaporT();
  return (
    <div>
      <dt>{label}</dt>
      <dd className={pre ? "pre-wrap" : "break"}>{value}</dd>
      <dd className="summary-list__action">
        <Link href={href}>
          {t("flow.change")}
          <span className="visually-hidden"> {label}</span>
        </Link>
      </dd>
    </div>
  );
}

function extraLabel(f: ReturnType<typeof categoryFields>[number], v: string, L: ReturnType<typeof useL>) {
  const o = f.options?.find((x) => x.value === v);
  return o ? L(o.label) : v;
}

function ExtraField({
  f,
  value,
  error,
  onChange,
}: {
  f: ReturnType<typeof categoryFields>[number];
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const { t } = useLaporT();
  const L = useL();
  const id = `x-${f.name}`;
  const hint = f.help ? L(f.help) : "";
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = { id, "aria-describedby": described, "aria-invalid": error ? true : undefined } as const;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="field__label" htmlFor={id}>
        {L(f.label)} {!f.required && <span className="muted">{t("flow.optional")}</span>}
      </label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {f.options?.length ? (
        <select {...common} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("flow.choose")}</option>
          {f.options.map((o) => (
            <option key={o.value} value={o.value}>
              {L(o.label)}
            </option>
          ))}
        </select>
      ) : f.type === "textarea" ? (
        <textarea
          {...common}
          className="input input--wfull textarea"
          rows={3}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          maxLength={f.maxLength}
        />
      ) : (
        <input
          {...common}
          className={`input ${f.type === "number" || f.type === "date" ? "input--w10" : "input--wfull"}`}
          type={f.type === "number" ? "text" : f.type === "date" ? "date" : "text"}
          inputMode={f.type === "number" ? "numeric" : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          maxLength={f.maxLength}
        />
      )}
    </div>
  );
}

export type { Category };
