import "./i18n/index.ts";
import { type ElementType, lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Redirect, Route, Switch, useLocation, useSearch } from "wouter";
import type { Permission } from "./api.ts";
import { NotFound } from "./pages/NotFound.tsx";
import type { Session } from "./api.ts";
import { hasPermission, SessionProvider, useSession } from "./session.tsx";
import { QueueBanner } from "./offline/QueueBanner.tsx";
import { Layout } from "./ui/Layout.tsx";
import { Loading, PageTitle } from "./ui/misc.tsx";
import { type Preloadable, preloadable } from "./ui/preloadable.ts";

// The home page too: the server preloads each page's chunks with its HTML (vite.config.ts ROUTE_CHUNKS), so a lazy
// screen costs no extra round trip, and every other page's first load leaves the home page's code out.
const Home = preloadable(() => import("./pages/Home.tsx").then((m) => m.Home));
// Sign-in, sign-up, password and the accessibility statement: chunks of their own, out of the home page's first load.
const Login = lazy(() => import("./pages/Login.tsx").then((m) => ({ default: m.Login })));
const SignUp = lazy(() => import("./pages/SignUp.tsx").then((m) => ({ default: m.SignUp })));
const Confirm = lazy(() => import("./pages/SignUp.tsx").then((m) => ({ default: m.Confirm })));
const Forgot = lazy(() => import("./pages/Password.tsx").then((m) => ({ default: m.Forgot })));
const Reset = lazy(() => import("./pages/Password.tsx").then((m) => ({ default: m.Reset })));
const Accessibility = lazy(() => import("./pages/Accessibility.tsx").then((m) => ({ default: m.Accessibility })));
// Staff/admin screens are split out so citizens on slow phones never download them.
const Account = lazy(() => import("./pages/Account.tsx"));
const Console = lazy(() => import("./pages/Console.tsx"));
const Units = lazy(() => import("./pages/admin/Units.tsx"));
const StaffPage = lazy(() => import("./pages/admin/Staff.tsx"));
const Audit = lazy(() => import("./pages/admin/Audit.tsx"));
const Outbox = lazy(() => import("./pages/Outbox.tsx"));
const Messages = lazy(() => import("./pages/admin/Messages.tsx"));
const StaffInbox = lazy(() => import("./pages/staff/Inbox.tsx"));
const StaffCase = lazy(() => import("./pages/staff/Case.tsx"));
const ServiceList = lazy(() => import("./pages/staff/ServiceList.tsx"));
const ServiceEditor = lazy(() => import("./pages/staff/ServiceEditor.tsx"));
const CatalogOverview = lazy(() => import("./pages/staff/Overview.tsx"));
const Holidays = lazy(() => import("./pages/staff/Holidays.tsx"));
// Citizen service pages: lazy too, so the home page stays small on first load.
const Catalog = preloadable(() => import("./pages/citizen/Catalog.tsx").then((m) => m.Catalog));
const ServicePage = preloadable(() => import("./pages/citizen/Catalog.tsx").then((m) => m.ServicePage));
const ApplicationForm = preloadable(() => import("./pages/citizen/ApplicationForm.tsx").then((m) => m.ApplicationForm));
const CheckAnswers = lazy(() => import("./pages/citizen/CheckAnswers.tsx").then((m) => ({ default: m.CheckAnswers })));
const Confirmation = lazy(() => import("./pages/citizen/Confirmation.tsx").then((m) => ({ default: m.Confirmation })));
const MyCases = lazy(() => import("./pages/citizen/MyCases.tsx").then((m) => ({ default: m.MyCases })));
const CasePage = lazy(() => import("./pages/citizen/MyCases.tsx").then((m) => ({ default: m.CasePage })));
const Track = lazy(() => import("./pages/citizen/MyCases.tsx").then((m) => ({ default: m.Track })));
// e-Lapor: citizen complaints on a map (the map library and charts load later still, only where shown).
const ReportFlow = preloadable(() => import("./pages/lapor/Report.tsx").then((m) => m.ReportFlow));
const PublicReports = preloadable(() => import("./pages/lapor/Public.tsx").then((m) => m.PublicReports));
const PublicReportPage = lazy(() => import("./pages/lapor/Public.tsx").then((m) => ({ default: m.PublicReportPage })));
const LaporStats = lazy(() => import("./pages/lapor/Stats.tsx").then((m) => ({ default: m.LaporStats })));
const MyReports = lazy(() => import("./pages/lapor/Mine.tsx").then((m) => ({ default: m.MyReports })));
const MyReportPage = lazy(() => import("./pages/lapor/Mine.tsx").then((m) => ({ default: m.MyReportPage })));
const LaporHeatmap = lazy(() => import("./pages/lapor/staff/Heatmap.tsx"));
const LaporModeration = lazy(() => import("./pages/lapor/staff/Moderation.tsx"));
const ApiKeys = lazy(() => import("./pages/lapor/staff/ApiKeys.tsx"));
// Official documents: the signer's queue (staff) and the public verification page (the QR code's link).
const SigningQueue = lazy(() => import("./pages/documents/Queue.tsx"));
const VerifyPage = lazy(() => import("./pages/documents/Verify.tsx"));
const TemplateEditor = lazy(() => import("./pages/documents/TemplateEditor.tsx"));
// e-Office: letters and dispositions (SRIKANDI vocabulary).
const EofficeDesk = lazy(() => import("./pages/eoffice/Desk.tsx"));
const EofficeLetter = lazy(() => import("./pages/eoffice/Letter.tsx"));
const EofficeRegister = lazy(() => import("./pages/eoffice/Register.tsx"));
const EofficeDraft = lazy(() => import("./pages/eoffice/Draft.tsx"));
const EofficeVerify = lazy(() => import("./pages/eoffice/Verify.tsx"));
// Bus Trans Musi: the public live map with arrivals, and the staff fleet page.
const BusPage = lazy(() => import("./pages/transit/Public.tsx").then((m) => ({ default: m.BusPage })));
const BusFleet = lazy(() => import("./pages/transit/Fleet.tsx"));
// Harga bahan pokok: the public price page and Dinas Perdagangan's entry console (ECharts loads only on the chart tab).
const PricesPage = preloadable(() => import("./pages/prices/Public.tsx").then((m) => m.default));
const PricesConsole = lazy(() => import("./pages/prices/Console.tsx"));
// budget (issue 17)
const BudgetPage = lazy(() => import("./pages/budget/Public.tsx"));
const BudgetConsole = lazy(() => import("./pages/budget/Console.tsx"));
const SpbeConsole = lazy(() => import("./pages/spbe/Console.tsx"));
// e-Puskesmas
const HealthBook = lazy(() => import("./pages/health/Book.tsx"));
const HealthTicket = lazy(() => import("./pages/health/Ticket.tsx"));
const HealthDisplay = lazy(() => import("./pages/health/Display.tsx"));
const HealthCounter = lazy(() => import("./pages/health/Counter.tsx"));
const HealthDashboard = lazy(() => import("./pages/health/Dashboard.tsx"));
// Command center "Lawang Jabo" and Call Center 112 (staff), and the citizen's emergency page (no map or chart code).
const CommandWall = lazy(() => import("./pages/command/Wall.tsx"));
const CallTaker = lazy(() => import("./pages/command/CallTaker.tsx"));
const DispatchPage = lazy(() => import("./pages/command/Dispatch.tsx"));
const CamerasPage = lazy(() => import("./pages/command/Cameras.tsx"));
const Darurat = lazy(() => import("./pages/command/Darurat.tsx"));
const UnitDesk = lazy(() => import("./pages/command/Unit.tsx"));
const ResponseReport = lazy(() => import("./pages/command/Report.tsx"));
// One login (SSO) and the registry: the sign-in/consent step of an OPD app, INApas linking, Kominfo's app registry.
const SsoInteraction = lazy(() => import("./pages/sso/Interaction.tsx"));
const InapasLink = lazy(() => import("./pages/sso/InapasLink.tsx"));
const RegistryApps = lazy(() => import("./pages/sso/Apps.tsx"));
const RegistryFront = lazy(() => import("./pages/sso/Registry.tsx"));
const OpdPage = lazy(() => import("./pages/sso/OpdPage.tsx"));
const OpdEdit = lazy(() => import("./pages/sso/OpdEdit.tsx"));
// schools (Disdik school reporting): the principal's reports and Disdik's dashboard.
const MySchools = lazy(() => import("./pages/schools/MySchools.tsx"));
const SchoolReportForm = lazy(() => import("./pages/schools/ReportForm.tsx"));
const SchoolDashboard = lazy(() => import("./pages/schools/Dashboard.tsx"));
// e-Parking (docs/parking.md): the jukir's phone, the public "jukir resmi" page, the Dishub/Bapenda console.
const JukirPage = lazy(() => import("./pages/parking/Jukir.tsx"));
const OfficialJukir = lazy(() => import("./pages/parking/Official.tsx"));
const ParkingConsole = lazy(() => import("./pages/parking/Console.tsx"));

