import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { PageTitle } from "../ui/misc.tsx";

export function NotFound({ offline }: { offline?: boolean }) {
  const { t } = useTranslation();
  if (offline)
    return (
      <>
        <PageTitle>{t("errors.offlineTitle")}</PageTitle>
        <p>{t("errors.offlineBody")}</p>
        <button type="button" className="button" onClick={() => location.reload()}>
          {t("errors.reload")}
        </button>
      </>
    );
  return (
    <>
      <PageTitle>{t("errors.notFoundTitle")}</PageTitle>
      <p>{t("errors.notFoundBody")}</p>
      <p>
        <Link href="/">{t("errors.backHome")}</Link>
      </p>
    </>
  );
}
