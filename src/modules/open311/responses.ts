/**
 * Response schemas of the Open311 GeoReport v2 endpoints, for the API contract (/api/docs/json). The handlers send
 * the document already rendered (JSON or XML text), so these describe it and never filter it.
 */
import { Type, type TSchema } from "typebox";
import { Open } from "../../platform/responses.ts";

const Xml = (root: string) => Type.String({ description: `GeoReport v2 XML: <${root}>` });
const json = (schema: TSchema) => ({ "application/json": { schema } });
const xml = (root: string) => ({ "text/xml": { schema: Xml(root) } });

const Discovery = Open(
  {
    changeset: Type.String(),
    contact: Type.String(),
    key_service: Type.String(),
    endpoints: Type.Array(
      Open({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) }),
    ),
  },
  { title: "Open311Discovery" },
);
const Service = Open(
  {
    service_code: Type.String(),
    service_name: Type.String(),
    description: Type.String(),
    metadata: Type.Boolean(),
    type: Type.String({ description: "realtime | batch | blackbox" }),
    keywords: Type.String(),
    group: Type.String(),
  },
  { title: "Open311Service" },
);
const ServiceDefinition = Open({ service_code: Type.String(), attributes: Type.Array(Open({})) }, { title: "Open311ServiceDefinition" });
const Request = Open(
  {
    service_request_id: Type.String(),
    status: Type.Optional(Type.String({ description: "open | closed" })),
    service_code: Type.Optional(Type.String()),
    service_notice: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    token: Type.Optional(Type.String()),
  },
  { title: "Open311Request" },
);
const Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), { title: "Open311Errors" });
const errors = { "4xx": { content: { ...json(Errors), ...xml("errors") } } };

type Format = "json" | "xml";
const one = (format: Format, schema: TSchema, root: string) => (format === "json" ? json(schema) : xml(root));

export const discovery = (format: Format) => ({ 200: { content: one(format, Discovery, "discovery") }, ...errors });
export const services = (format: Format) => ({ 200: { content: one(format, Type.Array(Service), "services") }, ...errors });
export const requests = (format: Format) => ({ 200: { content: one(format, Type.Array(Request), "service_requests") }, ...errors });
export const created = (format: Format) => ({ 201: { content: one(format, Type.Array(Request), "service_requests") }, ...errors });
export const serviceDefinition = { 200: { content: { ...json(ServiceDefinition), ...xml("service_definition") } }, ...errors };
export const requestList = { 200: { content: { ...json(Type.Array(Request)), ...xml("service_requests") } }, ...errors };
