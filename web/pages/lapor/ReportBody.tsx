/** A report's body (category, place, map, photos, timeline, rating): shared by the public page and the reporter's own page. */
import { lazy, Suspense, useMemo } from "react";
import { Link } from "wouter";
import { BackLink, formatDateTime, PageTitle } from "../../ui/misc.tsx";
import type { MapPoint } from "./MapView.tsx";
import {
  type GeoConfig,
  PhotoGrid,
  placeText,
  type PublicReportDetail,
  type ReportUpdate,
  Stars,
  StateTag,
  useCategoryName,
  useL,
  useLaporT,
} from "./shared.tsx";
import { tone } from "./public-lib.ts";

const MapView = lazy(() => import("./MapView.tsx"));

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
    <div className="split report-detail">
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
            <PhotoGrid photos={r.photos} altKey="detail.photoAlt" className="photo-grid--view" />
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
                {u.photos && u.photos.length > 0 && <PhotoGrid photos={u.photos} altKey="detail.updatePhotoAlt" className="photo-grid--small" />}
              </li>
            ))}
          </ol>
        )}
        {children}
      </div>
      {geo && point.length > 0 && (
        <div className="report-detail__map split__sticky">
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

/** A report that cannot be shown: "not found" for the statuses that mean it (no such number, not the reader's), else the problem's title. */
export function ReportNotFound({
  back,
  backLabel,
  error,
  notFound,
}: {
  back: string;
  backLabel: string;
  error: { status: number; title: string };
  notFound: number[];
}) {
  const { t } = useLaporT();
  return (
    <>
      <BackLink href={back}>{backLabel}</BackLink>
      <PageTitle>{t("public.notFound")}</PageTitle>
      <p>{notFound.includes(error.status) ? t("public.notFoundBody") : error.title}</p>
    </>
  );
}
