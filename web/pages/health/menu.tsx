/** e-Puskesmas entries on the home page and the console home (the "health" namespace's menu strings). */
import { Link } from "wouter";
import { useTranslation } from "react-i18next";
import type { Session } from "../../api.ts";
import i18next from "../../i18n/index.ts";
import en from "../../i18n/health.en.json" with { type: "json" };
import id from "../../i18n/health.id.json" with { type: "json" };
import { hasPermission } from "../../session.tsx";
import { addNamespace } from "../../ui/namespace.ts";
import { Card } from "../../ui/Section.tsx";

addNamespace("health", id, en);

export function HealthHomeCard() {
  const { t } = useTranslation("health");
  return (
    <Card titleId="health-cta-title" title={t("menu.citizen")}>
      <p>{t("menu.citizenBody")}</p>
      <p>
        <Link href="/puskesmas">{t("menu.citizen")}</Link>
      </p>
    </Card>
  );
}

/** The console cards the user's permissions open: for Dinkes, its puskesmas and Kominfo (the server checks the units again). */
export function healthConsoleCards(session: Session | null) {
  const t = i18next.getFixedT(null, "health");
  const grants = session?.user?.grants ?? [];
  const kominfo = grants.some((g) => g.role === "kominfo_admin");
  const dinkes = kominfo || grants.some((g) => g.unitCode === "DINKES");
  const puskesmas = dinkes || grants.some((g) => g.unitKind === "puskesmas");
  return [
    puskesmas && hasPermission(session, "health.counter") && { href: "/konsol/puskesmas", title: t("menu.counter"), body: t("menu.counterBody") },
    dinkes && hasPermission(session, "health.dashboard") && { href: "/konsol/puskesmas/dasbor", title: t("menu.dashboard"), body: t("menu.dashboardBody") },
  ];
}
