/** /konsol/harga — Dinas Perdagangan: the enumerator's grid (phone first), CSV/XLSX import, alerts, markets and commodities. */
import { useState } from "react";
import { Link } from "wouter";
import { hasPermission, useSession } from "../../session.tsx";
import { PageTitle } from "../../ui/misc.tsx";
import { Tabs, usePricesT } from "./shared.tsx";

import { EntryGrid } from "./EntryGrid.tsx";
import { Alerts } from "./PriceAlerts.tsx";
import { Import } from "./PriceImport.tsx";
import { Manage } from "./PriceManage.tsx";
import { todayInCity } from "../../ui/time.ts";

type Tab = "entry" | "import" | "alerts" | "manage";

export function todayLocal() {
  return todayInCity();
}

export default function PricesConsole() {
  const { t } = usePricesT();
  const { session } = useSession();
  const user = session!.user!;
  const isDisdag = user.grants.some((g) => g.role === "kominfo_admin" || g.unitCode === "DISDAG" || g.unitCode.startsWith("DISDAG-"));
  const canManage = isDisdag && hasPermission(session, "prices.manage");
  const tabs: { key: Tab; label: string }[] = [
    ...(isDisdag
      ? [
          { key: "entry" as const, label: t("console.tabEntry") },
          { key: "import" as const, label: t("console.tabImport") },
        ]
      : []),
    { key: "alerts", label: t("console.tabAlerts") },
    ...(canManage ? [{ key: "manage" as const, label: t("console.tabManage") }] : []),
  ];
  const [tab, setTab] = useState<Tab>(tabs[0].key);
  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("console.title")}</PageTitle>
      <p>
        <Link href="/harga">{t("console.publicPage")}</Link>
      </p>
      <Tabs idPrefix="kh" label={t("console.tabsLabel")} tabs={tabs} value={tab} onChange={setTab} />
      <section id="kh-panel" role="tabpanel" aria-labelledby={`kh-tab-${tab}`}>
        {tab === "entry" && <EntryGrid />}
        {tab === "import" && <Import />}
        {tab === "alerts" && <Alerts />}
        {tab === "manage" && <Manage />}
      </section>
    </>
  );
}
