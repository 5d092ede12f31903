/** Workflow graph checks: reachable states, known actions and roles, terminal states. */
import { ROLES } from "./spec-constants.ts";
import { arr, isObj, quoteList, str } from "./spec-errors.ts";

// ---------------------------------------------------------------------------
// Workflow graph checks
// ---------------------------------------------------------------------------

interface PathMessage {
  path: string;
  message: string;
}

export function checkWorkflow(wf: unknown): PathMessage[] {
  const errs: PathMessage[] = [];
  const add = (p: string, message: string): void => {
    errs.push({ path: p, message });
  };
  if (!isObj(wf)) {
    add("", "workflow must be an object with start, states and actions");
    return errs;
  }
  const states = arr(wf.states);
  const actions = arr(wf.actions);
  const stateKeys = new Set<string>();
  const terminal = new Set<string>();
  states.forEach((s, i) => {
    if (!isObj(s) || !str(s.key)) return;
    const key = s.key as string;
    if (stateKeys.has(key)) add(`states[${i}].key`, `duplicate state "${key}"`);
    stateKeys.add(key);
    if (s.terminal === true) terminal.add(key);
    else if (s.outcome !== undefined) add(`states[${i}].outcome`, `state "${key}" has an outcome but is not terminal`);
  });
  if (states.length === 0) add("states", "workflow has no states");
  else if (terminal.size === 0) add("states", "workflow has no terminal state (mark at least one state with terminal: true)");

  const start = str(wf.start);
  if (!start) add("start", "workflow has no start state");
  else if (!stateKeys.has(start)) add("start", `start state "${start}" is not one of the states (${quoteList([...stateKeys])})`);

  const out = new Map<string, Set<string>>();
  const actionKeys = new Set<string>();
  actions.forEach((a, i) => {
    if (!isObj(a)) return;
    const key = str(a.key) ?? `#${i}`;
    if (actionKeys.has(key)) add(`actions[${i}].key`, `duplicate action "${key}"`);
    actionKeys.add(key);
    const to = str(a.to);
    if (to !== undefined && !stateKeys.has(to)) add(`actions[${i}].to`, `action "${key}" goes to unknown state "${to}"`);
    arr(a.from).forEach((f, j) => {
      if (typeof f !== "string") return;
      if (!stateKeys.has(f)) {
        add(`actions[${i}].from[${j}]`, `action "${key}" starts from unknown state "${f}"`);
        return;
      }
      if (terminal.has(f)) {
        add(`actions[${i}].from[${j}]`, `action "${key}" leaves terminal state "${f}"; terminal states cannot have outgoing actions`);
      }
      if (to !== undefined && stateKeys.has(to)) {
        let set = out.get(f);
        if (!set) {
          set = new Set();
          out.set(f, set);
        }
        set.add(to);
      }
    });
    arr(a.roles).forEach((r, j) => {
      if (typeof r === "string" && !(ROLES as readonly string[]).includes(r)) {
        add(`actions[${i}].roles[${j}]`, `unknown role "${r}" in action "${key}"; allowed: ${quoteList(ROLES)}`);
      }
    });
  });

  // Reachability from start.
  if (start && stateKeys.has(start)) {
    const reached = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const cur = queue.shift() as string;
      for (const next of out.get(cur) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    states.forEach((s, i) => {
      if (isObj(s) && typeof s.key === "string" && !reached.has(s.key)) {
        add(`states[${i}]`, `state "${s.key}" is unreachable from start state "${start}"`);
      }
    });
  }

  // Dead ends and states that can never finish.
  const canFinish = new Set<string>(terminal);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [from, tos] of out) {
      if (canFinish.has(from)) continue;
      for (const t of tos) {
        if (canFinish.has(t)) {
          canFinish.add(from);
          changed = true;
          break;
        }
      }
    }
  }
  states.forEach((s, i) => {
    if (!isObj(s) || typeof s.key !== "string" || terminal.has(s.key)) return;
    const tos = [...(out.get(s.key) ?? [])].filter((t) => t !== s.key);
    if (tos.length === 0) {
      add(`states[${i}]`, `state "${s.key}" is not terminal but has no outgoing action to another state (dead end)`);
    } else if (terminal.size > 0 && !canFinish.has(s.key)) {
      add(`states[${i}]`, `state "${s.key}" can never reach a terminal state`);
    }
  });
  return errs;
}

/**
 * Checks a workflow graph. Returns human-readable problems ('' = none), each prefixed
 * with where it is, e.g. 'states[3]: state "x" is unreachable from start state "submitted"'.
 */
export function validateWorkflow(wf: unknown): string[] {
  return checkWorkflow(wf).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
}
