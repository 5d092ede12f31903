/**
 * The live stream (GET /api/live, Server-Sent Events). EventSource reconnects by itself and sends Last-Event-ID,
 * so the server replays what was missed. When the server answers with an error (EventSource then gives up for good),
 * we open a new one after a pause, passing ?lastEventId= ourselves.
 */
import { useEffect, useRef, useState } from "react";
import type { LiveEvent } from "./i18n.ts";

export const LIVE_TOPICS = [
  "incident.created",
  "incident.updated",
  "dispatch.updated",
  "case.submitted",
  "case.transitioned",
  "case.escalated",
  "cctv.status",
  "ingest.event",
  "ingest.alert",
  "prices.alert",
];

interface Options {
  /** Topic prefixes for ?topics= (all when omitted). */
  topics?: string[];
  /** Start after this event id (e.g. the newest one an overview already showed). */
  after?: number | null;
  /** Wait with connecting until true (e.g. until the first data is loaded). */
  enabled?: boolean;
}

export function useLive(onEvent: (e: LiveEvent) => void, { topics, after, enabled = true }: Options = {}) {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const lastId = useRef<number | null>(after ?? null);
  const topicKey = topics?.join(",") ?? "";

  // biome-ignore lint/correctness/useExhaustiveDependencies: connects once per topic set; `after` only seeds the first connect
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    if (after != null && (lastId.current == null || after > lastId.current)) lastId.current = after;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let closed = false;

    const receive = (m: MessageEvent) => {
      let data: LiveEvent;
      try {
        data = JSON.parse(m.data) as LiveEvent;
      } catch {
        return;
      }
      const id = Number(m.lastEventId || data.id);
      // Consumers de-duplicate by id (a replay after a reconnect may repeat an event).
      if (Number.isFinite(id) && (lastId.current == null || id > lastId.current)) lastId.current = id;
      if (!data.topic) data.topic = m.type;
      handler.current(data);
    };

    const open = () => {
      if (closed) return;
      const q = new URLSearchParams();
      if (topicKey) q.set("topics", topicKey);
      if (lastId.current != null) q.set("lastEventId", String(lastId.current));
      const qs = q.toString();
      es = new EventSource(`/api/live${qs ? `?${qs}` : ""}`);
      es.onopen = () => setConnected(true);
      es.onerror = () => {
        setConnected(false);
        if (es && es.readyState === EventSource.CLOSED) {
          es = null;
          retry = setTimeout(open, 5000);
        }
      };
      es.onmessage = receive;
      for (const t of LIVE_TOPICS) es.addEventListener(t, receive as EventListener);
    };
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      es?.close();
      setConnected(false);
    };
  }, [enabled, topicKey]);

  return connected;
}

/** Calls fn at most once per `ms` (trailing call guaranteed). */
export function throttle(fn: () => void, ms: number) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const call = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}
