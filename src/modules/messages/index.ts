/** The messages module's public face: Kominfo's delivery view of the notification outbox. */
export { listMessages, MESSAGE_STATUSES, type MessageStatus, type MessageView } from "./service.ts";
