/**
 * The rows of a complaint (its details joined with its case) and the select that reads them; the case through the
 * case engine's published view `case_reports` (with the reporter's tracking token and the report's answers).
 */
import type { CaseRow } from "../cases/index.ts";
export interface DetailRow {
  case_id: string;
  tenant_id: string;
  service_key: string;
  classification: string;
  title: string | null;
  description: string;
  /** null for a report without a point (an Open311 address_string only). */
  lat: number | null;
  lon: number | null;
  h3: string | null;
  kelurahan_code: string | null;
  kecamatan_code: string | null;
  routed_unit_id: string | null;
  reporter_id: string | null;
  anonymous: boolean;
  confidential: boolean;
  /** A report involving minors (category protection `tppk`): only the reporter and TPPK members read it. */
  tppk: boolean;
  support_count: number;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  reopen_count: number;
  merged_into: string | null;
  first_response_at: Date | null;
  hidden: boolean;
  flag_count: number;
  created_at: Date;
}

/** A complaint: the case row joined with its details (case columns win on name clashes). */
export interface ReportRow
  extends DetailRow,
    Pick<
      CaseRow,
      | "id"
      | "tracking_token"
      | "service_version"
      | "applicant_id"
      | "applicant_name"
      | "data"
      | "state"
      | "is_open"
      | "outcome"
      | "version"
      | "assignee_unit_id"
      | "sla_due_at"
      | "state_due_at"
      | "closed_at"
      | "updated_at"
    > {
  number: string;
  submitted_at: Date;
}

export const REPORT_SELECT = `SELECT d.*, c.id, c.number, c.tracking_token, c.service_version, c.applicant_id, c.applicant_name, c.data, c.state, c.is_open,
       c.outcome, c.version, c.assignee_unit_id, c.submitted_at, c.sla_due_at, c.state_due_at, c.closed_at, c.updated_at
  FROM complaint_details d JOIN case_reports c ON c.tenant_id = d.tenant_id AND c.id = d.case_id`;
