import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the browser's own `<dialog>`: it keeps focus inside, puts the rest of the page
 * out of reach, and closes on Escape (through `onClose`, so the caller's state stays the truth).
 */
export function ModalDialog({
  label,
  onClose,
  children,
  className,
}: {
  readonly label: string;
  onClose(): void;
  readonly children: ReactNode;
  readonly className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      className={`author-dialog ${className ?? ''}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
