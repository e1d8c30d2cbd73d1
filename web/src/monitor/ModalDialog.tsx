import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the browser's own `<dialog>`: `showModal()` makes the rest of the page inert
 * (focus stays inside) and Escape asks to close (`onClose`; the caller unmounts it).
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
      className={`monitor-dialog ${className ?? ''}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
