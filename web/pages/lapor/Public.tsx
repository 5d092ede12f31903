/** /laporan — public map and list of reports with filters; /laporan/:number — one report, never its reporter. */
import { type FormEvent, lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { get, post, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { BackLink, formatDate, formatDateTime, Loading, PageTitle } from "../../ui/misc.tsx";
import { type Region, useData } from "../citizen/shared.tsx";
import type { MapApi, MapPoint } from "./MapView.tsx";
import {
  CategoryIcon,
  catKey,
  type GeoConfig,
  type PublicReport,
  placeText,
  type PublicReportDetail,
  REPORT_STATES,
  type ReportUpdate,
  Stars,
  StateTag,
  stateClass,
  useCategories,
  useCategoryName,
  useL,
  useLaporT,
} from "./shared.tsx";

const MapView = lazy(() => import("./MapView.tsx"));

interface Filters {
  category: string;
  state: string;
  kecamatan: string;
  from: string;
  to: string;
  bbox: string;
}

const readFilters = (search: string): Filters => {
  const p = new URLSearchParams(search);
  return {
    category: p.get("kategori") ?? "",
    state: p.get("status") ?? "",
    kecamatan: p.get("kecamatan") ?? "",
    from: p.get("dari") ?? "",
    to: p.get("sampai") ?? "",
    bbox: p.get("area") ?? "",
  };
};

const toSearch = (f: Filters) => {
  const p = new URLSearchParams();
  if (f.category) p.set("kategori", f.category);
  if (f.state) p.set("status", f.state);
  if (f.kecamatan) p.set("kecamatan", f.kecamatan);
  if (f.from) p.set("dari", f.from);
  if (f.to) p.set("sampai", f.to);
  if (f.bbox) p.set("area", f.bbox);
  const s = p.toString();
  return s ? `?${s}` : "";
};

const apiQuery = (f: Filters, cursor?: string) => {
  const p = new URLSearchParams();
  if (f.category) p.set("category", f.category);
  if (f.state) p.set("state", f.state);
  if (f.kecamatan) p.set("kecamatan", f.kecamatan);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.bbox) p.set("bbox", f.bbox);
  p.set("limit", "50");
  if (cursor) p.set("cursor", cursor);
  return p.toString();
};

const tone = (r: { state: string; outcome: string | null }): MapPoint["tone"] => {
  const c = stateClass(r.state, r.outcome);
  return c === "tag--green" ? "done" : c === "tag--grey" ? "other" : "open";
};

export function PublicReports() {
  const { t } = useLaporT();
  const L = useL();
  const { session } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => readFilters(search), [search]);
  const [draft, setDraft] = useState<Filters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const { categories } = useCategories();
  const catName = useCategoryName();
  const regions = useData<Region[]>("/api/regions");
  const geo = useData<GeoConfig>("/api/geo/config");
  const [items, setItems] = useState<PublicReport[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>("");
  const [more, setMore] = useState(false);
  const mapApi = useRef<MapApi | null>(null);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError("");
    get<{ items: PublicReport[]; next: string | null }>(`/api/public/lapor/reports?${apiQuery(filters)}`).then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setNext(r.next ?? null);
      },
      (e) => live && setError(e instanceof ProblemError ? e.title : String(e)),
    );
    return () => {
      live = false;
    };
  }, [filters]);

  const loadMore = async () => {
    if (!next || more) return;
    setMore(true);
    try {
      const r = await get<{ items: PublicReport[]; next: string | null }>(`/api/public/lapor/reports?${apiQuery(filters, next)}`);
      setItems((old) => [...(old ?? []), ...r.items]);
      setNext(r.next ?? null);
    } catch (e) {
      setError(e instanceof ProblemError ? e.title : String(e));
    } finally {
      setMore(false);
    }
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/laporan${toSearch({ ...draft, bbox: filters.bbox })}`);
  };
  const searchArea = () => {
    const b = mapApi.current?.bbox();
    if (b) navigate(`/laporan${toSearch({ ...filters, bbox: b.join(",") })}`);
  };
  const activeCount = [filters.category, filters.state, filters.kecamatan, filters.from, filters.to, filters.bbox].filter(Boolean).length;

  // biome-ignore lint/correctness/useExhaustiveDependencies: category names follow the items
  const points: MapPoint[] = useMemo(
    () =>
      (items ?? [])
        .filter((r) => r.lat != null && r.lon != null)
        .map((r) => ({
          key: r.number,
          lat: r.lat as number,
          lon: r.lon as number,
          title: `${r.number} · ${catName(r.category)}`,
          subtitle: r.excerpt.length > 120 ? `${r.excerpt.slice(0, 117)}…` : r.excerpt,
          href: `/laporan/${encodeURIComponent(r.number)}`,
          tone: tone(r),
        })),
    [items, categories],
  );

  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("public.title")}</PageTitle>
      <p className="lead">{t("public.lead")}</p>
      <div className="button-group page-actions">
        <Link href="/lapor" className="button button--start">
          {t("public.makeReport")}
        </Link>
        <Link href="/laporan/statistik">{t("public.toStats")}</Link>
      </div>

      <div className="reports-layout">
        <details className="panel filter-panel" open={activeCount > 0 || undefined}>
          <summary className="filter-panel__summary">
            {t("public.filters")}
            {activeCount > 0 && ` (${activeCount})`}
          </summary>
          <form onSubmit={apply} className="filter-panel__form" aria-label={t("public.filters")}>
            <div className="filter-grid">
              <div className="field field--tight">
                <label className="field__label field__label--small" htmlFor="f-category">
                  {t("public.category")}
                </label>
                <select id="f-category" className="select" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
                  <option value="">{t("public.all")}</option>
                  {(categories ?? []).map((c) => (
                    <option key={c.key} value={c.key}>
                      {L(c.name)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--tight">
                <label className="field__label field__label--small" htmlFor="f-state">
                  {t("public.state")}
                </label>
                <select id="f-state" className="select" value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
                  <option value="">{t("public.all")}</option>
                  {REPORT_STATES.map((s) => (
                    <option key={s} value={s}>
                      {t(`states.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--tight">
                <label className="field__label field__label--small" htmlFor="f-kecamatan">
                  {t("public.kecamatan")}
                </label>
                <select id="f-kecamatan" className="select" value={draft.kecamatan} onChange={(e) => setDraft({ ...draft, kecamatan: e.target.value })}>
                  <option value="">{t("public.all")}</option>
                  {(regions.data ?? []).map((k) => (
                    <option key={k.code} value={k.code}>
                      {k.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--tight">
                <label className="field__label field__label--small" htmlFor="f-from">
                  {t("public.from")}
                </label>
                <input
                  id="f-from"
                  type="date"
                  className="input input--wfull"
                  value={draft.from}
                  onChange={(e) => setDraft({ ...draft, from: e.target.value })}
                />
              </div>
              <div className="field field--tight">
                <label className="field__label field__label--small" htmlFor="f-to">
                  {t("public.to")}
                </label>
                <input id="f-to" type="date" className="input input--wfull" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
              </div>
            </div>
            <div className="button-group">
              <button type="submit" className="button">
                {t("public.apply")}
              </button>
              {activeCount > 0 && <Link href="/laporan">{t("public.clear")}</Link>}
            </div>
          </form>
        </details>

        <div className="reports-layout__map">
          {geo.data && (
            <>
              <Suspense fallback={<div className="map-shell map-placeholder" />}>
                <MapView
                  config={geo.data}
                  label={t("public.mapLabel")}
                  points={points}
                  fit={!filters.bbox}
                  onReady={(api) => {
                    mapApi.current = api;
                  }}
                />
              </Suspense>
              <div className="button-group map-under">
                <button type="button" className="button button--secondary button--small" onClick={searchArea}>
                  {t("public.searchArea")}
                </button>
                {filters.bbox && <Link href={`/laporan${toSearch({ ...filters, bbox: "" })}`}>{t("public.wholeCity")}</Link>}
                <span className="map-legend" aria-hidden="true">
                  <span className="dot dot--open" /> {t("public.legendOpen")} <span className="dot dot--done" /> {t("public.legendDone")}
                </span>
              </div>
            </>
          )}
        </div>

        <section className="reports-layout__list" aria-labelledby="list-title">
          <h2 id="list-title" className="reports-list__title">
            {t("public.listTitle")}
          </h2>
          <div role="status" className="muted">
            {items ? t("public.count", { count: items.length }) + (next ? ` ${t("public.moreAvailable")}` : "") : ""}
          </div>
          {error ? (
            <p className="notice notice--warning">{error}</p>
          ) : !items ? (
            <Loading />
          ) : items.length === 0 ? (
            <div className="empty">
              <p className="empty__title">{t("public.emptyTitle")}</p>
              <p>{activeCount ? t("public.emptyFiltered") : t("public.emptyBody")}</p>
            </div>
          ) : (
            <ul className="report-list">
              {items.map((r) => (
                <li key={r.number} className="report-card">
                  {r.photos?.[0] && <img className="report-card__thumb" src={r.photos[0].thumbnailUrl} alt="" loading="lazy" />}
                  <div className="report-card__body">
                    <p className="report-card__kicker">
                      <CategoryIcon categoryKey={catKey(r.category)} className="cat-icon cat-icon--small" />{" "}
                      {r.categoryName ? L(r.categoryName) : catName(r.category)}
                    </p>
                    <h3 className="report-card__title">
                      <Link href={`/laporan/${encodeURIComponent(r.number)}`}>{r.excerpt || r.number}</Link>
                    </h3>
                    <p className="report-card__meta">
                      <StateTag state={r.state} outcome={r.outcome} label={r.stateLabel} /> <span className="mono">{r.number}</span>
                    </p>
                    <p className="report-card__meta muted">
                      {placeText(r.kelurahan, r.kecamatan) || t("common.unplaced")}
                      {" · "}
                      {formatDate(r.createdAt)}
                      {" · "}
                      {t("public.supports", { count: r.supportCount })}
                      {r.rating != null && ` · ${t("public.ratingShort", { value: r.rating.toFixed(1) })}`}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {next && (
            <button type="button" className="button button--secondary" onClick={loadMore} aria-disabled={more || undefined}>
              {t("public.loadMore")}
            </button>
          )}
        </section>
      </div>
    </>
  );
}

/** /laporan/:number */
export function PublicReportPage({ params }: { params: { number: string } }) {
  const { t } = useLaporT();
  const catName = useCategoryName();
  const geo = useData<GeoConfig>("/api/geo/config");
  const { data: r, error } = useData<PublicReportDetail>(`/api/public/lapor/reports/${encodeURIComponent(params.number)}`);
  if (error) {
    return (
      <>
        <BackLink href="/laporan">{t("public.back")}</BackLink>
        <PageTitle>{t("public.notFound")}</PageTitle>
        <p>{error.status === 404 || error.status === 400 ? t("public.notFoundBody") : error.title}</p>
      </>
    );
  }
  if (!r) return <Loading />;
  const updates = r.timeline ?? [];
  return (
    <>
      <BackLink href="/laporan">{t("public.back")}</BackLink>
      <PageTitle caption={r.number}>{r.title || catName(r.category)}</PageTitle>
      <ReportBody r={r} updates={updates} geo={geo.data} />
      <p className="muted">{t("public.privacy")}</p>
      {r.id && <FlagForm id={r.id} />}
    </>
  );
}

/** "Laporkan konten tidak pantas": signed-in users flag a report for Kominfo's moderation queue. */
function FlagForm({ id }: { id: string }) {
  const { t } = useLaporT();
  const { session } = useSession();
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState(false);
  if (!session?.user) return null;
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t("public.flagMissing"));
      return;
    }
    try {
      await post(`/api/lapor/reports/${id}/flag`, { reason: reason.trim() });
      setDone(true);
      setError("");
    } catch (err) {
      setError(err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err));
    }
  };
  return (
    <details className="flag">
      <summary>{t("public.flagToggle")}</summary>
      {done ? (
        <p className="notice notice--success" role="status">
          {t("public.flagged")}
        </p>
      ) : (
        <form onSubmit={send} noValidate className="panel">
          <div className={`field${error ? " field--error" : ""}`}>
            <label className="field__label" htmlFor="flag-reason">
              {t("public.flagReason")}
            </label>
            <p className="field__hint" id="flag-hint">
              {t("public.flagHint")}
            </p>
            {error && (
              <p className="field__error" id="flag-error" role="alert">
                {error}
              </p>
            )}
            <textarea
              id="flag-reason"
              className="input input--wfull textarea"
              rows={3}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={`flag-hint${error ? " flag-error" : ""}`}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <button type="submit" className="button button--secondary">
            {t("public.flagSend")}
          </button>
        </form>
      )}
    </details>
  );
}

/** Shared by the public page and the reporter's own page. */
export function ReportBody({
  r,
  updates,
  geo,
  children,
}: {
  r: PublicReportDetail;
  updates: ReportUpdate[];
  geo: GeoConfig | null;
  children?: React.ReactNode;
}) {
  const { t } = useLaporT();
  const L = useL();
  const catName = useCategoryName();
  const updateTitle = (u: ReportUpdate) => {
    const label = u.label ?? u.toLabel;
    if (label) return L(label);
    if (u.state ?? u.to) return t(`states.${u.state ?? u.to}`, { defaultValue: u.state ?? u.to ?? "" });
    if (u.kind === "comment") return t(u.by === "reporter" ? "updateKinds.reply" : "updateKinds.comment");
    return t(`updateKinds.${u.kind ?? "update"}`, { defaultValue: t("updateKinds.update") });
  };
  const unit = r.unit?.name;
  const when = r.createdAt ?? r.submittedAt;
  const point = useMemo(
    () => (r.lat != null && r.lon != null ? [{ key: r.number, lat: r.lat, lon: r.lon, title: r.number, tone: tone(r) } as MapPoint] : []),
    [r],
  );
  return (
    <div className="report-detail">
      <div className="report-detail__main">
        <dl className="summary-list">
          <div>
            <dt>{t("detail.state")}</dt>
            <dd>
              <StateTag state={r.state} outcome={r.outcome} label={r.stateLabel} />
              {r.mergedInto && (
                <span>
                  {" "}
                  {t("detail.mergedInto")} <Link href={`/laporan/${encodeURIComponent(r.mergedInto.number)}`}>{r.mergedInto.number}</Link>
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t("detail.category")}</dt>
            <dd>{catName(r.category)}</dd>
          </div>
          <div>
            <dt>{t("detail.place")}</dt>
            <dd>{placeText(r.kelurahan, r.kecamatan) || t("common.unplaced")}</dd>
          </div>
          {unit && (
            <div>
              <dt>{t("detail.unit")}</dt>
              <dd>{unit}</dd>
            </div>
          )}
          {when && (
            <div>
              <dt>{t("detail.createdAt")}</dt>
              <dd>{formatDateTime(when)}</dd>
            </div>
          )}
          <div>
            <dt>{t("detail.supports")}</dt>
            <dd data-testid="support-count">{t("public.supports", { count: r.supportCount })}</dd>
          </div>
          <div>
            <dt>{t("detail.rating")}</dt>
            <dd>
              <Stars value={r.rating} />
              {r.ratingComment && <p className="pre-wrap rating-comment">{r.ratingComment}</p>}
            </dd>
          </div>
        </dl>
        <h2>{t("detail.description")}</h2>
        <p className="pre-wrap prose">{r.description ?? r.excerpt}</p>
        {r.photos?.length > 0 && (
          <>
            <h2>{t("detail.photos")}</h2>
            <ul className="photo-grid photo-grid--view">
              {r.photos.map((p, i) => (
                <li key={p.url} className="photo-grid__item">
                  <a href={p.url} target="_blank" rel="noreferrer">
                    <img src={p.thumbnailUrl} alt={t("detail.photoAlt", { n: i + 1 })} loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        <h2>{t("detail.timeline")}</h2>
        {updates.length === 0 ? (
          <p className="muted">{t("detail.noUpdates")}</p>
        ) : (
          <ol className="timeline">
            {updates.map((u, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: updates are append-only
              <li key={i}>
                <p className="timeline__what">{updateTitle(u)}</p>
                <p className="muted">
                  {formatDateTime(u.at)}
                  {u.actorName ? ` · ${u.actorName}` : ""}
                </p>
                {(u.message ?? u.comment) && <p className="pre-wrap">{u.message ?? u.comment}</p>}
                {u.photos && u.photos.length > 0 && (
                  <ul className="photo-grid photo-grid--small">
                    {u.photos.map((p, j) => (
                      <li key={p.url} className="photo-grid__item">
                        <a href={p.url} target="_blank" rel="noreferrer">
                          <img src={p.thumbnailUrl} alt={t("detail.updatePhotoAlt", { n: j + 1 })} loading="lazy" />
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
        {children}
      </div>
      {geo && point.length > 0 && (
        <div className="report-detail__map">
          <Suspense fallback={<div className="map-shell map-placeholder" />}>
            <MapView
              config={{ ...geo, center: [point[0].lat, point[0].lon], zoom: 16 }}
              label={t("detail.mapLabel")}
              pin={{ lat: point[0].lat, lon: point[0].lon }}
              className="map-shell--small"
            />
          </Suspense>
        </div>
      )}
    </div>
  );
}
