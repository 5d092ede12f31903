/** A modal dialog on the native <dialog>: opens with showModal (focus moves in, Esc closes), gives focus back to the opener. */
import "./Dialog.css";
import { type ReactNode, useEffect, useRef } from "react";

export function Dialog({
  labelledBy,
  onClose,
  className,
  children,
}: {
  /** Id of the dialog's heading. */
  labelledBy: string;
  /** Called once the dialog has closed (Esc, a close button calling closeDialog, or the form method="dialog"). */
  onClose: () => void;
  className?: string;
  children: (close: () => void) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => opener?.focus?.();
  }, []);
  const close = () => ref.current?.close();
  return (
    <dialog ref={ref} className={className ?? "dialog"} aria-labelledby={labelledBy} onClose={onClose} onCancel={onClose}>
      {children(close)}
    </dialog>
  );
}
