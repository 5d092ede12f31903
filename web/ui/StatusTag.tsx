import type { ReactNode } from "react";

export type Tone = "green" | "orange" | "red" | "grey" | "kind";

/** A short coloured status label ("tag tag--<tone>"); the text carries the meaning, the colour only repeats it. */
export function StatusTag({ tone, children, title, className }: { tone: Tone; children: ReactNode; title?: string; className?: string }) {
  return (
    <span className={`tag tag--${tone}${className ? ` ${className}` : ""}`} title={title}>
      {children}
    </span>
  );
}
