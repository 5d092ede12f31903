import { useTranslation } from "react-i18next";
import { PageTitle } from "../ui/misc.tsx";

export function Accessibility() {
  const { t } = useTranslation();
  return (
    <div className="prose">
      <PageTitle>{t("a11y.title")}</PageTitle>
      <p>{t("a11y.p1")}</p>
      <ul className="list">
        <li>{t("a11y.li1")}</li>
        <li>{t("a11y.li2")}</li>
        <li>{t("a11y.li3")}</li>
        <li>{t("a11y.li4")}</li>
      </ul>
      <p>{t("a11y.p2")}</p>
    </div>
  );
}
