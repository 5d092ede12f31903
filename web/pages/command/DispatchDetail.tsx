/** One incident on the dispatch desk: its calls, units dispatched and their status, timeline, closing. */
import { useMemo, useState } from "react";
import { post } from "../../api.ts";
import { ErrorSummary, OptionalLabel, Radios, SelectField, SubmitButton, TextAreaField, TextField, useForm } from "../../ui/form.tsx";
import { type DispatchRow, type DispatchStatus, hhmm, type IncidentDetail, type Meta, pick, type TimelineEvent, useCommandT } from "./i18n.ts";
import { DispatchActions, DispatchStatusTag, DispatchTimes, isActiveDispatch, moveDispatch, PriorityTag, StateTag, useFocusAfterStatus } from "./parts.tsx";

type DV = { responderId: string; dispatchNote: string; outcome: string; closeNote: string };

export function Detail({ inc, meta, onChanged }: { inc: IncidentDetail; meta: Meta | null; onChanged: (msg: string) => void }) {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const labels = useMemo(
    () => ({
      responderId: t("dispatch.responder"),
      dispatchNote: t("dispatch.dispatchNote"),
      outcome: t("dispatch.outcome"),
      closeNote: t("dispatch.closeNote"),
    }),
    [t],
  );
  const form = useForm<DV>({ responderId: "", dispatchNote: "", outcome: "", closeNote: "" }, { labels, fieldMap: { note: "closeNote" } });
  const { values, set, setValues, errors } = form;
  const [busy, setBusy] = useState<string | null>(null);
  const focusAfter = useFocusAfterStatus(inc);
  const closed = inc.state === "closed" || inc.state === "false_alarm";
  const typeMeta = meta?.types.find((x) => x.key === inc.type);
  const typeLabel = t(`types.${inc.type}`, { defaultValue: inc.type });
  const responders = meta?.responders ?? [];
  const agencies = [...new Set(responders.map((r) => r.agency))].sort((a, b) => {
    const ra = typeMeta?.agencies.includes(a) ? 0 : 1;
    const rb = typeMeta?.agencies.includes(b) ? 0 : 1;
    return ra - rb || a.localeCompare(b);
  });
  const onThis = new Set(inc.dispatches.filter(isActiveDispatch).map((d) => d.responderId));

  const assign = form.submit(
    (v): Record<string, string> => (v.responderId ? {} : { responderId: t("dispatch.err.responder") }),
    async (v) => {
      const r = responders.find((x) => x.id === v.responderId);
      await post(`/api/emergency/incidents/${encodeURIComponent(inc.id)}/dispatches`, { responderId: v.responderId, note: v.dispatchNote.trim() || undefined });
      setValues((old) => ({ ...old, responderId: "", dispatchNote: "" }));
      onChanged(t("dispatch.assigned", { name: r?.name ?? "" }));
    },
  );

  const close = form.submit(
    (v) => {
      const e: Record<string, string> = {};
      if (!v.outcome) e.outcome = t("dispatch.err.outcome");
      if (!v.closeNote.trim()) e.closeNote = t("dispatch.err.note");
      return e;
    },
    async (v) => {
      await post(`/api/emergency/incidents/${encodeURIComponent(inc.id)}/close`, { outcome: v.outcome, note: v.closeNote.trim() });
      onChanged(t("dispatch.closed", { number: inc.number }));
    },
  );

  const setStatus = async (d: DispatchRow, status: DispatchStatus) => {
    if (busy) return;
    setBusy(d.id);
    form.clear();
    try {
      const said = await moveDispatch(d, status, t);
      focusAfter.current = d.id;
      onChanged(said);
    } catch (err) {
      form.showProblem(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <article className="dispatch-detail">
      <h2 id="detail-title" tabIndex={-1}>
        {t("dispatch.detailTitle", { number: inc.number })}
      </h2>
      <p className="tags-line">
        <PriorityTag priority={inc.priority} /> <span className="tag tag--kind">{typeLabel}</span> <StateTag state={inc.state} />
      </p>
      <ErrorSummary summary={form.summary} />
      <dl className="cmd-dl">
        <dt>{t("dispatch.address")}</dt>
        <dd>
          {[inc.address, inc.kecamatanName].filter(Boolean).join(", ") || "—"}{" "}
          <span className="muted">
            ({inc.lat.toFixed(5)}, {inc.lon.toFixed(5)})
          </span>
        </dd>
        <dt>{t("dispatch.caller")}</dt>
        <dd>{[inc.callerName, inc.callerPhone].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>{t("taker.col.received")}</dt>
        <dd>{hhmm(inc.receivedAt, lang, true)}</dd>
        {inc.notes && (
          <>
            <dt>{t("dispatch.notes")}</dt>
            <dd className="break">{inc.notes}</dd>
          </>
        )}
      </dl>

      <h3>{t("dispatch.dispatchesTitle")}</h3>
      {inc.dispatches.length === 0 ? (
        <p>{t("dispatch.noDispatches")}</p>
      ) : (
        <ul className="dispatch-units">
          {inc.dispatches.map((d) => (
            <li key={d.id} className={`dispatch-unit${isActiveDispatch(d) ? "" : " dispatch-unit--done"}`} data-dispatch-id={d.id} tabIndex={-1}>
              <p className="dispatch-unit__name">
                <strong>{d.responderName}</strong> <span className="muted">{t(`agencies.${d.agency}`, { defaultValue: d.agency })}</span>{" "}
                <DispatchStatusTag status={d.status} />
              </p>
              <DispatchTimes d={d} />
              <DispatchActions d={d} busy={busy === d.id} onSet={setStatus} />
            </li>
          ))}
        </ul>
      )}

      {!closed && (
        <form onSubmit={assign} noValidate className="card dispatch-form">
          <h3 className="card__title">{t("dispatch.assignTitle")}</h3>
          {typeMeta && typeMeta.agencies.length > 0 && (
            <p className="muted">
              {t("dispatch.recommended", { type: typeLabel, agencies: typeMeta.agencies.map((a) => t(`agencies.${a}`, { defaultValue: a })).join(", ") })}
            </p>
          )}
          <SelectField
            id="responderId"
            label={t("dispatch.responder")}
            hint={t("dispatch.responderHint")}
            errorPrefix={false}
            blank={t("dispatch.choose")}
            {...form.bind("responderId")}
          >
            {agencies.map((a) => (
              <optgroup key={a} label={t(`agencies.${a}`, { defaultValue: a })}>
                {responders
                  .filter((r) => r.agency === a)
                  .map((r) => (
                    <option key={r.id} value={r.id} disabled={onThis.has(r.id) || !r.active}>
                      {r.name}
                      {r.busy ? ` (${t("dispatch.busy")})` : ""}
                      {!r.active ? ` (${t("dispatch.inactive")})` : ""}
                    </option>
                  ))}
              </optgroup>
            ))}
          </SelectField>
          <TextField id="dispatchNote" label={<OptionalLabel label={t("dispatch.dispatchNote")} />} {...form.bind("dispatchNote")} autoComplete="off" />
          <SubmitButton busy={form.submitting}>{t("dispatch.assign")}</SubmitButton>
        </form>
      )}

      {!closed && (
        <form onSubmit={close} noValidate className="card dispatch-form">
          <h3 className="card__title">{t("dispatch.closeTitle")}</h3>
          {inc.dispatches.some(isActiveDispatch) && <p className="muted">{t("dispatch.closeBlocked")}</p>}
          <Radios
            name="outcome"
            legend={t("dispatch.outcome")}
            error={errors.outcome}
            errorPrefix={false}
            inline
            value={values.outcome}
            onChange={(o) => setValues((v) => ({ ...v, outcome: o }))}
            options={["handled", "false_alarm"].map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
          />
          <TextAreaField
            id="closeNote"
            label={t("dispatch.closeNote")}
            hint={t("dispatch.closeNoteHint")}
            error={errors.closeNote}
            errorPrefix={false}
            name="closeNote"
            rows={2}
            value={values.closeNote}
            onChange={set("closeNote")}
          />
          <SubmitButton busy={form.submitting} className="button--warning">
            {t("dispatch.close")}
          </SubmitButton>
        </form>
      )}

      <h3>{t("dispatch.callsTitle", { n: inc.calls.length })}</h3>
      {inc.calls.length === 0 ? (
        <p>{t("dispatch.noCalls")}</p>
      ) : (
        <ol className="cmd-list">
          {inc.calls.map((c) => (
            <li key={c.id}>
              <span className="cmd-nowrap">{hhmm(c.receivedAt ?? c.at ?? c.createdAt, lang)}</span> ·{" "}
              {[c.callerName, c.callerPhone].filter(Boolean).join(" · ") || "—"}
              {c.notes ? <span className="cmd-sub break">{c.notes}</span> : null}
            </li>
          ))}
        </ol>
      )}

      <h3>{t("dispatch.timelineTitle")}</h3>
      <ol className="cmd-list cmd-timeline">
        {inc.timeline.map((ev, i) => (
          <li key={ev.id ?? `${ev.at}-${i}`}>
            <span className="cmd-nowrap">{hhmm(ev.at, lang, true)}</span> · {eventText(ev, lang, t)}
            {ev.actorName ? <span className="muted"> · {ev.actorName}</span> : null}
            {(ev.comment ?? ev.note) ? <span className="cmd-sub break">{ev.comment ?? ev.note}</span> : null}
          </li>
        ))}
      </ol>
    </article>
  );
}

function eventText(ev: TimelineEvent, lang: string, t: (k: string, o?: Record<string, unknown>) => string) {
  if (ev.summary) return pick(ev.summary, lang);
  if (ev.toLabel) return pick(ev.toLabel, lang);
  if (ev.to) return t(`states.${ev.to}`, { defaultValue: ev.to });
  return ev.action ?? ev.kind ?? "";
}
