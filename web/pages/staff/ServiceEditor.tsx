import { type ReactNode, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { get, post, put, STAFF_ROLES } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { BackLink, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import "./staff.css";
import type { Localized } from "./shared.tsx";

const FIELD_TYPES = ["text", "textarea", "number", "date", "choice", "multichoice", "nik", "phone", "email", "address", "file", "checkbox"];
const ROLES = [...STAFF_ROLES, "citizen"];

interface FieldSpec {
  name: string;
  type: string;
  label: Localized;
  required?: boolean;
  options?: { value: string; label: Localized }[];
  [k: string]: unknown;
}
interface StateSpec {
  key: string;
  label: Localized;
  slaDays?: number;
  terminal?: boolean;
  [k: string]: unknown;
}
interface ActionSpec {
  key: string;
  label: Localized;
  from: string[];
  to: string;
  roles: string[];
  requireComment?: boolean;
  requireDocument?: boolean;
  forward?: boolean;
  [k: string]: unknown;
}
interface Spec {
  key: string;
  name: Localized;
  summary: Localized;
  channel: string;
  fee: { amount: number; [k: string]: unknown };
  slaDays: number;
  requirements: { id: string; en: string; field?: string; optional?: boolean }[];
  form: { fields: FieldSpec[] };
  workflow: { start: string; states: StateSpec[]; actions: ActionSpec[] };
  [k: string]: unknown;
}
interface EditorData {
  spec: Spec;
  version: number;
  status: "draft" | "published";
  versions: { version: number; status: string; published_at: string | null }[];
}

/** A compact labelled input for the editor rows. */
function In({ id, label, children }: { id: string; label: string; children: (id: string) => ReactNode }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    </div>
  );
}

function move<T>(list: T[], i: number, d: number): T[] {
  const j = i + d;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** /konsol/layanan/:key — edit a service's draft, preview the citizen form, publish. */
export default function ServiceEditor({ serviceKey }: { serviceKey: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [data, setData] = useState<EditorData | null>(null);
  const [spec, setSpec] = useState<Spec | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const page = useForm({}, {});
  const { showProblem, clear } = page;
  const loc = (l?: Localized) => (l ? (i18n.language === "en" ? l.en : l.id) || l.id : "");

  const load = useCallback(async () => {
    try {
      const d = await get<EditorData>(`/api/admin/catalog/services/${encodeURIComponent(serviceKey)}/editor`);
      setData(d);
      setSpec(structuredClone(d.spec));
    } catch (err) {
      showProblem(err);
    }
  }, [serviceKey, showProblem]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!spec || !data) {
    return (
      <>
        <ErrorSummary summary={page.summary} />
        <BackLink href="/konsol/layanan">{t("staffCases.editor.listTitle")}</BackLink>
        {!page.summary && <Loading />}
      </>
    );
  }

  const edit = (fn: (s: Spec) => void) =>
    setSpec((old) => {
      const next = structuredClone(old!);
      fn(next);
      return next;
    });

  const save = async () => {
    clear();
    setNotice(null);
    setBusy(true);
    try {
      const r = await put<{ version: number }>(`/api/admin/catalog/services/${encodeURIComponent(serviceKey)}/draft`, { spec });
      await load();
      setNotice(t("staffCases.editor.saved", { version: r.version }));
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    clear();
    setBusy(true);
    try {
      await post(`/api/admin/catalog/services/${encodeURIComponent(serviceKey)}/publish`, { version: data.version });
      setConfirming(false);
      await load();
      setNotice(t("staffCases.editor.published_ok", { version: data.version }));
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const states = spec.workflow.states;
  const stateKeys = states.map((s) => s.key);

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <BackLink href="/konsol/layanan">{t("staffCases.editor.listTitle")}</BackLink>
      <PageTitle caption={`${spec.key} · v${data.version} (${data.status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")})`}>
        {t("staffCases.editor.title", { name: loc(spec.name) })}
      </PageTitle>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      <p>
        <Link href={`/konsol/layanan/${encodeURIComponent(serviceKey)}/dokumen`}>{t("staffCases.editor.outputDocument")}</Link>
      </p>

      <h2>{t("staffCases.editor.basics")}</h2>
      <div className="editor-row">
        <In id="e-name-id" label={t("staffCases.editor.nameId")}>
          {(id) => (
            <input
              id={id}
              className="input"
              value={spec.name.id}
              onChange={(e) =>
                edit((s) => {
                  s.name.id = e.target.value;
                })
              }
            />
          )}
        </In>
        <In id="e-name-en" label={t("staffCases.editor.nameEn")}>
          {(id) => (
            <input
              id={id}
              className="input"
              value={spec.name.en}
              onChange={(e) =>
                edit((s) => {
                  s.name.en = e.target.value;
                })
              }
            />
          )}
        </In>
        <In id="e-fee" label={t("staffCases.editor.fee")}>
          {(id) => (
            <input
              id={id}
              className="input"
              type="number"
              min={0}
              value={spec.fee?.amount ?? 0}
              onChange={(e) =>
                edit((s) => {
                  s.fee = { ...s.fee, amount: Number(e.target.value) };
                })
              }
            />
          )}
        </In>
        <In id="e-sla" label={t("staffCases.editor.slaDays")}>
          {(id) => (
            <input
              id={id}
              className="input"
              type="number"
              min={0}
              value={spec.slaDays}
              onChange={(e) =>
                edit((s) => {
                  s.slaDays = Number(e.target.value);
                })
              }
            />
          )}
        </In>
        <In id="e-channel" label={t("staffCases.editor.channel")}>
          {(id) => (
            <select
              id={id}
              className="select"
              value={spec.channel}
              onChange={(e) =>
                edit((s) => {
                  s.channel = e.target.value;
                })
              }
            >
              {["online", "hybrid", "counter", "info"].includes(spec.channel) ? null : <option value={spec.channel}>{spec.channel}</option>}
              <option value="online">online</option>
              <option value="hybrid">hybrid</option>
              <option value="counter">counter</option>
              <option value="info">info</option>
            </select>
          )}
        </In>
      </div>
      <div className="editor-row">
        <In id="e-sum-id" label={t("staffCases.editor.summaryId")}>
          {(id) => (
            <textarea
              id={id}
              className="textarea"
              rows={3}
              value={spec.summary?.id ?? ""}
              onChange={(e) =>
                edit((s) => {
                  s.summary = { ...s.summary, id: e.target.value };
                })
              }
            />
          )}
        </In>
        <In id="e-sum-en" label={t("staffCases.editor.summaryEn")}>
          {(id) => (
            <textarea
              id={id}
              className="textarea"
              rows={3}
              value={spec.summary?.en ?? ""}
              onChange={(e) =>
                edit((s) => {
                  s.summary = { ...s.summary, en: e.target.value };
                })
              }
            />
          )}
        </In>
      </div>

      <h2>{t("staffCases.editor.requirements")}</h2>
      {spec.requirements.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <fieldset key={i} className="editor-row">
          <legend className="visually-hidden">{`${t("staffCases.editor.requirements")} ${i + 1}`}</legend>
          <In id={`req-${i}-id`} label={t("staffCases.editor.reqId")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={r.id}
                onChange={(e) =>
                  edit((s) => {
                    s.requirements[i].id = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`req-${i}-en`} label={t("staffCases.editor.reqEn")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={r.en}
                onChange={(e) =>
                  edit((s) => {
                    s.requirements[i].en = e.target.value;
                  })
                }
              />
            )}
          </In>
          <Check
            id={`req-${i}-opt`}
            label={t("staffCases.editor.optional")}
            checked={!!r.optional}
            onChange={(v) =>
              edit((s) => {
                s.requirements[i].optional = v || undefined;
              })
            }
          />
          <div className="editor-row__buttons">
            <button type="button" className="button button--secondary" onClick={() => edit((s) => void s.requirements.splice(i, 1))}>
              {t("staffCases.editor.remove")}
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" className="button button--secondary" onClick={() => edit((s) => void s.requirements.push({ id: "", en: "" }))}>
        {t("staffCases.editor.add")}: {t("staffCases.editor.requirements")}
      </button>

      <h2>{t("staffCases.editor.fields")}</h2>
      {spec.form.fields.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <fieldset key={i} className="editor-row">
          <legend className="visually-hidden">{`${t("staffCases.editor.fields")} ${i + 1}`}</legend>
          <In id={`f-${i}-name`} label={t("staffCases.editor.fieldName")}>
            {(id) => (
              <input
                id={id}
                className="input mono"
                value={f.name}
                onChange={(e) =>
                  edit((s) => {
                    s.form.fields[i].name = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`f-${i}-type`} label={t("staffCases.editor.fieldType")}>
            {(id) => (
              <select
                id={id}
                className="select"
                value={f.type}
                onChange={(e) =>
                  edit((s) => {
                    s.form.fields[i].type = e.target.value;
                  })
                }
              >
                {FIELD_TYPES.map((ty) => (
                  <option key={ty} value={ty}>
                    {ty}
                  </option>
                ))}
              </select>
            )}
          </In>
          <In id={`f-${i}-lid`} label={t("staffCases.editor.labelId")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={f.label.id}
                onChange={(e) =>
                  edit((s) => {
                    s.form.fields[i].label.id = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`f-${i}-len`} label={t("staffCases.editor.labelEn")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={f.label.en}
                onChange={(e) =>
                  edit((s) => {
                    s.form.fields[i].label.en = e.target.value;
                  })
                }
              />
            )}
          </In>
          <Check
            id={`f-${i}-req`}
            label={t("staffCases.editor.required")}
            checked={!!f.required}
            onChange={(v) =>
              edit((s) => {
                s.form.fields[i].required = v;
              })
            }
          />
          {(f.type === "choice" || f.type === "multichoice") && (
            <In id={`f-${i}-opts`} label={t("staffCases.editor.options")}>
              {(id) => (
                <textarea
                  id={id}
                  className="textarea mono"
                  rows={3}
                  defaultValue={(f.options ?? []).map((o) => `${o.value}|${o.label.id}`).join("\n")}
                  onBlur={(e) =>
                    edit((s) => {
                      s.form.fields[i].options = e.target.value
                        .split("\n")
                        .map((l) => l.trim())
                        .filter(Boolean)
                        .map((l) => {
                          const [value, label] = l.split("|");
                          const old = f.options?.find((o) => o.value === value.trim());
                          return { value: value.trim(), label: { id: (label ?? value).trim(), en: old?.label.en ?? (label ?? value).trim() } };
                        });
                    })
                  }
                />
              )}
            </In>
          )}
          <div className="editor-row__buttons">
            <button
              type="button"
              className="button button--secondary"
              aria-label={`${t("staffCases.editor.up")}: ${f.name}`}
              onClick={() =>
                edit((s) => {
                  s.form.fields = move(s.form.fields, i, -1);
                })
              }
            >
              ↑
            </button>
            <button
              type="button"
              className="button button--secondary"
              aria-label={`${t("staffCases.editor.down")}: ${f.name}`}
              onClick={() =>
                edit((s) => {
                  s.form.fields = move(s.form.fields, i, 1);
                })
              }
            >
              ↓
            </button>
            <button type="button" className="button button--secondary" onClick={() => edit((s) => void s.form.fields.splice(i, 1))}>
              {t("staffCases.editor.remove")}
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() =>
          edit((s) => void s.form.fields.push({ name: `kolom_${s.form.fields.length + 1}`, type: "text", label: { id: "", en: "" }, required: false }))
        }
      >
        {t("staffCases.editor.add")}: {t("staffCases.editor.fields")}
      </button>

      <h2>{t("staffCases.editor.workflow")}</h2>
      <div className="editor-row">
        <In id="wf-start" label={t("staffCases.editor.start")}>
          {(id) => (
            <select
              id={id}
              className="select"
              value={spec.workflow.start}
              onChange={(e) =>
                edit((s) => {
                  s.workflow.start = e.target.value;
                })
              }
            >
              {stateKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </In>
      </div>
      <h3>{t("staffCases.editor.states")}</h3>
      {states.map((st, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <fieldset key={i} className="editor-row">
          <legend className="visually-hidden">{`${t("staffCases.editor.states")} ${i + 1}`}</legend>
          <In id={`s-${i}-key`} label={t("staffCases.editor.key")}>
            {(id) => (
              <input
                id={id}
                className="input mono"
                value={st.key}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.states[i].key = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`s-${i}-lid`} label={t("staffCases.editor.labelId")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={st.label.id}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.states[i].label.id = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`s-${i}-len`} label={t("staffCases.editor.labelEn")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={st.label.en}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.states[i].label.en = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`s-${i}-sla`} label={t("staffCases.editor.slaDays")}>
            {(id) => (
              <input
                id={id}
                className="input"
                type="number"
                min={0}
                value={st.slaDays ?? ""}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.states[i].slaDays = e.target.value === "" ? undefined : Number(e.target.value);
                  })
                }
              />
            )}
          </In>
          <Check
            id={`s-${i}-term`}
            label={t("staffCases.editor.terminal")}
            checked={!!st.terminal}
            onChange={(v) =>
              edit((s) => {
                s.workflow.states[i].terminal = v || undefined;
              })
            }
          />
          <div className="editor-row__buttons">
            <button type="button" className="button button--secondary" onClick={() => edit((s) => void s.workflow.states.splice(i, 1))}>
              {t("staffCases.editor.remove")}
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => edit((s) => void s.workflow.states.push({ key: `tahap_${s.workflow.states.length + 1}`, label: { id: "", en: "" } }))}
      >
        {t("staffCases.editor.add")}: {t("staffCases.editor.states")}
      </button>
      <h3>{t("staffCases.editor.actions")}</h3>
      {spec.workflow.actions.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <fieldset key={i} className="editor-row">
          <legend className="visually-hidden">{`${t("staffCases.editor.actions")} ${i + 1}`}</legend>
          <In id={`a-${i}-key`} label={t("staffCases.editor.key")}>
            {(id) => (
              <input
                id={id}
                className="input mono"
                value={a.key}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.actions[i].key = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`a-${i}-lid`} label={t("staffCases.editor.labelId")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={a.label.id}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.actions[i].label.id = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`a-${i}-len`} label={t("staffCases.editor.labelEn")}>
            {(id) => (
              <input
                id={id}
                className="input"
                value={a.label.en}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.actions[i].label.en = e.target.value;
                  })
                }
              />
            )}
          </In>
          <In id={`a-${i}-from`} label={t("staffCases.editor.from")}>
            {(id) => (
              <input
                id={id}
                className="input mono"
                defaultValue={a.from.join(", ")}
                onBlur={(e) =>
                  edit((s) => {
                    s.workflow.actions[i].from = e.target.value
                      .split(",")
                      .map((x) => x.trim())
                      .filter(Boolean);
                  })
                }
              />
            )}
          </In>
          <In id={`a-${i}-to`} label={t("staffCases.editor.to")}>
            {(id) => (
              <select
                id={id}
                className="select"
                value={a.to}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.actions[i].to = e.target.value;
                  })
                }
              >
                {!stateKeys.includes(a.to) && <option value={a.to}>{a.to}</option>}
                {stateKeys.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            )}
          </In>
          <In id={`a-${i}-roles`} label={t("staffCases.editor.roles")}>
            {(id) => (
              <select
                id={id}
                className="select"
                multiple
                size={4}
                value={a.roles}
                onChange={(e) =>
                  edit((s) => {
                    s.workflow.actions[i].roles = [...e.target.selectedOptions].map((o) => o.value);
                  })
                }
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`, { defaultValue: r })}
                  </option>
                ))}
              </select>
            )}
          </In>
          <Check
            id={`a-${i}-rc`}
            label={t("staffCases.editor.requireComment")}
            checked={!!a.requireComment}
            onChange={(v) =>
              edit((s) => {
                s.workflow.actions[i].requireComment = v || undefined;
              })
            }
          />
          <Check
            id={`a-${i}-rd`}
            label={t("staffCases.editor.requireDocument")}
            checked={!!a.requireDocument}
            onChange={(v) =>
              edit((s) => {
                s.workflow.actions[i].requireDocument = v || undefined;
              })
            }
          />
          <div className="editor-row__buttons">
            <button type="button" className="button button--secondary" onClick={() => edit((s) => void s.workflow.actions.splice(i, 1))}>
              {t("staffCases.editor.remove")}
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() =>
          edit(
            (s) =>
              void s.workflow.actions.push({
                key: `aksi_${s.workflow.actions.length + 1}`,
                label: { id: "", en: "" },
                from: [],
                to: s.workflow.start,
                roles: [],
              }),
          )
        }
      >
        {t("staffCases.editor.add")}: {t("staffCases.editor.actions")}
      </button>

      <div className="panel" style={{ marginTop: "2rem" }}>
        <div className="toolbar__buttons">
          <button type="button" className="button" onClick={save} aria-disabled={busy || undefined}>
            {t("staffCases.editor.save")}
          </button>
          {data.status === "draft" && !confirming && (
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              {t("staffCases.editor.publish")}
            </button>
          )}
        </div>
        {confirming && (
          <fieldset className="inline-form" aria-labelledby="publish-q">
            <p id="publish-q">{t("staffCases.editor.publishConfirm", { version: data.version })}</p>
            <div className="toolbar__buttons">
              <button type="button" className="button" onClick={publish} aria-disabled={busy || undefined}>
                {t("staffCases.editor.publish")} v{data.version}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t("staffCases.case.cancel")}
              </button>
            </div>
          </fieldset>
        )}
      </div>

      <h2>{t("staffCases.editor.preview")}</h2>
      <section className="panel" aria-label={t("staffCases.editor.preview")}>
        <h3>{loc(spec.name)}</h3>
        {spec.form.fields.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: preview only
          <div key={i} className="field">
            <p className="field__label">
              {loc(f.label) || f.name}
              {!f.required && <span className="muted"> ({t("staffCases.editor.optional").toLowerCase()})</span>}
            </p>
            {f.type === "choice" || f.type === "multichoice" ? (
              <ul className="plain-list">
                {(f.options ?? []).map((o) => (
                  <li key={o.value}>
                    {f.type === "choice" ? "○" : "☐"} {loc(o.label)}
                  </li>
                ))}
              </ul>
            ) : f.type === "checkbox" ? (
              <p>☐</p>
            ) : (
              <div className="input input--wfull preview-input muted" aria-hidden="true">
                {f.type}
              </div>
            )}
          </div>
        ))}
      </section>

      <h2>{t("staffCases.editor.history")}</h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section className="table-wrap" tabIndex={0} aria-label={t("staffCases.editor.history")}>
        <table className="table table--dense">
          <caption className="visually-hidden">{t("staffCases.editor.history")}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                v
              </th>
              <th scope="col">{t("staffCases.editor.status")}</th>
              <th scope="col">{t("staffCases.editor.publishedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {data.versions.map((v) => (
              <tr key={v.version}>
                <td className="num">{v.version}</td>
                <td>{v.status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")}</td>
                <td>{v.published_at ? formatDateTime(v.published_at, tz) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
