import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { patch } from "../api.ts";
import { applyLanguage, type Lang } from "../i18n/index.ts";
import { hasPermission, useSession } from "../session.tsx";

interface NavItem {
  href: string;
  label: string;
  exact?: boolean;
}

function NavLink({ it, current }: { it: NavItem; current: boolean }) {
  return (
    <li>
      <Link href={it.href} className="nav__link" aria-current={current ? "page" : undefined}>
        {it.label}
      </Link>
    </li>
  );
}

/**
 * A disclosure of less used links (the button says whether it is open; Escape closes it and gives the focus back;
 * leaving it with Tab or a click elsewhere closes it). In the phone's menu the button is not shown and the links are
 * plain items of the list.
 */
function NavGroup({ id, label, items, isCurrent }: { id: string; label: string; items: NavItem[]; isCurrent: (it: NavItem) => boolean }) {
  const [open, setOpen] = useState(false);
  const [location] = useLocation();
  const root = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every change of location by design
  useEffect(() => setOpen(false), [location]);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);
  const here = items.some(isCurrent);
  return (
    <li
      ref={root}
      className={`nav__group${open ? " nav__group--open" : ""}`}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (open && !root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className={`nav__link link-button nav__group-toggle${here ? " nav__link--here" : ""}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      <ul id={id} className="nav__sublist">
        {items.map((it) => (
          <NavLink key={it.href} it={it} current={isCurrent(it)} />
        ))}
      </ul>
    </li>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { session, logout } = useSession();
  const [location, navigate] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);
  const user = session?.user ?? null;

  // After client-side navigation, move focus to the new page's heading (screen readers announce it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of location by design
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = document.querySelector<HTMLElement>("main h1");
    if (h1) h1.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location]);

  const items: NavItem[] = [
    { href: "/", label: t("nav.home"), exact: true },
    { href: "/layanan", label: t("nav.services"), exact: true },
    { href: "/laporan", label: t("nav.lapor") },
    { href: "/darurat", label: t("nav.emergency") },
  ];
  // The city's information pages: one "Informasi kota" disclosure on a wide screen (so the menu keeps to one line at
  // 1280 px), plain items in the phone's menu.
  const cityInfo: NavItem[] = [
    { href: "/harga", label: t("nav.prices") },
    { href: "/bus", label: t("nav.bus") },
    { href: "/puskesmas", label: t("nav.health") },
    { href: "/anggaran", label: t("nav.budget") },
  ];
  if (user?.kind === "citizen") items.push({ href: "/layanan-saya", label: t("nav.myServices") }, { href: "/laporan-saya", label: t("nav.myReports") });
  if (hasPermission(session, "console.access")) items.push({ href: "/konsol", label: t("nav.console"), exact: true });
  if (hasPermission(session, "cases.inbox")) items.push({ href: "/konsol/permohonan", label: t("staffCases.nav.inbox") });
  // Kominfo's administration pages: one "Administrasi" disclosure on a wide screen (the staff menu keeps to one line
  // at 1280 px too), plain items in the phone's menu; a single one stays a plain item.
  const admin: NavItem[] = [];
  if (hasPermission(session, "org.manage")) admin.push({ href: "/konsol/unit", label: t("nav.units") });
  if (hasPermission(session, "staff.manage")) admin.push({ href: "/konsol/pegawai", label: t("nav.staff") });
  if (hasPermission(session, "audit.read")) admin.push({ href: "/konsol/audit", label: t("nav.audit") });
  if (hasPermission(session, "outbox.read")) admin.push({ href: "/konsol/pesan", label: t("nav.messages") });
  if (session?.devOutbox && hasPermission(session, "outbox.read")) admin.push({ href: "/dev/outbox", label: t("nav.outbox") });
  if (admin.length === 1) items.push(...admin);
  // e-Parking: the jukir's collecting screen.
  if (hasPermission(session, "parking.collect")) items.push({ href: "/parkir/jukir", label: t("nav.parkingJukir") });

  const isCurrent = (it: NavItem) => (it.exact ? location === it.href : location === it.href || location.startsWith(`${it.href}/`));

  const switchLanguage = async () => {
    const next: Lang = i18n.language === "en" ? "id" : "en";
    applyLanguage(next);
    if (user) {
      try {
        await patch("/api/me", { locale: next });
      } catch {
        /* the local choice still applies */
      }
    }
  };

  const doLogout = async () => {
    await logout();
    navigate("/masuk?keluar=1");
  };

  const city = session?.tenant.name ?? "";
  // The account's links: in the bar at the top on a wide screen, at the end of the menu on a phone (CSS shows one).
  const account = user ? (
    <>
      <li>
        <Link href="/akun" className="nav__link" aria-current={location === "/akun" ? "page" : undefined}>
          <span className="visually-hidden">{t("nav.account")}: </span>
          {user.name}
        </Link>
      </li>
      <li>
        <button type="button" className="nav__link link-button" onClick={doLogout}>
          {t("nav.logout")}
        </button>
      </li>
    </>
  ) : (
    session && (
      <>
        <li>
          <Link href="/masuk" className="nav__link" aria-current={location === "/masuk" ? "page" : undefined}>
            {t("nav.login")}
          </Link>
        </li>
        <li>
          <Link href="/daftar" className="nav__link" aria-current={location === "/daftar" ? "page" : undefined}>
            {t("nav.signup")}
          </Link>
        </li>
      </>
    )
  );

  return (
    <>
      <a href="#main" className="skip-link">
        {t("app.skip")}
      </a>
      <header className="header">
        <div className="header__bar container">
          <Link href="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              B
            </span>
            <span className="brand__text">
              <span className="brand__name">{t("app.name")}</span>
              {city && <span className="brand__city"> · {city}</span>}
            </span>
          </Link>
          <div className="header__tools">
            <ul className="header__account">{account}</ul>
            <button type="button" className="link-button header__lang" onClick={switchLanguage} lang={i18n.language === "en" ? "id" : "en"}>
              {i18n.language === "en" ? "Bahasa Indonesia" : "English"}
            </button>
            <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="primary-nav" onClick={() => setMenuOpen((o) => !o)}>
              {t("nav.menu")}
            </button>
          </div>
        </div>
        <nav id="primary-nav" className={`nav${menuOpen ? " nav--open" : ""}`} aria-label={t("nav.label")}>
          <div className="container nav__inner">
            <ul className="nav__list">
              {items.slice(0, 4).map((it) => (
                <NavLink key={it.href} it={it} current={isCurrent(it)} />
              ))}
              <NavGroup id="nav-city-info" label={t("nav.more")} items={cityInfo} isCurrent={isCurrent} />
              {items.slice(4).map((it) => (
                <NavLink key={it.href} it={it} current={isCurrent(it)} />
              ))}
              {admin.length > 1 && <NavGroup id="nav-admin" label={t("nav.admin")} items={admin} isCurrent={isCurrent} />}
            </ul>
            <ul className="nav__list nav__list--account">{account} </ul>
          </div>
        </nav>
      </header>
      <main id="main" className="main container" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <div className="container footer__inner">
          <p>
            <strong>
              {t("app.name")}
              {city ? ` · ${city}` : ""}
            </strong>
          </p>
          <p>{t("footer.about")}</p>
          <ul className="footer__links">
            <li>
              <Link href="/tentang-aksesibilitas">{t("footer.accessibility")}</Link>
            </li>
            <li>
              <Link href="/verify">{t("footer.verify")}</Link>
            </li>
            <li>
              <a href="/api/docs">{t("footer.api")}</a>
            </li>
            {/* budget (issue 17) */}
            <li>
              <Link href="/anggaran">{t("footer.budget")}</Link>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}
