import { useTranslation } from "react-i18next";
import { MessagePage, PageTitle } from "../ui/misc.tsx";

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
  return <MessagePage title={t("errors.notFoundTitle")} body={t("errors.notFoundBody")} href="/" link={t("errors.backHome")} />;
}
