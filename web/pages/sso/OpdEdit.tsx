/** /konsol/opd/:code — the OPD's head or staff propose its public page; Kominfo approves and publishes it. */
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { post, ProblemError, put } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { ErrorSummary, SubmitButton, TextAreaField, TextField, useForm } from "../../ui/form.tsx";
import { BackLink, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type OpdEditView, useSsoT } from "./shared.tsx";

const FIELDS = ["about", "address", "phone", "email", "website", "hoursDays", "hoursTime", "lat", "lon"] as const;
type Values = Record<(typeof FIELDS)[number], string>;

export default function OpdEdit({ code }: { code: string }) {
  const { t } = useSsoT();
  const { session } = useSession();
  const { data, error, reload } = useData<OpdEditView>(`/api/admin/opd/${encodeURIComponent(code)}/page`);
  const [notice, setNotice] = useState("");
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`f.${f}`)]));
  const form = useForm<Values>(Object.fromEntries(FIELDS.map((f) => [f, ""])) as Values, { labels });
  const shown = data?.draft ?? data?.published;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the form once the page arrives
  useEffect(() => {
    if (!shown) return;
    form.setValues({
      about: shown.about,
      address: shown.address,
      phone: shown.phone,
      email: shown.email,
      website: shown.website,
      hoursDays: shown.hours[0]?.days ?? "",
      hoursTime: shown.hours[0]?.time ?? "",
      lat: shown.location ? String(shown.location.lat) : "",
      lon: shown.location ? String(shown.location.lon) : "",
    });
  }, [data]);

  const submit = form.submit(
    (v) => {
      const e: Record<string, string> = {};
      if (v.lat && !(Math.abs(Number(v.lat)) <= 90)) e.lat = t("f.lat");
      if (v.lon && !(Math.abs(Number(v.lon)) <= 180)) e.lon = t("f.lon");
      return e;
    },
    async (v) => {
      await put(`/api/admin/opd/${encodeURIComponent(code)}/page`, {
        about: v.about.trim(),
        address: v.address.trim(),
        phone: v.phone.trim(),
        email: v.email.trim(),
        website: v.website.trim(),
        hours: v.hoursDays.trim() && v.hoursTime.trim() ? [{ days: v.hoursDays.trim(), time: v.hoursTime.trim() }] : [],
        location: v.lat && v.lon ? { lat: Number(v.lat), lon: Number(v.lon) } : null,
      });
      setNotice(t("editProposed"));
      reload();
    },
  );

  const approve = async () => {
    try {
      await post(`/api/admin/opd/${encodeURIComponent(code)}/page/approve`);
      setNotice(t("editApproved"));
      reload();
    } catch (err) {
      setNotice(err instanceof ProblemError ? err.title : String(err));
    }
  };

  if (error) return <Notice kind="warning">{error.title}</Notice>;
  if (!data) return <Loading />;
  return (
    <>
      <BackLink href="/konsol">Konsol</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("editTitle", { name: data.name })}</PageTitle>
      <p>{t("editLead", { code: data.code })}</p>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      {data.draftAt && <Notice kind="info">{t("editPending", { date: formatDateTime(data.draftAt) })}</Notice>}
      {data.draftAt && hasPermission(session, "registry.manage") && (
        <p>
          <button type="button" className="button" onClick={() => void approve()}>
            {t("editApprove")}
          </button>
        </p>
      )}
      <p>
        <Link href={`/opd/${data.code}`}>{t("editLive")}</Link>
      </p>
      <form onSubmit={submit} noValidate>
        <TextAreaField id="about" label={t("f.about")} inputClassName="input" rows={4} maxLength={3000} {...form.bind("about")} />
        {(["address", "phone", "email", "website", "hoursDays", "hoursTime", "lat", "lon"] as const).map((f) => (
          <TextField key={f} id={f} label={t(`f.${f}`)} {...form.bind(f)} />
        ))}
        <SubmitButton busy={form.submitting}>{t("editPropose")}</SubmitButton>
      </form>
    </>
  );
}
