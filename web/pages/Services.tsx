import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useSession } from "../session.tsx";
import { PageTitle } from "../ui/misc.tsx";

/** The service catalog. The server's catalog API (GET /api/catalog/...) will fill this page. */
export function Services() {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <>
      <PageTitle>{t("services.title")}</PageTitle>
      <p className="lead">{t("services.lead", { city: session?.tenant.name ?? "" })}</p>
      <div className="empty" data-testid="catalog-empty">
        <p className="empty__title">{t("services.emptyTitle")}</p>
        <p>{t("services.emptyBody")}</p>
      </div>
    </>
  );
}

/** A citizen's own applications ("permohonan"). Cases will be listed here once the server offers them. */
export function MyServices() {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <>
      <PageTitle caption={session?.user?.name}>{t("myServices.title")}</PageTitle>
      <div className="empty">
        <p className="empty__title">{t("myServices.emptyTitle")}</p>
        <p>{t("myServices.emptyBody")}</p>
        <p>
          <Link href="/layanan">{t("myServices.browse")}</Link>
        </p>
      </div>
    </>
  );
}
