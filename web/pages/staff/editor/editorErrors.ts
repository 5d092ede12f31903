/**
 * Where the spec validator's errors go in the editor: a path in the spec (`form.fields[2].options[0].value`,
 * `stepDays`) → the id of the control it concerns. A path with no control here goes to the summary only.
 */
const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^name\.(id|en)/, (m) => `e-name-l${m[1]}`],
  [/^name$/, () => "e-name-lid"],
  [/^summary\.(id|en)/, (m) => `e-sum-${m[1]}`],
  [/^summary$/, () => "e-sum-id"],
  [/^channel/, () => "e-channel"],
  [/^counter\.(id|en)/, (m) => `e-counter-l${m[1]}`],
  [/^counter/, () => "e-counter-lid"],
  [/^fee/, () => "e-fee"],
  // The step deadlines that add up beyond the promise concern the promise (and the steps' days below it).
  [/^(slaDays|stepDays)/, () => "e-sla"],
  [/^legalBasis\[(\d+)\]/, (m) => `lb-${m[1]}`],
  [/^legalBasis/, () => "lb-add"],
  [/^requirements\[(\d+)\]\.field/, (m) => `req-${m[1]}-field`],
  [/^requirements\[(\d+)\]\.en/, (m) => `req-${m[1]}-en`],
  [/^requirements\[(\d+)\]/, (m) => `req-${m[1]}-id`],
  [/^requirements/, () => "req-add"],
  [/^form\.fields\[(\d+)\]\.options\[(\d+)\]\.label\.en/, (m) => `ef-${m[1]}-opt-${m[2]}-len`],
  [/^form\.fields\[(\d+)\]\.options\[(\d+)\]/, (m) => `ef-${m[1]}-opt-${m[2]}-lid`],
  [/^form\.fields\[(\d+)\]\.options/, (m) => `ef-${m[1]}-opt-add`],
  [/^form\.fields\[(\d+)\]\.(name|use)/, (m) => `ef-${m[1]}-name`],
  [/^form\.fields\[(\d+)\]\.type/, (m) => `ef-${m[1]}-type`],
  [/^form\.fields\[(\d+)\]\.label\.en/, (m) => `ef-${m[1]}-len`],
  [/^form\.fields\[(\d+)\]\.(accept|maxSizeMb|multiple)/, (m) => `ef-${m[1]}-accept`],
  [/^form\.fields\[(\d+)\]/, (m) => `ef-${m[1]}-lid`],
  [/^form/, () => "ef-add"],
  [/^workflow\.states\[(\d+)\]\.slaDays/, (m) => `st-${m[1]}-days`],
  [/^workflow/, () => "e-workflow"],
];

export function controlFor(path: string): string | undefined {
  for (const [re, id] of RULES) {
    const m = re.exec(path);
    if (m) return id(m);
  }
  return undefined;
}

/** The index of the form field a control belongs to (`ef-3-type` → 3), to open that field's small form. */
export function fieldIndexOf(id: string): number | undefined {
  const m = /^ef-(\d+)-/.exec(id);
  return m ? Number(m[1]) : undefined;
}

type T = (key: string, opts?: Record<string, unknown>) => string;
type Named = { label?: { id: string; en: string }; name?: string; key?: string };

/** Where an error is, in words, for the error summary: "Kolom formulir 9 (Status tanah), Label (EN)". */
export function placeOf(
  path: string,
  spec: { form: { fields: Named[] }; requirements: { id: string; en: string }[]; workflow: { states: Named[] } },
  t: T,
  loc: (l: { id: string; en: string } | undefined) => string,
): string {
  const e = (k: string) => t(`staffCases.editor.${k}`);
  const lang = /\.label\.en|\.en$/.test(path) ? ` · ${e("labelEn")}` : "";
  let m = /^form\.fields\[(\d+)\](?:\.options\[(\d+)\])?/.exec(path);
  if (m) {
    const f = spec.form.fields[Number(m[1])];
    const opt = m[2] !== undefined ? ` · ${e("option")} ${Number(m[2]) + 1}` : "";
    return `${e("fields")} ${Number(m[1]) + 1} (${loc(f?.label) || f?.name || "?"})${opt}${lang}`;
  }
  m = /^requirements\[(\d+)\]/.exec(path);
  if (m) return `${e("requirements")} ${Number(m[1]) + 1}${lang}`;
  m = /^legalBasis\[(\d+)\]/.exec(path);
  if (m) return `${e("legalBasis")} ${Number(m[1]) + 1}`;
  m = /^workflow\.states\[(\d+)\]/.exec(path);
  if (m) return `${e("workflow")}: ${loc(spec.workflow.states[Number(m[1])]?.label)}`;
  const top: Record<string, string> = {
    name: "nameId",
    summary: "summaryId",
    channel: "channel",
    counter: "counterId",
    fee: "fee",
    slaDays: "slaDays",
    stepDays: "slaDays",
    workflow: "workflow",
  };
  const k = top[path.split(/[.[]/)[0]];
  return k ? e(k) : "";
}
