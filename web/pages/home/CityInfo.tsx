import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import BusFront from "lucide-react/icons/bus-front";
import Megaphone from "lucide-react/icons/megaphone";
import Phone from "lucide-react/icons/phone";
import ShoppingBasket from "lucide-react/icons/shopping-basket";
import Stethoscope from "lucide-react/icons/stethoscope";
import { Link } from "wouter";
import type { LucideIcon } from "./icons.ts";

interface InfoLink {
  href: string;
  label: string;
}

function InfoCard({
  id,
  icon: Icon,
  title,
  body,
  links,
  tone,
}: {
  id: string;
  icon: LucideIcon;
  title: string;
  body: ReactNode;
  links: InfoLink[];
  tone?: string;
}) {
  return (
    <li className={`info-card${tone ? ` info-card--${tone}` : ""}`} aria-labelledby={id}>
      <Icon className="info-card__icon" aria-hidden="true" focusable="false" size={32} />
      <div>
        <h3 id={id} className="info-card__title">
          {title}
        </h3>
        <p>{body}</p>
        <ul className="info-card__links">
          {links.map((l) =>
            l.href.startsWith("/") ? (
              <li key={l.href}>
                <Link href={l.href}>{l.label}</Link>
              </li>
            ) : (
              <li key={l.href}>
                <a href={l.href}>{l.label}</a>
              </li>
            ),
          )}
        </ul>
      </div>
    </li>
  );
}

/** The city's information: 112, e-Lapor, staple prices, buses and the puskesmas queue. */
/** The city's services with one page each: the key of their texts (home.<key>Title, Body, Link), icon and page. */
const CITY_SERVICES: [key: string, icon: LucideIcon, href: string][] = [
  ["prices", ShoppingBasket, "/harga"],
  ["bus", BusFront, "/bus"],
  ["health", Stethoscope, "/puskesmas"],
];

export function CityInfo({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="home-block" aria-labelledby="city-info-title">
      <h2 id="city-info-title">{t("home.cityTitle")}</h2>
      <ul className="info-list">
        <InfoCard
          id="info-112"
          icon={Phone}
          tone="urgent"
          title={t("home.daruratTitle")}
          body={t("home.daruratBody")}
          links={[
            { href: "tel:112", label: t("home.daruratCall") },
            { href: "/darurat", label: t("home.daruratLink") },
          ]}
        />
        <InfoCard
          id="info-lapor"
          icon={Megaphone}
          title={t("home.laporTitle")}
          body={t("home.laporBody")}
          links={[...(staff ? [] : [{ href: "/lapor", label: t("home.laporButton") }]), { href: "/laporan", label: t("home.laporSee") }]}
        />
        {CITY_SERVICES.map(([key, icon, href]) => (
          <InfoCard
            key={key}
            id={`info-${key}`}
            icon={icon}
            title={t(`home.${key}Title`)}
            body={t(`home.${key}Body`)}
            links={[{ href, label: t(`home.${key}Link`) }]}
          />
        ))}
      </ul>
    </section>
  );
}
