/**
 * Service catalog specification: types, loader and validator.
 *
 * Pure functions only (file reads aside): no database, no HTTP. The loader reads a
 * catalog directory (workflows.yaml, categories.yaml, fields.yaml and one YAML file
 * per OPD), validates everything against catalog/service-spec.schema.json plus the
 * semantic rules below, resolves workflow templates and shared fields, and returns
 * the catalog together with every error found (errors are collected, never thrown).
 *
 * Format reference: docs/service-spec.md
 */

export * from "./spec-constants.ts";
export * from "./spec-errors.ts";
export * from "./spec-file.ts";
export * from "./spec-load.ts";
export * from "./spec-types.ts";
export * from "./spec-workflow.ts";
