/**
 * The command center's SQL, split by concern: the CCTV registry (store-cameras.ts), OPD event ingestion
 * (store-ingest.ts) and the wall overview's reads, which also count other modules' tables (store-overview.ts).
 * No SQL outside these files.
 */
export * as cameras from "./store-cameras.ts";
export * as ingest from "./store-ingest.ts";
export * as overview from "./store-overview.ts";
