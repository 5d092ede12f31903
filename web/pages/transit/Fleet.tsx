/** /konsol/bus — the Trans Musi fleet for staff: vehicles, last report, "tidak melapor" flag; GTFS feed import (Dishub). */
import { useEffect, useRef, useState } from "react";
import { postBinary, ProblemError } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { clock, useTransitT } from "./shared.tsx";
import { Field } from "../../ui/form.tsx";

interface FleetVehicle {
  id: string;
  label: string;
  routeId: string | null;
  tripId: string | null;
  lastSeenAt: string;
  ageSeconds: number;
  stale: boolean;
}
interface FeedInfo {
  version: number;
  importedAt: string;
  summary: { routes: number; stops: number; trips: number };
}

function age(s: number, lang: string) {
  const en = lang === "en";
  if (s < 90) return en ? `${s} s` : `${s} detik`;
  if (s < 5400) return en ? `${Math.round(s / 60)} min` : `${Math.round(s / 60)} menit`;
  if (s < 2 * 86400) return en ? `${Math.round(s / 3600)} h` : `${Math.round(s / 3600)} jam`;
  return en ? `${Math.round(s / 86400)} days` : `${Math.round(s / 86400)} hari`;
}

export default function Fleet() {
  const { t, i18n } = useTransitT();
  const { session } = useSession();
  const { data, error, reload } = useData<{ staleAfterSeconds: number; vehicles: FleetVehicle[] }>("/api/transit/fleet");
  const feed = useData<{ feed: FeedInfo | null }>("/api/transit/feed");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const errorsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = setInterval(reload, 10_000);
    return () => clearInterval(timer);
  }, [reload]);

  const upload = async (e: React.FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setProblem(null);
    setDone(null);
    if (!file) {
      setFileError(t("fleet.chooseFile"));
      fileRef.current?.focus();
      return;
    }
    setFileError(null);
    setBusy(true);
    try {
      const r = await postBinary<{ version: number; routes: number; stops: number; trips: number }>("/api/transit/feed", file, "application/zip");
      setDone(t("fleet.imported", r));
      feed.reload();
    } catch (err) {
      setProblem(err instanceof ProblemError ? err : new ProblemError({ status: 0, title: String(err) }));
      setTimeout(() => errorsRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <p>{error.message}</p>;
  if (!data) return <Loading />;
  const stale = data.vehicles.filter((v) => v.stale).length;
  const lang = i18n.language;
  return (
    <>
      <PageTitle>{t("fleet.title")}</PageTitle>
      <p>{t("fleet.intro", { n: data.staleAfterSeconds })}</p>
      <p>
        <strong>{t("fleet.summary", { total: data.vehicles.length, stale })}</strong>
      </p>
      <DataTable
        caption={t("fleet.title")}
        className="table table--dense fleet-table"
        empty={t("fleet.none")}
        rows={[...data.vehicles].sort((a, b) => Number(b.stale) - Number(a.stale) || a.label.localeCompare(b.label))}
        rowKey={(v) => v.id}
        columns={[
          {
            key: "vehicle",
            header: (
              <>
                {t("fleet.colVehicle")} · {t("fleet.colStatus")}
              </>
            ),
            rowHeader: true,
            cell: (v) => (
              <>
                {v.label}
                <br />
                <StatusTag tone={v.stale ? "red" : "green"}>{v.stale ? t("fleet.notReporting") : t("fleet.reporting")}</StatusTag>
              </>
            ),
          },
          {
            key: "route",
            header: t("fleet.colRoute"),
            cell: (v) => (
              <>
                {v.routeId ?? "—"}
                {v.tripId && <span className="muted"> · {v.tripId}</span>}
              </>
            ),
          },
          {
            key: "lastSeen",
            header: t("fleet.colLastSeen"),
            cell: (v) => (
              <>
                {clock(v.lastSeenAt, lang)} ({t("fleet.ago", { age: age(v.ageSeconds, lang) })})
              </>
            ),
          },
        ]}
      />

      <h2>{t("fleet.feedTitle")}</h2>
      {feed.data &&
        (feed.data.feed ? (
          <p>
            {t("fleet.feedInfo", {
              version: feed.data.feed.version,
              time: formatDateTime(feed.data.feed.importedAt),
              routes: feed.data.feed.summary.routes,
              stops: feed.data.feed.summary.stops,
              trips: feed.data.feed.summary.trips,
            })}
          </p>
        ) : (
          <p>{t("fleet.feedNone")}</p>
        ))}
      {done && <Notice>{done}</Notice>}
      {problem && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={errorsRef}>
          <h2 className="error-summary__title">{problem.title}</h2>
          {problem.errors.length > 0 && <p>{t("fleet.errorsTitle")}</p>}
          <ul className="error-summary__list">
            {problem.errors.map((f) => (
              <li key={`${f.field}-${f.message}`}>
                <code>{f.field}</code> {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {hasPermission(session, "transit.manage") && (
        <form onSubmit={upload} noValidate>
          <Field id="f-feed" label={t("fleet.importLabel")} hint={t("fleet.importHint")} error={fileError} errorPrefix={false}>
            <input
              ref={fileRef}
              id="f-feed"
              type="file"
              accept=".zip,application/zip"
              aria-describedby={`f-feed-hint${fileError ? " f-feed-error" : ""}`}
              aria-invalid={fileError ? true : undefined}
            />
          </Field>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("fleet.importing") : t("fleet.importButton")}
          </button>
        </form>
      )}
      <p className="muted">{t("fleet.avlHint")}</p>
    </>
  );
}
