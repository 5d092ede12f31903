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
