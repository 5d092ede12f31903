import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { type ApiResponse, get } from "../../api.ts";
import { iconFor } from "./icons.ts";

type Popular = ApiResponse<"/api/catalog/popular", "get">;
type Taxa = ApiResponse<"/api/catalog/taxa", "get">;

/** Shown before "all services": the life events a citizen recognises first. */
const LIFE_EVENTS_SHOWN = 8;

function useJson<T>(url: string): T | null {
  const [data, setData] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    get<T>(url).then(
      (d) => live && setData(d),
      () => live && setData(null),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return data;
}

/** A service or life event as a tile: its icon (by category or life event key), its name and an optional line under it. */
function Tile({ href, icon, title, meta }: { href: string; icon: string; title: string; meta?: string }) {
  const Icon = iconFor(icon);
  return (
    <li>
      <Link href={href} className="tile">
        <Icon className="tile__icon" aria-hidden="true" focusable="false" size={28} />
        <span className="tile__text">
          <span className="tile__title">{title}</span>
          {meta && <span className="tile__meta">{meta}</span>}
        </span>
      </Link>
    </li>
  );
}

/** Popular services (most filed in the city over 90 days) and life events, each with its icon. */
export function HomeServices() {
  const { t, i18n } = useTranslation();
  const loc = (l: { id: string; en: string }) => (i18n.language === "en" ? l.en : l.id);
  const popular = useJson<Popular>("/api/catalog/popular?limit=6");
  const taxa = useJson<Taxa>("/api/catalog/taxa");
  const events = (taxa?.lifeEvents ?? []).filter((e) => e.services > 0).slice(0, LIFE_EVENTS_SHOWN);
  return (
    <>
      {popular && popular.length > 0 && (
        <section className="home-block" aria-labelledby="popular-title">
          <h2 id="popular-title">{t("home.popularTitle")}</h2>
          <ul className="tile-list tile-list--wide">
            {popular.map((s) => (
              <Tile key={s.key} href={`/layanan/${s.key}`} icon={s.category} title={loc(s.name)} meta={s.unit.name} />
            ))}
          </ul>
        </section>
      )}
      {!taxa && <div className="home-block home-block--pending" />}
      {events.length > 0 && (
        <section className="home-block" aria-labelledby="life-events-title">
          <h2 id="life-events-title">{t("home.lifeEventsTitle")}</h2>
          <ul className="tile-list">
            {events.map((e) => (
              <Tile key={e.key} href={`/layanan?${new URLSearchParams({ lifeEvent: e.key })}`} icon={e.key} title={loc(e.name)} />
            ))}
          </ul>
          <p>
            <Link href="/layanan">{t("home.allServices")}</Link>
          </p>
        </section>
      )}
    </>
  );
}
