/** The state of the e-Lapor report flow (/lapor): the answers, the step in the address, uploads and the submit. */
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { api, get, post, ProblemError } from "../../../api.ts";
import { enqueue, flushQueue, isOffline } from "../../../offline/queue.ts";
import { useSession } from "../../../session.tsx";
import { useForm } from "../../../ui/form.tsx";
import { type Region, useData } from "../../citizen/shared.tsx";
import type { MapApi } from "../MapView.tsx";
import { usePhotos } from "./usePhotos.ts";
import { useReportDraft } from "./useReportDraft.ts";
import { categoryFields, type GeoConfig, type Located, type NearbyReport, useCategories, useL, useLaporT } from "../shared.tsx";

export const STEPS = ["kategori", "lokasi", "uraian", "periksa"] as const;
export type Step = (typeof STEPS)[number] | "terkirim";

export interface Sent {
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

export function useReportFlow() {
  const { t, i18n } = useLaporT();
  const L = useL();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const { categories, error: catError } = useCategories();
  const geo = useData<GeoConfig>("/api/geo/config");
  const regions = useData<Region[]>("/api/regions");

  // ?kategori=<key> preselects a category (e.g. the e-Parking "jukir resmi" page links lapor-parkir-liar).
  const [category, setCategory] = useState(() => new URLSearchParams(search).get("kategori") ?? "");
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
  const [anonymous, setAnonymous] = useState(false);
  const [confidential, setConfidential] = useState(false);
  const [nearby, setNearby] = useState<NearbyReport[] | null>(null);
  const [supported, setSupported] = useState<Record<string, { count: number; added: boolean }>>({});
  const [sent, setSent] = useState<Sent | null>(null);
  const [queued, setQueued] = useState(""); // the queue id of a report waiting for signal
  const mapApi = useRef<MapApi | null>(null);

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
  const { photos, fileInput, addPhotos, removePhoto, restorePhotos } = usePhotos(showErrors, clear);

  // The report is kept on the phone as it is written (a reload when the camera opens loses nothing).
  const owner = session?.user ? { tenant: session.tenant.id, user: session.user.id } : null;
  const draft = useReportDraft(owner, { category, pin, kelurahan, description, title, extra, anonymous, confidential, photos }, (d) => {
    if (d.category) setCategory(d.category);
    if (d.pin) placePin(d.pin.lat, d.pin.lon);
    setKelurahan(d.kelurahan);
    setDescription(d.description);
    setTitle(d.title);
    setExtra(d.extra);
    setAnonymous(d.anonymous);
    setConfidential(d.confidential);
    restorePhotos(d.photos);
  });

  // The step lives in the address (?langkah=) so the browser's Back button walks the steps.
  const asked = new URLSearchParams(search).get("langkah") as Step | null;
  const step: Step =
    asked === "terkirim" && (sent || queued)
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
    if (sending || !pin || !owner) return;
    setSending(true);
    clear();
    const data = Object.fromEntries(Object.entries(extra).filter(([, v]) => v.trim() !== ""));
    const body = {
      category,
      lat: pin.lat,
      lon: pin.lon,
      ...(kelurahan ? { kelurahan } : {}),
      description: description.trim(),
      ...(title.trim() ? { title: title.trim() } : {}),
      anonymous: cat?.anonymousAllowed ? anonymous : false,
      confidential,
      ...(Object.keys(data).length ? { data } : {}),
    };
    // No signal (or a photo still waiting for it): the report waits in the queue on the phone (web/offline/queue.ts).
    const toQueue = async () => {
      const label = cat?.name ?? { id: category, en: category };
      const queuedPhotos = photos.map((p) => ({ name: p.name, blob: p.blob, id: p.id }));
      const id = draft.key();
      await enqueue({ id, kind: "lapor", ...owner, createdAt: new Date().toISOString(), label, status: "waiting", body, photos: queuedPhotos });
      await draft.finish();
      setQueued(id);
      navigate("/lapor?langkah=terkirim");
      if (!isOffline()) void flushQueue(owner);
    };
    try {
      if (isOffline() || photos.some((p) => p.status !== "done")) {
        await toQueue();
        return;
      }
      const photoIds = photos.map((p) => p.id as string);
      const r = await api<Sent>("POST", "/api/lapor/reports", { ...body, photoIds }, { "idempotency-key": draft.key() });
      await draft.finish();
      setSent(r);
      navigate("/lapor?langkah=terkirim");
    } catch (err) {
      if (err instanceof ProblemError && err.status === 0) {
        await toQueue();
        return;
      }
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

  const stepNo = STEPS.indexOf(step as (typeof STEPS)[number]) + 1;
  const stepCaption = step === "terkirim" ? undefined : t("flow.stepOf", { n: stepNo, total: STEPS.length });
  return {
    addPhotos,
    anonymous,
    applyCoords,
    cat,
    categories,
    category,
    catError,
    chooseCategory,
    confidential,
    confirmDetails,
    confirmLocation,
    description,
    errors,
    extra,
    fields,
    fileInput,
    geo,
    gpsProblem,
    i18n,
    kelSearch,
    kelurahan,
    L,
    latText,
    located,
    locateMe,
    locating,
    lonText,
    mapApi,
    nearby,
    photos,
    pin,
    placePin,
    queued,
    restored: draft.restored,
    wasRestored: draft.wasRestored,
    placeText,
    regions,
    removePhoto,
    send,
    sending,
    sent,
    session,
    setAnonymous,
    setCategory,
    setConfidential,
    setDescription,
    setExtra,
    setKelSearch,
    setKelurahan,
    setLatText,
    setLonText,
    setTitle,
    step,
    stepCaption,
    summary,
    support,
    supported,
    t,
    title,
  };
}

/** Everything a step of the flow reads and does. */
export type ReportFlowState = ReturnType<typeof useReportFlow>;
