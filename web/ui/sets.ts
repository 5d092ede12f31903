/** A copy of the set with `value` switched: added when it was not there, taken out when it was (open panels, selected rows). */
export function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
