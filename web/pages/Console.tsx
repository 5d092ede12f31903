import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import type { Grant } from "../api.ts";
import { hasPermission, useSession } from "../session.tsx";
import { PageTitle } from "../ui/misc.tsx";
import { TotpCard } from "../ui/TotpCard.tsx";
import { useCommandT } from "./command/i18n.ts";
import { DecreeWarning } from "./staff/DecreeWarning.tsx";
import { healthConsoleCards } from "./health/menu.tsx";
import { Section } from "../ui/Section.tsx";

/** Console home for staff: their roles per unit, the tools their permissions open, and account security. */
export default function Console() {
  const { t } = useTranslation();
  const { t: tc } = useCommandT();
  const { session } = useSession();
  const user = session!.user!;

  // Group grants by unit so one card shows "Dinas X: operator, admin".
  const byUnit = new Map<string, { unit: Grant; roles: string[] }>();
  for (const g of user.grants) {
    const entry = byUnit.get(g.unitId) ?? { unit: g, roles: [] };
    entry.roles.push(g.role);
    byUnit.set(g.unitId, entry);
  }

  const tools = [
    hasPermission(session, "command.view") && { href: "/command", title: tc("console.wall"), body: tc("console.wallBody") },
    hasPermission(session, "incidents.take") && { href: "/command/112", title: tc("console.taker"), body: tc("console.takerBody") },
    hasPermission(session, "incidents.dispatch") && { href: "/command/dispatch", title: tc("console.dispatch"), body: tc("console.dispatchBody") },
    hasPermission(session, "command.view") && { href: "/command/cameras", title: tc("console.cameras"), body: tc("console.camerasBody") },
    // An OPD liaison (operator or admin of a responding agency) updates its crews' dispatches.
    hasPermission(session, "incidents.liaison") &&
      !hasPermission(session, "incidents.dispatch") && { href: "/command/unit", title: tc("console.unit"), body: tc("console.unitBody") },
    hasPermission(session, "incidents.read") && { href: "/command/laporan", title: tc("console.report"), body: tc("console.reportBody") },
    hasPermission(session, "cases.inbox") && { href: "/konsol/permohonan", title: t("staffCases.nav.inbox"), body: t("staffCases.cards.inboxBody") },
    hasPermission(session, "eoffice.use") && { href: "/konsol/surat", title: t("console.eoffice"), body: t("console.eofficeBody") },
    hasPermission(session, "documents.sign") && { href: "/konsol/tanda-tangan", title: t("staffCases.nav.signing"), body: t("staffCases.cards.signingBody") },
    hasPermission(session, "catalog.edit") && { href: "/konsol/layanan", title: t("staffCases.nav.editor"), body: t("staffCases.cards.editorBody") },
    hasPermission(session, "catalog.overview") && { href: "/konsol/ikhtisar", title: t("staffCases.nav.overview"), body: t("staffCases.cards.overviewBody") },
    hasPermission(session, "calendar.manage") && { href: "/konsol/hari-libur", title: t("staffCases.nav.holidays"), body: t("staffCases.cards.holidaysBody") },
    hasPermission(session, "org.manage") && { href: "/konsol/unit", title: t("nav.units"), body: t("console.unitsBody") },
    hasPermission(session, "staff.manage") && { href: "/konsol/pegawai", title: t("nav.staff"), body: t("console.staffBody") },
    hasPermission(session, "audit.read") && { href: "/konsol/audit", title: t("nav.audit"), body: t("console.auditBody") },
    hasPermission(session, "lapor.heatmap") && { href: "/konsol/lapor/peta", title: t("console.laporHeat"), body: t("console.laporHeatBody") },
    hasPermission(session, "lapor.moderate") && { href: "/konsol/lapor/moderasi", title: t("console.laporMod"), body: t("console.laporModBody") },
    (hasPermission(session, "prices.alerts") ||
      (hasPermission(session, "prices.enter") && user.grants.some((g) => g.unitCode === "DISDAG" || g.unitCode.startsWith("DISDAG-")))) && {
      href: "/konsol/harga",
      title: t("home.pricesTitle"),
      body: t("console.pricesBody"),
    },
    // e-Parking: Dishub and Bapenda staff (and Kominfo).
    hasPermission(session, "parking.revenue") &&
      user.grants.some((g) => g.role === "kominfo_admin" || /^(DISHUB|BAPENDA)(-|$)/.test(g.unitCode)) && {
        href: "/konsol/parkir",
        title: t("console.parkingTitle"),
        body: t("console.parkingBody"),
      },
    hasPermission(session, "outbox.read") && { href: "/konsol/pesan", title: t("nav.messages"), body: t("console.messagesBody") },
    hasPermission(session, "apikeys.manage") && { href: "/konsol/api-keys", title: t("console.apiKeys"), body: t("console.apiKeysBody") },
    hasPermission(session, "transit.monitor") && { href: "/konsol/bus", title: t("console.bus"), body: t("console.busBody") },
    // budget (issue 17)
    hasPermission(session, "budget.read") && { href: "/konsol/anggaran", title: t("console.budget"), body: t("console.budgetBody") },
    hasPermission(session, "spbe.read") && { href: "/konsol/spbe", title: t("console.spbe"), body: t("console.spbeBody") },
    hasPermission(session, "registry.read") && { href: "/konsol/aplikasi", title: t("console.registry"), body: t("console.registryBody") },
    hasPermission(session, "registry.read") && { href: "/konsol/registri", title: t("console.registryFront"), body: t("console.registryFrontBody") },
    hasPermission(session, "opd.page.edit") &&
      session?.user?.grants.find((g) => g.unitKind === "opd") && {
        href: `/konsol/opd/${session?.user?.grants.find((g) => g.unitKind === "opd")?.unitCode}`,
        title: t("console.opdPage"),
        body: t("console.opdPageBody"),
      },
    session?.devOutbox && hasPermission(session, "outbox.read") && { href: "/dev/outbox", title: t("nav.outbox"), body: t("console.outboxBody") },
    // e-Puskesmas
    ...healthConsoleCards(session),
    // schools (Disdik school reporting): the school's reports; Disdik's dashboard (its own staff and Kominfo).
    hasPermission(session, "schools.report") && { href: "/sekolah", title: t("console.schools"), body: t("console.schoolsBody") },
    hasPermission(session, "schools.review") &&
      user.grants.some((g) => g.role === "kominfo_admin" || g.unitCode === "DISDIK" || g.unitCode.startsWith("DISDIK-")) && {
        href: "/konsol/sekolah",
        title: t("console.schoolsDash"),
        body: t("console.schoolsDashBody"),
      },
  ].filter(Boolean) as { href: string; title: string; body: string }[];

  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("console.title", { name: user.name })}</PageTitle>
      {!user.totpEnabled && (
        <div className="notice notice--warning">
          <p className="notice__title">{t("console.totpWarnTitle")}</p>
          <p>
            {t("console.totpWarnBody")} <a href="#totp-title">{t("console.totpWarnLink")}</a>
          </p>
        </div>
      )}
      <DecreeWarning />
      <h2>{t("console.rolesTitle")}</h2>
      <ul className="grid grid--3 cards">
        {[...byUnit.values()].map(({ unit, roles }) => (
          <li key={unit.unitId} className="card card--unit">
            <p className="card__kicker">
              {t(`unitKind.${unit.unitKind}`, { defaultValue: unit.unitKind })} · <span className="mono">{unit.unitCode}</span>
            </p>
            <h3 className="card__title">{unit.unitName}</h3>
            <ul className="tags">
              {roles.map((r) => (
                <li key={r} className="tag">
                  {t(`roles.${r}`, { defaultValue: r })}
                </li>
              ))}
            </ul>
            <p className="card__body">
              {roles
                .map((r) => t(`roleInfo.${r}`, { defaultValue: "" }))
                .filter(Boolean)
                .join(" ")}
            </p>
          </li>
        ))}
      </ul>
      {tools.length > 0 && (
        <>
          <h2>{t("console.toolsTitle")}</h2>
          <ul className="grid grid--3 cards">
            {tools.map((tool) => (
              <li key={tool.href} className="card card--link">
                <h3 className="card__title">
                  <Link href={tool.href}>{tool.title}</Link>
                </h3>
                <p className="card__body">{tool.body}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t("console.securityTitle")}</h2>
      <div className="grid grid--2">
        <TotpCard headingLevel={3} />
        <Section className="card" titleId="acct-title" title={t("console.accountTitle")} titleClassName="card__title" level={3}>
          <p className="break">{user.email}</p>
          <p>
            <Link href="/akun">{t("console.accountLink")}</Link>
          </p>
        </Section>
      </div>
    </>
  );
}
