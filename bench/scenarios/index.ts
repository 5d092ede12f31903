import { adminStaff, authSession } from "./auth.ts";
import { bareInsert } from "./bare.ts";
import { baseline } from "./baseline.ts";
import { catalogSearch } from "./catalog.ts";
import { documentEcdsa, documentRsa, documentVerify } from "./documents.ts";
import { eofficeScenarios } from "./eoffice.ts";
import { engineInbox, engineSubmitOneService, engineSubmitSpread } from "./engine.ts";
import { health } from "./health.ts";
import { liveBalai, liveBaseline } from "./live.ts";
import {
  laporNearbyHttp,
  laporNearbyHttpOne,
  laporNearbyService,
  laporNearbyStore,
  laporNearbyStoreOne,
  laporSubmitHttp,
  laporSubmitService,
} from "./lapor.ts";
import { inboxAdminDue, inboxAdminSearch, inboxOperatorDue, inboxOperatorOverdue, inboxOperatorSearch } from "./inbox.ts";
import { nginxScenarios } from "./nginx.ts";
import { oidcTokenIssuance } from "./oidc.ts";
import { parkingScenarios } from "./parking.ts";
import { priceScenarios } from "./prices.ts";
import { submissionFlow, submitOnly } from "./submission.ts";
import { transitScenarios } from "./transit.ts";
import { schoolScenarios } from "./schools.ts";
import { tenantScenarios } from "./tenants.ts";
import type { Scenario } from "./types.ts";
import { healthBookingContention } from "./health-queue.ts";

/**
 * Every scenario the bench runs, in order. Add new ones as a file in this folder and an entry here.
 * Read-only scenarios come before the writing ones, so the inbox sees the generated volume only.
 * e-Lapor (issue 4) follows, its reads (nearby) before its writes (report submission); then the
 * official documents (issue 6), which need neither HTTP nor the store.
 */
export const scenarios: Scenario[] = [
  baseline,
  health,
  authSession,
  adminStaff,
  catalogSearch,
  inboxOperatorDue,
  inboxOperatorOverdue,
  inboxOperatorSearch,
  inboxAdminDue,
  inboxAdminSearch,
  engineInbox,
  bareInsert,
  submissionFlow,
  submitOnly,
  engineSubmitSpread,
  engineSubmitOneService,
  laporNearbyHttp,
  laporNearbyHttpOne,
  laporNearbyService,
  laporNearbyStore,
  laporNearbyStoreOne,
  laporSubmitHttp,
  laporSubmitService,
  documentRsa,
  documentEcdsa,
  documentVerify,
  // Harga bahan pokok (issue 7): price-series reads on 3 years × 40 markets × 25 commodities (BENCH_PRICES=0 skips).
  ...priceScenarios,
  // Bus Trans Musi (issue 7 part 2): AVL ingestion (500 buses every 5 s = 100/s needed) and GTFS-rt generation time.
  ...transitScenarios,
  // Command center (issue 5): 2,000 SSE subscribers, event-to-subscriber latency, beside a bare SSE fan-out.
  liveBaseline,
  liveBalai,
  // e-Office (issue 18 part 2): dispositions/s over HTTP, and the full dispose → read → finish chain.
  ...eofficeScenarios,
  // One login (issue 17): OIDC token issuance at /oidc/token.
  oidcTokenIssuance,
  // e-Puskesmas (issue 16): bookings/s at quota contention on one poli.
  healthBookingContention,
  // School reports (issue 18): Disdik dashboard p99 over 300 schools × 3 years of monthly reports.
  ...schoolScenarios,
  // e-Parking (issue 16 part 2): revenue report over a year for 500 points, payment callbacks/s (BENCH_PARKING=0 skips).
  ...parkingScenarios,
  // Many processes (issue 15): catalog reads/s and submissions/s through nginx with 1, 2 and 3 processes (PostgreSQL only).
  ...nginxScenarios,
  // One deployment for every kab/kota (issue 15): 1 vs 514 tenants; last, as it adds 513 tenants to the store.
  ...tenantScenarios,
];
