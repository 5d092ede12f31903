/**
 * Route schemas compiled on first use, not at start-up (docs/deploy.md, Memory). Fastify compiles every route's
 * request validators (Ajv) and response serializers (fast-json-stringify) while it starts: ~300 routes, each GET twice
 * (its HEAD twin), and the `4xx` Problem serializer once per route. Those generated functions, their source text and
 * their code were ~20 MB of an idle server's heap, though a process serves a handful of routes in its first hours.
 *
 * These are Fastify's own compilers (the very `@fastify/ajv-compiler` and `@fastify/fast-json-stringify-compiler`
 * Fastify would load, with the server's Ajv options and plugins), wrapped: a route's validator or serializer is built
 * the first time a request needs it, and a serializer is built once per schema object (the shared `Problem` of every
 * route's `4xx`, a GET and its HEAD). `compileAll()` builds every one still pending: the platform test uses it to keep
 * a schema that cannot compile a failing test rather than a 500 on the route's first request.
 */
import { createRequire } from "node:module";

/** An Ajv validate function as Fastify calls it: with its parent when `schemaEnv` is set, errors read after a false. */
type Validator = ((data: unknown, dataCxt?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serializer = (data: unknown) => string;
interface RouteSchema {
  schema: object;
  [key: string]: unknown;
}
type ValidatorBuilder = (externalSchemas: unknown, ajvOptions: unknown) => (route: RouteSchema) => Validator;
type SerializerBuilder = (externalSchemas: unknown, serializerOptions: unknown) => (route: RouteSchema) => Serializer;

// Resolved from Fastify's own location: the same module instances Fastify loads when no compiler is given.
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve("fastify"));
const ajvCompiler = fastifyRequire("@fastify/ajv-compiler") as () => ValidatorBuilder;
const serializerSelector = fastifyRequire("@fastify/fast-json-stringify-compiler") as () => SerializerBuilder;

export interface LazySchemaCompilers {
  /** Fastify's `schemaController.compilersFactory`. */
  compilersFactory: { buildValidator: ValidatorBuilder; buildSerializer: SerializerBuilder };
  /** Builds every validator and serializer not built yet (tests: each route's schemas compile); returns how many. */
  compileAll(): number;
}

export function lazySchemaCompilers(): LazySchemaCompilers {
  const buildDefaultValidator = ajvCompiler();
  const buildDefaultSerializer = serializerSelector();
  const pending = new Set<() => unknown>();

  function buildValidator(externalSchemas: unknown, ajvOptions: unknown) {
    const compile = buildDefaultValidator(externalSchemas, ajvOptions);
    return (route: RouteSchema): Validator => {
      let built: Validator | undefined;
      const build = () => {
        built ??= compile(route);
        pending.delete(build);
        return built;
      };
      pending.add(build);
      const validate: Validator = (data, dataCxt) => {
        const fn = built ?? build();
        const valid = fn(data, dataCxt);
        validate.errors = fn.errors;
        return valid;
      };
      // Fastify passes the parent object (so Ajv may coerce a root value, e.g. a query) only to an Ajv function.
      validate.schemaEnv = true;
      return validate;
    };
  }

  function buildSerializer(externalSchemas: unknown, serializerOptions: unknown) {
    const compile = buildDefaultSerializer(externalSchemas, serializerOptions);
    // One serializer per schema object: a GET and its HEAD, and every route's `4xx` (the one `Problem`), share it.
    const bySchema = new WeakMap<object, Serializer>();
    return (route: RouteSchema): Serializer => {
      let built: Serializer | undefined;
      const build = () => {
        if (!built) {
          built = bySchema.get(route.schema) ?? compile(route);
          bySchema.set(route.schema, built);
        }
        pending.delete(build);
        return built;
      };
      pending.add(build);
      return (data) => (built ?? build())(data);
    };
  }

  return {
    compilersFactory: { buildValidator, buildSerializer },
    compileAll() {
      const all = [...pending];
      for (const build of all) build();
      return all.length;
    },
  };
}
