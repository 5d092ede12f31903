/**
 * What the API answers, typed from its contract (the generated `web/api-types.ts`, built from `/api/docs/json`): a
 * request's URL — a literal or a template such as `/api/cases/${id}/submit?x=1` — is matched to the contract's path
 * (`/api/cases/{id}/submit`), and its method to the operation, whose success (2xx) response types `body` and whose
 * error response (`4XX`, the RFC 9457 problem document) types `problem`. A URL the contract does not describe (or a
 * URL only known as `string`) answers `unknown`: the test narrows it, or names the type it expects
 * (`c.request<Shape>(…)`).
 */
import type { paths, schemas } from "../web/api-types.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A server answer: status, JSON body (text when the answer is not JSON) and headers. */
export interface Reply<T = unknown, P = Problem> {
  status: number;
  /** The body, typed as the contract's success response. */
  body: T;
  /** The same body, typed as the contract's error response: read it when the status says the request failed. */
  problem: P;
  headers: Record<string, unknown>;
}

export type Problem = schemas["Problem"];

type Path = keyof paths & string;
type Segments<S extends string> = S extends `${infer A}/${infer B}` ? [A, ...Segments<B>] : [S];
/** Segment by segment: a `{param}` of the contract matches any segment; a literal matches only itself. */
type SameShape<K extends string[], U extends string[]> = K extends [infer K1 extends string, ...infer KR extends string[]]
  ? U extends [infer U1 extends string, ...infer UR extends string[]]
    ? (K1 extends `{${string}}` ? true : U1 extends K1 ? true : false) extends true
      ? SameShape<KR, UR>
      : false
    : false
  : U extends []
    ? true
    : false;
type WithoutQuery<U extends string> = U extends `${infer P}?${string}` ? P : U;

/** The contract path a URL requests: its exact key when there is one, otherwise the templates it fits. */
export type ContractPath<U extends string> =
  WithoutQuery<U> extends Path ? WithoutQuery<U> : { [K in Path]: SameShape<Segments<K>, Segments<WithoutQuery<U>>> extends true ? K : never }[Path];

type Operation<M extends Method, U extends string> = [ContractPath<U>] extends [never]
  ? undefined
  : paths[ContractPath<U>] extends infer O
    ? Lowercase<M> extends keyof O
      ? O[Lowercase<M>]
      : undefined
    : undefined;

type Responses<M extends Method, U extends string> = Operation<M, U> extends { responses: infer R } ? R : undefined;
/** Files, CSV and PDF (`Blob` in the contract) arrive in a test as the response text. */
type AsReceived<T> = T extends Blob ? string : T;
type Pick2xx<R> = { [S in keyof R]: S extends `2${string}` ? AsReceived<R[S]> : never }[keyof R];
type PickErrors<R> = { [S in keyof R]: S extends `4${string}` | `5${string}` ? R[S] : never }[keyof R];

/** The success body of `M U` in the contract (`unknown` for what the contract does not describe). */
export type SuccessBody<M extends Method, U extends string> = Responses<M, U> extends undefined ? unknown : Pick2xx<Responses<M, U>>;
/** The error body of `M U` in the contract (the problem document when the contract does not describe the route). */
export type ErrorBody<M extends Method, U extends string> = Responses<M, U> extends undefined ? Problem : PickErrors<Responses<M, U>>;

export type ContractReply<M extends Method, U extends string> = Reply<SuccessBody<M, U>, ErrorBody<M, U>>;
