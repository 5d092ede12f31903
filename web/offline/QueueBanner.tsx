/**
 * The offline queue on every page of a signed-in user: "Menunggu sinyal — akan dikirim otomatis", the list of what
 * waits (each can be cancelled, after a confirmation), and what was sent from it. Runs the queue when the phone is
 * back online, when the app starts, and every 30 s while something waits.
 */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useSession } from "../session.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { cancelQueued, flushQueue, isOffline, listQueue, onQueueChange, type Queued, type SentItem, sentFromQueue } from "./queue.ts";

export function QueueBanner() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const user = session?.user;
  const owner = user && !session.mfaPending ? { tenant: session.tenant.id, user: user.id } : null;
  const ownerKey = owner ? `${owner.tenant}|${owner.user}` : "";
  const [items, setItems] = useState<Queued[]>([]);
  const [sent, setSent] = useState<SentItem[]>([]);
  const [offline, setOffline] = useState(isOffline());
  const [cancelling, setCancelling] = useState<Queued | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: ownerKey stands for owner
  const refresh = useCallback(async () => {
    setItems(owner ? await listQueue(owner) : []);
    setSent([...sentFromQueue]);
  }, [ownerKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: ownerKey stands for owner
  useEffect(() => {
    if (!owner) return;
    const flush = () => {
      setOffline(isOffline());
      if (!isOffline()) void flushQueue(owner);
    };
    const wentOffline = () => setOffline(true);
    const off = onQueueChange(() => void refresh());
    void refresh();
    flush();
    window.addEventListener("online", flush);
    window.addEventListener("offline", wentOffline);
    const timer = window.setInterval(flush, 30_000);
    return () => {
      off();
      window.removeEventListener("online", flush);
      window.removeEventListener("offline", wentOffline);
      window.clearInterval(timer);
    };
  }, [ownerKey, refresh]);

  if (!owner || (!items.length && !sent.length)) return null;
  const loc = (l: { id: string; en: string }) => (i18n.language === "en" ? l.en : l.id);
  const waiting = items.filter((q) => q.status === "waiting");
  const failed = items.filter((q) => q.status === "failed");

  return (
    <section className="queue" aria-labelledby="queue-title">
      {items.length > 0 && (
        <div className="notice notice--info" role="status">
          <p className="notice__title" id="queue-title">
            {waiting.length
              ? t(waiting.length === 1 ? "queue.waitingOne" : "queue.waitingMany", { count: waiting.length })
              : t(failed.length === 1 ? "queue.failedOne" : "queue.failedMany", { count: failed.length })}
          </p>
          {waiting.length > 0 && <p>{offline ? t("queue.offline") : t("queue.trying")}</p>}
          <details className="queue__details">
            <summary>{t("queue.show")}</summary>
            <ul className="queue__list">
              {items.map((q) => (
                <li key={q.id} className="queue__item">
                  <span>
                    <strong>{t(q.kind === "lapor" ? "queue.report" : q.kind === "file" ? "queue.file" : "queue.application")}</strong>: {loc(q.label)}
                    <br />
                    <span className="muted">
                      {q.status === "failed"
                        ? t("queue.failed", { reason: q.error ?? "" })
                        : t("queue.queuedAt", { time: new Date(q.createdAt).toLocaleString(i18n.language) })}
                    </span>
                  </span>
                  <button type="button" className="button button--secondary button--small" onClick={() => setCancelling(q)}>
                    {t("queue.cancel")}
                  </button>
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
      {sent.map((s) => (
        <div key={s.id} className="notice notice--success" role="status">
          <p>
            {t(s.kind === "lapor" ? "queue.sentReport" : s.kind === "file" ? "queue.sentFile" : "queue.sentApplication", {
              label: loc(s.label),
              number: s.number,
            })}{" "}
            <Link href={s.link}>{t("queue.open")}</Link>
          </p>
        </div>
      ))}
      {cancelling && (
        <Dialog labelledBy="queue-cancel-title" onClose={() => setCancelling(null)}>
          {(close) => (
            <>
              <h2 id="queue-cancel-title" className="h">
                {t("queue.cancelTitle")}
              </h2>
              <p>{t("queue.cancelBody", { label: loc(cancelling.label) })}</p>
              <div className="button-group">
                <button
                  type="button"
                  className="button button--warning"
                  onClick={async () => {
                    await cancelQueued(cancelling.id);
                    close();
                  }}
                >
                  {t("queue.cancelConfirm")}
                </button>
                <button type="button" className="button button--secondary" onClick={close}>
                  {t("queue.keep")}
                </button>
              </div>
            </>
          )}
        </Dialog>
      )}
    </section>
  );
}
