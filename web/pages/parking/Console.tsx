/** /konsol/parkir — Dishub and Bapenda: revenue (charts), points and jukir, reconciliation of settlement files. */
import { useState } from "react";
import { hasPermission, useSession } from "../../session.tsx";
import { PageTitle } from "../../ui/misc.tsx";
import { Tabs } from "../prices/shared.tsx";
import { PaymentsTab } from "./Payments.tsx";
import { PointsTab } from "./Points.tsx";
import { ReconcileTab } from "./Reconcile.tsx";
import { RevenueTab } from "./Revenue.tsx";
import { useParkingT } from "./shared.tsx";

type Tab = "revenue" | "payments" | "points" | "reconcile";

export default function ParkingConsole() {
  const { t } = useParkingT();
  const { session } = useSession();
  const user = session!.user!;
  const canManage =
    hasPermission(session, "parking.manage") &&
    user.grants.some((g) => g.role === "kominfo_admin" || g.unitCode === "DISHUB" || g.unitCode.startsWith("DISHUB-"));
  const [tab, setTab] = useState<Tab>("revenue");
  const tabs: { key: Tab; label: string }[] = [
    { key: "revenue", label: t("console.tabRevenue") },
    { key: "payments", label: t("console.tabPayments") },
    { key: "points", label: t("console.tabPoints") },
    { key: "reconcile", label: t("console.tabReconcile") },
  ];
  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("console.title")}</PageTitle>
      <Tabs idPrefix="pk" label={t("console.tabsLabel")} tabs={tabs} value={tab} onChange={setTab} />
      <section id="pk-panel" role="tabpanel" aria-labelledby={`pk-tab-${tab}`}>
        {tab === "revenue" && <RevenueTab />}
        {tab === "payments" && <PaymentsTab canManage={canManage} />}
        {tab === "points" && <PointsTab canManage={canManage} />}
        {tab === "reconcile" && <ReconcileTab />}
      </section>
    </>
  );
}
