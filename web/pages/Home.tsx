import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useSession } from "../session.tsx";
import { ActionLinks, PageTitle } from "../ui/misc.tsx";
import { Section } from "../ui/Section.tsx";
import { HealthHomeCard } from "./health/menu.tsx";

export function Home() {
  const { t } = useTranslation();
  const { session } = useSession();
  const user = session?.user;
  const city = session?.tenant.name ?? "";
  return (
    <>
      <section className="hero">
        <PageTitle>{t("home.title", { city })}</PageTitle>
        <p className="lead">{t("home.lead", { city })}</p>
        {session && !user && (
          <ActionLinks
            button={{ href: "/daftar", label: t("home.signup"), className: "button button--start" }}
            links={[{ href: "/masuk", label: t("home.login"), className: "button button--secondary" }]}
          />
        )}
        {user?.kind === "citizen" && <ActionLinks button={{ href: "/layanan-saya", label: t("home.toMyServices") }} />}
        {user?.kind === "staff" && <ActionLinks button={{ href: "/konsol", label: t("home.toConsole") }} />}
      </section>
      <Section className="darurat-cta" titleId="darurat-cta-title" title={t("home.daruratTitle")} titleClassName="darurat-cta__title">
        <p>{t("home.daruratBody")}</p>
        <ActionLinks
          button={{ href: "tel:112", label: t("home.daruratCall"), className: "button darurat-cta__call" }}
          links={[{ href: "/darurat", label: t("home.daruratLink") }]}
        />
      </Section>
      <section className="lapor-cta" aria-labelledby="lapor-cta-title">
        <svg className="lapor-cta__icon" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
          <path
            d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21ZM12 6.5v4M12 13v.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <div>
          <h2 id="lapor-cta-title" className="lapor-cta__title">
            {t("home.laporTitle")}
          </h2>
          <p>{t("home.laporBody")}</p>
          <ActionLinks
            button={user?.kind !== "staff" && { href: "/lapor", label: t("home.laporButton"), className: "button button--start" }}
            links={[{ href: "/laporan", label: t("home.laporSee") }]}
          />
        </div>
      </section>
      <Section className="card" titleId="prices-cta-title" title={t("home.pricesTitle")} titleClassName="card__title">
        <p>{t("home.pricesBody")}</p>
        <p>
          <Link href="/harga">{t("home.pricesLink")}</Link>
        </p>
      </Section>
      <HealthHomeCard />
      <Section className="card" titleId="bus-cta-title" title={t("home.busTitle")} titleClassName="card__title">
        <p>{t("home.busBody")}</p>
        <p>
          <Link href="/bus">{t("home.busLink")}</Link>
        </p>
      </Section>
      <h2>{t("home.whatTitle")}</h2>
      <ul className="feature-list">
        <li>
          <h3>{t("home.f1Title")}</h3>
          <p>{t("home.f1Body")}</p>
        </li>
        <li>
          <h3>{t("home.f2Title")}</h3>
          <p>{t("home.f2Body")}</p>
        </li>
        <li>
          <h3>{t("home.f3Title")}</h3>
          <p>{t("home.f3Body")}</p>
        </li>
      </ul>
      <h2>{t("home.helpTitle")}</h2>
      <p>{t("home.helpBody")}</p>
    </>
  );
}
