/**
 * Shared response schemas for routes. Fastify serializes a response with fast-json-stringify from its schema, and
 * drops properties a closed object does not declare: `Open` objects declare the fields clients rely on and keep the
 * rest (`additionalProperties: true`). A `title` names the schema in the generated web types (`web/api-types.ts`).
 * Mind the serializer: a declared `required` field that is undefined throws (a 500), a `string` writes null as "",
 * an `integer` truncates 1.5 to 1: declare nullable fields `Nullable`, uncertain ones `Optional`, numbers `Number`.
 * Every route with a schema gets `Problem` as its 4xx response (src/platform/http.ts), Open311 excepted (its own
 * error list).
 */
import type { Readable } from "node:stream";
import { type Static, type TProperties, type TSchema, Type } from "typebox";

/** RFC 9457 problem details, as `src/platform/http.ts` writes them (`application/problem+json`). */
export const Problem = Type.Object(
  {
    type: Type.String({ description: "/problems/<code>" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.Optional(Type.String()) }))),
  },
  { title: "Problem", description: "RFC 9457 problem details (application/problem+json)" },
);

/** An object with the given fields that keeps any other property the service returns. */
export const Open = <P extends TProperties>(props: P, opts: { title?: string; description?: string } = {}) =>
  Type.Object(props, { additionalProperties: true, ...opts });

/** A list of `Open` objects. */
export const OpenList = <P extends TProperties>(props: P, opts: { title?: string; description?: string } = {}) => Type.Array(Open(props, opts));

/** `204 No Content`. */
export const NoContent = Type.Unsafe<undefined>({ type: "null", description: "No content" });

/** `{ status }` acknowledgements (`ok`, `sent-if-pending`, …). */
export const Ack = Type.Object({ status: Type.String() });

/** A file, CSV, PDF or other non-JSON body; streamed or sent as bytes, never serialized. */
export const Binary = (mediaType: string, description = "") =>
  Type.Unsafe<string | Uint8Array | Readable>({
    type: "string",
    format: "binary",
    description: [description, `(${mediaType})`].filter(Boolean).join(" "),
  });

/**
 * Nullable `T`. A primitive becomes a type list (`["string", "null"]`): the serializer then writes a `Date` as ISO
 * text and `null` as null (a plain `string` would write null as ""); other schemas become `anyOf [T, null]`.
 */
export const Nullable = <T extends TSchema>(t: T) => {
  const type = (t as { type?: unknown }).type;
  if (typeof type === "string" && type !== "object" && type !== "array" && !("anyOf" in t))
    return Type.Unsafe<Static<T> | null>({ ...t, type: [type, "null"] });
  return Type.Unsafe<Static<T> | null>(Type.Union([t, Type.Null()]));
};

/** A timestamp: the service's `Date` (or ISO text) written as ISO 8601 by the serializer. */
export const Timestamp = (opts: { description?: string } = {}) => Type.Unsafe<string | Date>({ type: "string", format: "date-time", ...opts });

/**
 * The schema as documented and serialized, with the handler's return left unchecked by TypeScript: for services
 * whose rows are untyped (`Record<string, unknown>`). The serializer still writes exactly this schema.
 */
export const Loose = <T extends TSchema>(t: T) => Type.Unsafe<unknown>(t);

/** Any JSON the service returns, written as `JSON.stringify` would (no field dropped); a description says what. */
export const Json = (description: string) => Type.Unsafe<unknown>({ description });

/** `{ items: [...] }` lists of open objects. */
export const Items = (description: string) => Type.Object({ items: Type.Array(Open({})) }, { additionalProperties: true, description });
