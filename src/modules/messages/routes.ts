import { Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { listMessages } from "./service.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union([Type.Literal("queued"), Type.Literal("sent"), Type.Literal("recorded"), Type.Literal("failed")]);
const Message = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  template: Type.String(),
  recipient: Type.String({ description: "masked" }),
  status: Status,
  provider: Nullable(Type.String()),
  providerMessageId: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String()),
  lastAttemptAt: Nullable(Type.String()),
});

/** Kominfo admins watch message delivery (docs/messaging.md): recent messages with status, provider id, error, attempts. */
export default async function messageRoutes(app: App, deps: Deps) {
  app.get(
    "/api/admin/messages",
    {
      schema: {
        tags: ["admin"],
        summary: "Recent SMS, WhatsApp and e-mail messages of this tenant with their delivery status (recipients masked)",
        querystring: Type.Object(
          {
            status: Type.Optional(Status),
            channel: Type.Optional(Type.Union([Type.Literal("email"), Type.Literal("sms"), Type.Literal("whatsapp")])),
            before: Type.Optional(Type.String({ format: "date-time" })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Message),
            counts: Type.Object({ queued: Type.Integer(), sent: Type.Integer(), recorded: Type.Integer(), failed: Type.Integer() }),
          }),
        },
      },
    },
    async (req) => {
      authorize(req, "outbox.read");
      return listMessages(deps.db, req.tenant.id, req.query);
    },
  );
}
