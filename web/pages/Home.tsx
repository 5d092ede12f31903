import { useTranslation } from "react-i18next";
import { useSession } from "../session.tsx";
import { ActionLinks, PageTitle } from "../ui/misc.tsx";
import { CityInfo } from "./home/CityInfo.tsx";
import { HomeSearch } from "./home/HomeSearch.tsx";
import { HomeServices } from "./home/HomeServices.tsx";

/** The front door: one search box, popular services and life events, then the city's information. */
export function Home() {
  const { t } = useTranslation();
  const { session } = useSession();
  const user = session?.user;
  const city = session?.tenant.name ?? "";
  return (
    <>
      <section className="hero">
        <PageTitle>{t("home.title", { city })}</PageTitle>
        <HomeSearch />
      </section>
      <HomeServices />
      <CityInfo staff={user?.kind === "staff"} />
      <section className="home-block" aria-labelledby="account-title">
        <h2 id="account-title">{t("home.accountTitle")}</h2>
        <p>{t("home.lead", { city })}</p>
        {session && !user && (
          <ActionLinks
            button={{ href: "/daftar", label: t("home.signup"), className: "button" }}
            links={[{ href: "/masuk", label: t("home.login"), className: "button button--secondary" }]}
          />
        )}
        {user?.kind === "citizen" && <ActionLinks button={{ href: "/layanan-saya", label: t("home.toMyServices") }} />}
        {user?.kind === "staff" && <ActionLinks button={{ href: "/konsol", label: t("home.toConsole") }} />}
        <p>{t("home.helpBody")}</p>
      </section>
    </>
  );
}