/** The citizen pages of a first visit, by path: main.tsx loads the page's code before the first render. */
const FIRST_LOAD: [RegExp, Preloadable<never>][] = [
  [/^\/$/, Home],
  [/^\/layanan\/?$/, Catalog],
  [/^\/layanan\/[^/]+\/?$/, ServicePage as Preloadable<never>],
  [/^\/permohonan\/[^/]+\/?$/, ApplicationForm as Preloadable<never>],
  [/^\/lapor\/?$/, ReportFlow],
  [/^\/laporan\/?$/, PublicReports],
  [/^\/harga\/?$/, PricesPage],
];

/** Loads the code of the page at this path, when it is one of the first-load pages; a failure is left to the render. */
export function preloadRoute(pathname: string): Promise<void> {
  const page = FIRST_LOAD.find(([pattern]) => pattern.test(pathname))?.[1];
  return page ? page.preload().catch(() => undefined) : Promise.resolve();
}

/** Staff screens that need only a permission: path, permission, screen. */
const GUARDED: [string, Permission, ElementType][] = [
  ["/konsol", "console.access", Console],
  ["/konsol/unit", "staff.manage", Units],
  ["/konsol/pegawai", "staff.manage", StaffPage],
  ["/konsol/audit", "audit.read", Audit],
  ["/konsol/permohonan", "cases.inbox", StaffInbox],
  ["/konsol/layanan", "catalog.edit", ServiceList],
  ["/konsol/ikhtisar", "catalog.overview", CatalogOverview],
  ["/konsol/hari-libur", "calendar.manage", Holidays],
  ["/konsol/lapor/peta", "lapor.heatmap", LaporHeatmap],
  ["/konsol/lapor/moderasi", "lapor.moderate", LaporModeration],
  ["/konsol/pesan", "outbox.read", Messages],
  ["/konsol/api-keys", "apikeys.manage", ApiKeys],
  ["/konsol/bus", "transit.monitor", BusFleet],
  ["/konsol/tanda-tangan", "documents.sign", SigningQueue],
  ["/konsol/surat", "eoffice.use", EofficeDesk],
  ["/konsol/surat/masuk-baru", "eoffice.register", EofficeRegister],
  ["/konsol/surat/konsep-baru", "eoffice.use", EofficeDraft],
  ["/parkir/jukir", "parking.collect", JukirPage],
  ["/konsol/parkir", "parking.revenue", ParkingConsole],
  ["/konsol/harga", "console.access", PricesConsole],
  ["/konsol/anggaran", "budget.read", BudgetConsole],
  ["/konsol/spbe", "spbe.read", SpbeConsole],
  ["/command", "command.view", CommandWall],
  ["/command/112", "incidents.take", CallTaker],
  ["/command/dispatch", "incidents.dispatch", DispatchPage],
  ["/command/unit", "incidents.liaison", UnitDesk],
  ["/command/laporan", "incidents.read", ResponseReport],
  ["/command/cameras", "command.view", CamerasPage],
  ["/konsol/puskesmas", "health.counter", HealthCounter],
  ["/konsol/puskesmas/dasbor", "health.dashboard", HealthDashboard],
  ["/dev/outbox", "outbox.read", Outbox],
  ["/konsol/aplikasi", "registry.read", RegistryApps],
  ["/konsol/registri", "registry.read", RegistryFront],
  ["/sekolah", "schools.report", MySchools],
  ["/konsol/sekolah", "schools.review", SchoolDashboard],
];

