/**
 * /laporan — public map and list of reports with filters. The list comes first; the map (Leaflet, its own chunk)
 * mounts when its box comes near the screen: at once on a wide screen, where it sits beside the list, and on a phone
 * when the citizen scrolls past the list or taps "Lihat di peta" — so a phone's first load carries no map code. /laporan/:number (one report, never its reporter) is
 * PublicReportPage.tsx, re-exported here; ReportBody.tsx is shared with the reporter's own page.
 */
import { type ChangeEvent, type FormEvent, lazy, type RefObject, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { get, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ActionLinks, EmptyState, formatDate, Loading, PageTitle } from "../../ui/misc.tsx";
import { type Region, useData } from "../citizen/shared.tsx";
import type { MapApi, MapPoint } from "./MapView.tsx";
import {
  CategoryIcon,
  catKey,
  type GeoConfig,
  type PublicReport,
  placeText,
  REPORT_STATES,
  StateTag,
  useCategories,
  useCategoryName,
  useL,
  useLaporT,
} from "./shared.tsx";
import { apiQuery, type Filters, readFilters, tone, toSearch } from "./public-lib.ts";
import { type Choice, choices, Labelled, Options, SubmitButton } from "../../ui/form.tsx";
import { Section } from "../../ui/Section.tsx";

const MapView = lazy(() => import("./MapView.tsx"));
/**
 * The map's box, grey and the map's size, until Leaflet is loaded (on scroll into view) and drawn: no layout shift.
 * It appears with the list, not before it: on a phone it sits below the list, which would push it down (CLS).
 */
const MAP_PLACEHOLDER = <div className="map-shell map-placeholder" />;
export function PublicReports() {
  const { t } = useLaporT();
  const L = useL();
  const { session } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => readFilters(search), [search]);
  const [draft, setDraft] = useState<Filters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const bindDraft = (key: "category" | "state" | "kecamatan" | "from" | "to") => ({
    value: draft[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const { categories } = useCategories();
  const catName = useCategoryName();
  const regions = useData<Region[]>("/api/regions");
  const geo = useData<GeoConfig>("/api/geo/config");
  const [items, setItems] = useState<PublicReport[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>("");
  const [more, setMore] = useState(false);
  const mapApi = useRef<MapApi | null>(null);
  const mapBox = useRef<HTMLDivElement>(null);
  // The map's box appears, and is watched, only once the list is there: while it loads, the box would sit high on a
  // phone's screen and then be pushed down by the list.
  const listReady = items !== null || error !== "";
  const showMap = useNearScreen(mapBox, listReady);

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
      <ActionLinks
        className="page-actions"
        button={{ href: "/lapor", label: t("public.makeReport"), className: "button button--start" }}
        links={[{ href: "/laporan/statistik", label: t("public.toStats") }]}
      />

      <div className="split reports-layout">
        <details className="panel filter-panel" open={activeCount > 0 || undefined}>
          <summary className="filter-panel__summary">
            {t("public.filters")}
            {activeCount > 0 && ` (${activeCount})`}
          </summary>
          <form onSubmit={apply} className="filter-panel__form" aria-label={t("public.filters")}>
            <div className="filter-grid">
              <FilterSelect
                id="f-category"
                label={t("public.category")}
                {...bindDraft("category")}
                options={choices(
                  categories,
                  (c) => L(c.name),
                  (c) => c.key,
                )}
              />
              <FilterSelect id="f-state" label={t("public.state")} {...bindDraft("state")} options={choices(REPORT_STATES, (s) => t(`states.${s}`))} />
              <FilterSelect
                id="f-kecamatan"
                label={t("public.kecamatan")}
                {...bindDraft("kecamatan")}
                options={choices(
                  regions.data,
                  (k) => k.name,
                  (k) => k.code,
                )}
              />
              <FilterDate id="f-from" label={t("public.from")} {...bindDraft("from")} />
              <FilterDate id="f-to" label={t("public.to")} {...bindDraft("to")} />
            </div>
            <div className="button-group">
              <SubmitButton>{t("public.apply")}</SubmitButton>
              {activeCount > 0 && <Link href="/laporan">{t("public.clear")}</Link>}
            </div>
          </form>
        </details>

        <Section className="reports-layout__list" titleId="list-title" title={t("public.listTitle")} titleClassName="reports-list__title">
          <div role="status" className="muted">
            {items ? t("public.count", { count: items.length }) + (next ? ` ${t("public.moreAvailable")}` : "") : ""}
          </div>
          {geo.data && listReady && (
            <p className="map-jump">
              <a href="#peta-laporan">{t("public.toMap")}</a>
            </p>
          )}
          {error ? (
            <p className="notice notice--warning">{error}</p>
          ) : !items ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState title={t("public.emptyTitle")}>
              <p>{activeCount ? t("public.emptyFiltered") : t("public.emptyBody")}</p>
            </EmptyState>
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
        </Section>

        <div className="reports-layout__map split__sticky" id="peta-laporan" ref={mapBox}>
          {geo.data && listReady && (
            <>
              {showMap ? (
                <Suspense fallback={MAP_PLACEHOLDER}>
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
              ) : (
                MAP_PLACEHOLDER
              )}
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
      </div>
    </>
  );
}

export { PublicReportPage } from "./PublicReportPage.tsx";

/**
 * True from the moment `box` comes within `margin` of the viewport (and stays true); watching starts when `ready`.
 * Without IntersectionObserver (very old browsers) it is true at once.
 */
function useNearScreen(box: RefObject<HTMLElement | null>, ready: boolean, margin = "200px"): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (near || !ready || !el) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const watch = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: `${margin} 0px` });
    watch.observe(el);
    return () => watch.disconnect();
  }, [box, near, ready, margin]);
  return near;
}

type FilterProps = { id: string; label: string; value: string; onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => void };

/** One filter of the list: a compact labelled select whose first choice is "all". */
function FilterSelect({ id, label, value, onChange, options }: FilterProps & { options: Choice[] }) {
  const { t } = useLaporT();
  return (
    <Labelled id={id} label={label} className="field--tight" labelClassName="field__label--small">
      <select id={id} className="select" value={value} onChange={onChange}>
        <Options blank={t("public.all")} options={options} />
      </select>
    </Labelled>
  );
}

/** One date filter of the list (from, to). */
function FilterDate({ id, label, value, onChange }: FilterProps) {
  return (
    <Labelled id={id} label={label} className="field--tight" labelClassName="field__label--small">
      <input id={id} type="date" className="input input--wfull" value={value} onChange={onChange} />
    </Labelled>
  );
}
