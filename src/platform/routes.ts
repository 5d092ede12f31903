/**
 * Route shapes several modules repeat, registered in one place: the handler keeps one service call, the schema its
 * request and response parts.
 */
import type { FastifyReply } from "fastify";
import type { Static, TSchema } from "typebox";
import type { Permission } from "./auth/roles.ts";
import type { Db } from "./db.ts";
import { type App, authorize } from "./http.ts";

/**
 * `GET path`: a tenant-wide read for holders of `permission`, answered by `read(db, tenantId)` as `response` (the
 * admin lists: API keys, OIDC clients, registry apps and social accounts, org units, the audit chain check).
 */
export function tenantRead<R extends TSchema>(
  app: App,
  db: Db,
  path: string,
  opts: { tags: string[]; permission: Permission; response: R },
  read: (db: Db, tenantId: string) => Promise<Static<R>>,
) {
  app.get(path, { schema: { tags: opts.tags, response: { 200: opts.response as TSchema } } }, async (req) => {
    authorize(req, opts.permission);
    return read(db, req.tenant.id);
  });
}

/** Waits for the service call, then answers `204 No Content`. */
export async function noContent(reply: FastifyReply, work: Promise<unknown>) {
  await work;
  return reply.status(204).send();
}
