/** /konsol/lapor/peta — where reports come from: H3 cells on a map, and the busiest cells as a table. */
import { lazy, Suspense, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { BackLink, Loading, PageTitle } from "../../../ui/misc.tsx";
import { useData } from "../../citizen/shared.tsx";
import { formatNumber, type GeoConfig, PeriodFilter, useLaporT } from "../shared.tsx";

const MapView = lazy(() => import("../MapView.tsx"));

interface Cell {
  h3: string;
  lat: number;
  lon: number;
  count: number;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export default function Heatmap() {
  const { t, i18n } = useLaporT();
  const search = useSearch();
  const [, navigate] = useLocation();
  const p = new URLSearchParams(search);
  const defFrom = iso(new Date(Date.now() - 90 * 86400_000));
  const from = p.get("dari") ?? defFrom;
  const to = p.get("sampai") ?? iso(new Date(Date.now() + 86400_000));
  const geo = useData<GeoConfig>("/api/geo/config");
  const { data, error } = useData<{ cells: Cell[] }>(`/api/lapor/heatmap?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  const cells = useMemo(() => [...(data?.cells ?? [])].sort((a, b) => b.count - a.count), [data]);
  const total = cells.reduce((a, c) => a + c.count, 0);
  const apply = (dari: string, sampai: string) => navigate(`/konsol/lapor/peta?dari=${dari}&sampai=${sampai}`);
  const areaLink = (c: Cell) => {
    const d = 0.004;
    return `/laporan?area=${[c.lon - d, c.lat - d, c.lon + d, c.lat + d].map((x) => x.toFixed(5)).join(",")}`;
  };
  return (
    <>
      <BackLink href="/konsol">{t("staff.backConsole")}</BackLink>
      <PageTitle>{t("staff.heatTitle")}</PageTitle>
      <p>{t("staff.heatLead")}</p>
      <PeriodFilter idPrefix="h" from={from} to={to} onApply={apply} />
      {error ? (
        <p className="notice notice--warning">{error.title}</p>
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p role="status">{t("staff.heatSummary", { count: total, cells: cells.length })}</p>
          {geo.data && (
            <Suspense fallback={<div className="map-shell map-placeholder" />}>
              <MapView config={geo.data} label={t("staff.heatMapLabel")} cells={cells} fit />
            </Suspense>
          )}
          <p className="heat-legend" aria-hidden="true">
            <span>{t("staff.heatFew")}</span>
            <span className="heat-legend__bar" />
            <span>{t("staff.heatMany")}</span>
          </p>
          {cells.length > 0 && (
            <>
              <h2 id="heat-top">{t("staff.heatTable", { count: Math.min(20, cells.length) })}</h2>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard */}
              <section className="table-wrap" aria-labelledby="heat-top" tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col" className="num">
                        {t("staff.heatCount")}
                      </th>
                      <th scope="col">{t("staff.heatWhere")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cells.slice(0, 20).map((c, i) => (
                      <tr key={c.h3}>
                        <td>{i + 1}</td>
                        <td className="num">{formatNumber(c.count, i18n.language)}</td>
                        <td>
                          <a href={areaLink(c)}>
                            {c.lat.toFixed(4)}, {c.lon.toFixed(4)}
                          </a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}
