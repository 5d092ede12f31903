import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useSession } from "../session.tsx";
import { PageTitle } from "../ui/misc.tsx";

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
          <div className="button-group">
            <Link href="/daftar" className="button button--start">
              {t("home.signup")}
            </Link>
            <Link href="/masuk" className="button button--secondary">
              {t("home.login")}
            </Link>
          </div>
        )}
        {user?.kind === "citizen" && (
          <div className="button-group">
            <Link href="/layanan-saya" className="button">
              {t("home.toMyServices")}
            </Link>
          </div>
        )}
        {user?.kind === "staff" && (
          <div className="button-group">
            <Link href="/konsol" className="button">
              {t("home.toConsole")}
            </Link>
          </div>
        )}
      </section>
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