/** Renders children only for a signed-in user (holding the permission, when given); otherwise sends to login. */
function Guard({ children, permission, citizen }: { children: ReactNode; permission?: Permission; citizen?: boolean }) {
  const { t } = useTranslation();
  const { session, error } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (error) return <NotFound offline />;
  if (!session) return <Loading />;
  if (!session.user) return <Redirect to={`/masuk?next=${encodeURIComponent(location + (search ? `?${search}` : ""))}`} />;
  if ((permission && !hasPermission(session, permission)) || (citizen && session.user.kind !== "citizen")) {
    return (
      <>
        <PageTitle>{t("errors.forbiddenTitle")}</PageTitle>
        <p>{t("errors.forbiddenBody")}</p>
      </>
    );
  }
  return <>{children}</>;
}

/** The whole app under its session; `initialSession` is the session fetched before the first render (main.tsx), if any. */
export function App({ initialSession }: { initialSession?: Session | null }) {
  return (
    <Frame initialSession={initialSession}>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/" component={Home} />
          <Route path="/layanan" component={Catalog} />
          <Route path="/layanan/:key" component={ServicePage} />
          <Route path="/lacak/:token" component={Track} />
          <Route path="/lapor">
            <Guard citizen>
              <ReportFlow />
            </Guard>
          </Route>
          <Route path="/laporan" component={PublicReports} />
          <Route path="/laporan/statistik" component={LaporStats} />
          <Route path="/laporan/:number">{(p) => <PublicReportPage key={p.number} params={p as { number: string }} />}</Route>
          <Route path="/laporan-saya">
            <Guard citizen>
              <MyReports />
            </Guard>
          </Route>
          <Route path="/laporan-saya/:id">
            {(p) => (
              <Guard citizen>
                <MyReportPage key={p.id} params={p as { id: string }} />
              </Guard>
            )}
          </Route>
          <Route path="/permohonan/:id">
            {(p) => (
              <Guard citizen>
                <ApplicationForm params={p as { id: string }} />
              </Guard>
            )}
          </Route>
          <Route path="/permohonan/:id/periksa">
            {(p) => (
              <Guard citizen>
                <CheckAnswers params={p as { id: string }} />
              </Guard>
            )}
          </Route>
          <Route path="/permohonan/:id/terkirim">
            {(p) => (
              <Guard citizen>
                <Confirmation params={p as { id: string }} />
              </Guard>
            )}
          </Route>
          <Route path="/layanan-saya/:id">
            {(p) => (
              <Guard citizen>
                <CasePage params={p as { id: string }} />
              </Guard>
            )}
          </Route>
          <Route path="/daftar" component={SignUp} />
          <Route path="/daftar/konfirmasi" component={Confirm} />
          <Route path="/masuk" component={Login} />
          <Route path="/lupa-sandi" component={Forgot} />
          <Route path="/atur-ulang-sandi" component={Reset} />
          <Route path="/tentang-aksesibilitas" component={Accessibility} />
          <Route path="/layanan-saya">
            <Guard citizen>
              <MyCases />
            </Guard>
          </Route>
          <Route path="/akun">
            <Guard>
              <Account />
            </Guard>
          </Route>
          {GUARDED.map(([path, permission, Page]) => (
            <Route key={path} path={path}>
              <Guard permission={permission}>
                <Page />
              </Guard>
            </Route>
          ))}
          <Route path="/konsol/permohonan/:id">
            {(params) => (
              <Guard permission="cases.inbox">
                <StaffCase key={params.id} id={params.id} />
              </Guard>
            )}
          </Route>
          <Route path="/konsol/layanan/:key">
            {(params) => (
              <Guard permission="catalog.edit">
                <ServiceEditor key={params.key} serviceKey={params.key} />
              </Guard>
            )}
          </Route>
          <Route path="/konsol/layanan/:key/dokumen">
            {(params) => (
              <Guard permission="catalog.edit">
                <TemplateEditor key={params.key} serviceKey={params.key} />
              </Guard>
            )}
          </Route>
          <Route path="/bus" component={BusPage} />
          <Route path="/konsol/surat/:id">
            {(params) => (
              <Guard permission="eoffice.use">
                <EofficeLetter key={params.id} id={params.id} />
              </Guard>
            )}
          </Route>
          <Route path="/surat/verifikasi/:code">{(p) => <EofficeVerify key={p.code} code={p.code} />}</Route>
          {/* e-Parking */}
          <Route path="/jukir/:card">{(p) => <OfficialJukir params={p as { card: string }} />}</Route>
          <Route path="/harga" component={PricesPage} />
          {/* budget (issue 17) */}
          <Route path="/anggaran" component={BudgetPage} />
          <Route path="/darurat" component={Darurat} />
          <Route path="/verify">
            <VerifyPage />
          </Route>
          <Route path="/verify/:code">{(p) => <VerifyPage key={p.code} code={p.code} />}</Route>
          {/* e-Puskesmas */}
          <Route path="/puskesmas" component={HealthBook} />
          <Route path="/antrean/:token">{(p) => <HealthTicket key={p.token} token={p.token} />}</Route>
          <Route path="/puskesmas/layar/:poliId">{(p) => <HealthDisplay key={p.poliId} poliId={p.poliId} />}</Route>
          <Route path="/oidc/interaction/:uid">{(p) => <SsoInteraction key={p.uid} uid={p.uid as string} />}</Route>
          <Route path="/masuk/inapas/:token">{(p) => <InapasLink key={p.token} token={p.token as string} />}</Route>
          <Route path="/opd/:code">{(p) => <OpdPage key={p.code} code={p.code as string} />}</Route>
          <Route path="/konsol/opd/:code">
            {(p) => (
              <Guard permission="opd.page.edit">
                <OpdEdit key={p.code} code={p.code as string} />
              </Guard>
            )}
          </Route>
          {/* schools (Disdik school reporting) */}
          <Route path="/sekolah/:unitId/laporan/:kind/:period">
            {(p) => (
              <Guard permission="schools.report">
                <SchoolReportForm key={`${p.unitId}/${p.kind}/${p.period}`} unitId={p.unitId} kind={p.kind} period={p.period} />
              </Guard>
            )}
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </Frame>
  );
}

/** Every page's frame: the session, the header, navigation and footer, the offline queue's banner. */
export function Frame({ initialSession, children }: { initialSession?: Session | null; children: ReactNode }) {
  return (
    <SessionProvider initial={initialSession}>
      <Layout>
        <QueueBanner />
        {children}
      </Layout>
    </SessionProvider>
  );
}
