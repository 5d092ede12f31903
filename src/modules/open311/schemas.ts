import { Type } from "typebox";

/**
 * Request schemas of the GeoReport v2 routes (http://wiki.open311.org/GeoReport_v2), with the standard's field
 * names. Loose on purpose: values are checked, with the standard's wording, in service.ts (parseSubmission,
 * parseListQuery); these bound types and lengths and keep unknown extras (`attribute[CODE]`, client additions).
 */
const Text = (maxLength: number, description?: string) => Type.Optional(Type.String({ maxLength, ...(description ? { description } : {}) }));
const Coordinate = (description: string) =>
  Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.String({ maxLength: 40 })], { description }));

const Jurisdiction = { jurisdiction_id: Text(20, "the tenant's Kemendagri region code, e.g. 16.71") };

export const FileParams = Type.Object({ file: Type.String({ minLength: 1, maxLength: 100, description: "{id}.json or {id}.xml" }) });
export const JurisdictionQuery = Type.Object(Jurisdiction, { additionalProperties: true });

export const ListQuery = Type.Object(
  {
    ...Jurisdiction,
    service_request_id: Text(2200, "comma-separated request ids (at most 100)"),
    service_code: Text(1000, "comma-separated service codes"),
    start_date: Text(40, "ISO 8601"),
    end_date: Text(40, "ISO 8601"),
    status: Text(20, "open, closed or open,closed"),
    page: Text(10),
    page_size: Text(10),
  },
  { additionalProperties: true },
);

const submission = {
  ...Jurisdiction,
  api_key: Text(200),
  service_code: Text(80),
  lat: Coordinate("latitude (WGS84)"),
  long: Coordinate("longitude (WGS84)"),
  address_string: Text(2000),
  address_id: Text(200),
  email: Text(320),
  device_id: Text(400),
  account_id: Text(400),
  first_name: Text(200),
  last_name: Text(200),
  phone: Text(60),
  description: Text(8000),
  media_url: Text(4000),
  kelurahan: Text(20, "extension: Kemendagri kelurahan code"),
  confidential: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })], { description: "extension" })),
};

/** POST requests: form (the standard) or JSON; parameters may also come in the query string (then no body). */
export const SubmissionQuery = Type.Object(submission, { additionalProperties: true });
export const SubmissionBody = SubmissionQuery;
