/** Step 4 of /lapor: open reports nearby of the same category (support one instead), the summary, and send. */
import { Link } from "wouter";
import { ErrorSummary, SubmitButton } from "../../../ui/form.tsx";
import { Loading, PageTitle } from "../../../ui/misc.tsx";
import { formatDistance, StateTag } from "../shared.tsx";
import { BackLink, extraLabel, Row } from "./parts.tsx";
import type { ReportFlowState } from "./useReportFlow.ts";
import { Section } from "../../../ui/Section.tsx";

export function StepCheck({ flow }: { flow: ReportFlowState }) {
  const {
    L,
    anonymous,
    cat,
    category,
    confidential,
    description,
    extra,
    fields,
    i18n,
    nearby,
    photos,
    pin,
    placeText,
    send,
    sending,
    stepCaption,
    summary,
    support,
    supported,
    t,
    title,
  } = flow;
  const open = nearby ?? [];
  return (
    <>
      <BackLink to="uraian" />
      <ErrorSummary summary={summary} />
      <PageTitle caption={stepCaption}>{t("flow.checkTitle")}</PageTitle>
      {nearby === null ? (
        <Loading />
      ) : open.length > 0 ? (
        <Section className="nearby" titleId="nearby-title" title={t("flow.nearbyTitle", { count: open.length })} titleClassName="nearby__title">
          <p>{t("flow.nearbyLead")}</p>
          <ul className="nearby__list">
            {open.map((r) => (
              <li key={r.id} className="nearby__item">
                <p className="nearby__meta">
                  <span className="mono">{r.number}</span> · <StateTag state={r.state} /> ·{" "}
                  {t("flow.distance", { distance: formatDistance(r.distanceMeters, i18n.language) })}
                </p>
                <p className="pre-wrap nearby__excerpt">{r.excerpt}</p>
                <p className="nearby__actions">
                  {supported[r.id] !== undefined ? (
                    <span className="notice notice--success nearby__done" role="status">
                      {supported[r.id].added ? t("flow.supported", { count: supported[r.id].count }) : t("flow.supportedAlready")}
                    </span>
                  ) : (
                    <button type="button" className="button button--secondary button--small" onClick={() => support(r)}>
                      {t("flow.supportButton")}
                      <span className="visually-hidden"> ({r.number})</span>
                    </button>
                  )}{" "}
                  <span className="muted">{t("flow.supportCount", { count: supported[r.id]?.count ?? r.supportCount })}</span> ·{" "}
                  <Link href={`/laporan/${encodeURIComponent(r.number)}`}>{t("flow.nearbyOpen")}</Link>
                </p>
              </li>
            ))}
          </ul>
          {Object.keys(supported).length > 0 && (
            <p>
              {t("flow.supportedEnough")} <Link href="/laporan-saya">{t("flow.toMine")}</Link>
            </p>
          )}
        </Section>
      ) : (
        <p className="muted">{t("flow.nearbyNone")}</p>
      )}

      <h2>{t("flow.yourReport")}</h2>
      <dl className="summary-list">
        <Row label={t("flow.categoryLegend")} value={cat ? L(cat.name) : category} href="/lapor" />
        <Row
          label={t("flow.pinLabel")}
          value={`${placeText || t("flow.placeUnknown")} (${pin?.lat.toFixed(5)}, ${pin?.lon.toFixed(5)})`}
          href="/lapor?langkah=lokasi"
        />
        {title.trim() && <Row label={t("flow.titleLabel")} value={title.trim()} href="/lapor?langkah=uraian" />}
        <Row label={t("flow.description")} value={description.trim()} href="/lapor?langkah=uraian" pre />
        {fields
          .filter((f) => extra[f.name]?.trim())
          .map((f) => (
            <Row key={f.name} label={L(f.label)} value={extraLabel(f, extra[f.name], L)} href="/lapor?langkah=uraian" />
          ))}
        <Row label={t("flow.photos")} value={photos.length ? t("flow.photosCount", { count: photos.length }) : t("flow.none")} href="/lapor?langkah=uraian" />
        <Row
          label={t("flow.privacyLegend")}
          value={
            [anonymous && cat?.anonymousAllowed ? t("flow.anonymous") : "", confidential ? t("flow.confidential") : ""].filter(Boolean).join(", ") ||
            t("flow.public")
          }
          href="/lapor?langkah=uraian"
        />
      </dl>
      <form onSubmit={send} noValidate>
        <p>{confidential ? t("flow.declarationConfidential") : t("flow.declaration")}</p>
        <SubmitButton busy={sending}>{t("flow.send")}</SubmitButton>
      </form>
    </>
  );
}
