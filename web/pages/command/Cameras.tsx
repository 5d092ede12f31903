/** /command/cameras — CCTV registry with health status (create/edit for cameras.manage), alert threshold rules (ingest.manage) and the OPD ingestion log. */
import "./command.css";
import { useMemo, useRef, useState } from "react";
import { del, patch, post } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { choices, ErrorSummary, FormActions, Labelled, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { formatDateTime, Loaded, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { CameraDialog } from "./CameraView.tsx";
import { type Camera, hhmm, pick, useCommandT, useCityTimeZone } from "./i18n.ts";
import IngestRules from "./IngestRules.tsx";

interface IngestItem {
  id: string | number;
  source?: string | null;
  kind: string;
  value?: number | null;
  unit?: string | null;
  message?: string | { id: string; en: string } | null;
  severity?: string | null;
  alert?: boolean;
  ruleId?: string | null;
  occurredAt?: string | null;
  receivedAt?: string | null;
  at?: string | null;
  createdAt?: string | null;
}

type CV = { code: string; name: string; lat: string; lon: string; streamKind: string; streamUrl: string; active: string };
const EMPTY: CV = { code: "", name: "", lat: "", lon: "", streamKind: "hls", streamUrl: "", active: "true" };

export default function Cameras() {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const { session } = useSession();
  useCityTimeZone(session?.tenant.timezone);
  const mayManage = hasPermission(session, "cameras.manage");
  const mayManageRules = hasPermission(session, "ingest.manage");
  const cams = useData<{ items: Camera[] }>("/api/command/cameras");
  const [alertsOnly, setAlertsOnly] = useState(false);
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const ingestUrl = `/api/command/ingest?limit=50${alertsOnly ? "&alerts=true" : ""}${query ? `&q=${encodeURIComponent(query)}` : ""}`;
  const ingest = useData<{ items: IngestItem[] }>(ingestUrl);
  const [editing, setEditing] = useState<Camera | "new" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [view, setView] = useState<Camera | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);

  const check = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      const r = await post<{ checked: number; online: number; offline: number }>("/api/command/cameras/check");
      setDone(t("cameras.checked", r));
      cams.reload();
    } catch (e) {
      setCheckError(e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  };

  const remove = async (c: Camera) => {
    if (!window.confirm(t("cameras.removeConfirm", { name: c.name }))) return;
    try {
      await del(`/api/command/cameras/${encodeURIComponent(c.id)}`);
      setDone(t("cameras.removed", { name: c.name }));
      cams.reload();
    } catch (e) {
      setCheckError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="cmd-page">
      <PageTitle caption="Lawang Jabo">{t("cameras.title")}</PageTitle>
      <p className="lead">{t("cameras.lead")}</p>
      {done && <Notice>{done}</Notice>}
      {checkError && (
        <p className="field__error" role="alert">
          {checkError}
        </p>
      )}

      <h2>{t("cameras.camerasTitle")}</h2>
      {mayManage && (
        <div className="button-group cmd-toolbar">
          <button type="button" className="button button--secondary" onClick={check} aria-disabled={checking || undefined}>
            {t("cameras.check")}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setEditing("new")}>
            {t("cameras.add")}
          </button>
        </div>
      )}
      {editing && (
        <CameraForm
          key={editing === "new" ? "new" : editing.id}
          camera={editing === "new" ? null : editing}
          onDone={(name) => {
            setEditing(null);
            setDone(t("cameras.saved", { name }));
            cams.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <Loaded state={cams}>
        {(data) => (
          <DataTable
            caption={t("cameras.camerasTitle")}
            wrap="div"
            empty={t("cameras.none")}
            rows={data.items}
            rowKey={(c) => c.id}
            rowDisabled={(c) => !c.active}
            columns={[
              {
                key: "camera",
                header: t("cameras.col.camera"),
                rowHeader: true,
                cell: (c) => (
                  <>
                    <button type="button" className="link-button" onClick={() => setView(c)}>
                      {c.name}
                    </button>
                    <span className="cmd-sub mono">
                      {c.code} · {t(`cameras.kinds.${c.streamKind}`, { defaultValue: c.streamKind })}
                    </span>
                  </>
                ),
              },
              {
                key: "status",
                header: t("cameras.col.status"),
                cell: (c) => (
                  <>
                    <StatusTag tone={c.status === "online" ? "green" : c.status === "offline" ? "red" : "grey"}>
                      {t(`wall.cameraStatus.${c.streamUrl ? c.status : "noUrl"}`, { defaultValue: c.status })}
                    </StatusTag>
                    {c.lastError && <span className="cmd-sub break">{c.lastError}</span>}
                  </>
                ),
              },
              { key: "checked", header: t("cameras.col.checked"), cell: (c) => (c.checkedAt ? formatDateTime(c.checkedAt) : "—") },
              { key: "latency", header: t("cameras.col.latency"), className: "num", cell: (c) => (c.latencyMs != null ? `${c.latencyMs} ms` : "—") },
              { key: "owner", header: t("cameras.col.owner"), cell: (c) => c.ownerName ?? "—" },
              {
                key: "actions",
                header: t("cameras.col.actions"),
                cellClassName: "actions",
                cell: (c) =>
                  mayManage && (
                    <>
                      <button
                        type="button"
                        className="button button--quiet button--small"
                        onClick={() => setEditing(c)}
                        aria-label={t("cameras.edit", { name: c.name })}
                      >
                        {t("cameras.edit", { name: "" }).trim()}
                      </button>
                      <button
                        type="button"
                        className="button button--quiet button--quiet-danger button--small"
                        onClick={() => remove(c)}
                        aria-label={t("cameras.remove", { name: c.name })}
                      >
                        {t("cameras.remove", { name: "" }).trim()}
                      </button>
                    </>
                  ),
              },
            ]}
          />
        )}
      </Loaded>

      {mayManageRules && <IngestRules />}

      <h2>{t("cameras.ingestTitle")}</h2>
      <form
        className="cmd-filter"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <Labelled id="ingest-q" label={t("cameras.search")}>
          <input id="ingest-q" className="input input--w20" value={q} onChange={(e) => setQ(e.target.value)} type="search" />
        </Labelled>
        <div className="cmd-check">
          <input id="ingest-alerts" type="checkbox" checked={alertsOnly} onChange={(e) => setAlertsOnly(e.target.checked)} />
          <label htmlFor="ingest-alerts">{t("cameras.alertsOnly")}</label>
        </div>
        <SubmitButton className="button--secondary">{t("cameras.search")}</SubmitButton>
      </form>
      <Loaded state={ingest}>
        {(data) => (
          <DataTable
            caption={t("cameras.ingestTitle")}
            wrap="div"
            empty={t("cameras.ingestNone")}
            rows={data.items}
            rowKey={(it) => String(it.id)}
            columns={[
              {
                key: "at",
                header: t("cameras.icol.at"),
                cellClassName: "cmd-nowrap",
                cell: (it) => {
                  const at = it.occurredAt ?? it.receivedAt ?? it.at ?? it.createdAt ?? null;
                  return at ? `${formatDateTime(at).split(",")[0]}, ${hhmm(at, lang, true)}` : "—";
                },
              },
              { key: "source", header: t("cameras.icol.source"), cell: (it) => it.source ?? "—" },
              { key: "kind", header: t("cameras.icol.kind"), cellClassName: "mono", cell: (it) => it.kind },
              {
                key: "value",
                header: t("cameras.icol.value"),
                className: "num",
                cell: (it) => (it.value != null ? `${it.value}${it.unit ? ` ${it.unit}` : ""}` : "—"),
              },
              {
                key: "message",
                header: t("cameras.icol.message"),
                cell: (it) => {
                  const msg = typeof it.message === "string" ? it.message : it.message ? pick(it.message, lang) : "";
                  const isAlert = it.alert || !!it.severity || !!it.ruleId;
                  return (
                    <>
                      {isAlert && <StatusTag tone={it.severity === "critical" ? "red" : "orange"}>{t("cameras.alert")}</StatusTag>} {msg}
                    </>
                  );
                },
              },
            ]}
          />
        )}
      </Loaded>
      {view && <CameraDialog camera={view} onClose={() => setView(null)} />}
    </div>
  );
}

function CameraForm({ camera, onDone, onCancel }: { camera: Camera | null; onDone: (name: string) => void; onCancel: () => void }) {
  const { t } = useCommandT();
  const labels = useMemo(
    () => ({
      code: t("cameras.f.code"),
      name: t("cameras.f.name"),
      lat: t("cameras.f.lat"),
      lon: t("cameras.f.lon"),
      streamKind: t("cameras.f.streamKind"),
      streamUrl: t("cameras.f.streamUrl"),
      active: t("cameras.f.active"),
    }),
    [t],
  );
  const form = useForm<CV>(
    camera
      ? {
          code: camera.code,
          name: camera.name,
          lat: camera.lat != null ? String(camera.lat) : "",
          lon: camera.lon != null ? String(camera.lon) : "",
          streamKind: camera.streamKind,
          streamUrl: camera.streamUrl ?? "",
          active: camera.active ? "true" : "false",
        }
      : EMPTY,
    { labels },
  );
  const { values } = form;
  const headRef = useRef<HTMLHeadingElement>(null);
  const submit = form.submit(
    (v) => {
      const e: Record<string, string> = {};
      if (!v.code.trim()) e.code = t("cameras.required", { field: labels.code });
      if (!v.name.trim()) e.name = t("cameras.required", { field: labels.name });
      return e;
    },
    async (v) => {
      const body = {
        code: v.code.trim(),
        name: v.name.trim(),
        lat: v.lat.trim() ? Number(v.lat) : null,
        lon: v.lon.trim() ? Number(v.lon) : null,
        streamKind: v.streamKind,
        streamUrl: v.streamUrl.trim() || null,
        active: v.active === "true",
      };
      if (camera) await patch(`/api/command/cameras/${encodeURIComponent(camera.id)}`, body);
      else await post("/api/command/cameras", body);
      onDone(body.name);
    },
  );
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h3 ref={headRef}>{camera ? t("cameras.formTitleEdit", { name: camera.name }) : t("cameras.formTitleNew")}</h3>
      <ErrorSummary summary={form.summary} />
      <div className="form-row">
        <TextField id="code" label={labels.code} {...form.bind("code")} width="10" autoComplete="off" />
        <TextField id="name" label={labels.name} {...form.bind("name")} width="20" autoComplete="off" />
      </div>
      <div className="form-row">
        <TextField id="lat" label={labels.lat} {...form.bind("lat")} width="10" inputMode="decimal" />
        <TextField id="lon" label={labels.lon} {...form.bind("lon")} width="10" inputMode="decimal" />
      </div>
      <div className="form-row">
        <SelectField
          id="streamKind"
          label={labels.streamKind}
          {...form.bind("streamKind")}
          options={choices(["hls", "mjpeg", "snapshot"] as const, (k) => t(`cameras.kinds.${k}`))}
        />
      </div>
      <div className="cmd-check">
        <input
          id="active"
          type="checkbox"
          checked={values.active === "true"}
          onChange={(e) => form.setValues((v) => ({ ...v, active: e.target.checked ? "true" : "false" }))}
        />
        <label htmlFor="active">{labels.active}</label>
      </div>
      <TextField id="streamUrl" label={labels.streamUrl} {...form.bind("streamUrl")} type="url" spellCheck={false} />
      <FormActions submit={t("common.save", { ns: "translation" })} busy={form.submitting} onCancel={onCancel} />
    </form>
  );
}
