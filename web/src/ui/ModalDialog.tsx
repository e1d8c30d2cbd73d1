import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the browser's own `<dialog>`: `showModal()` keeps focus inside and makes the
 * rest of the page inert; Escape asks to close through `onClose`, so the caller's state stays the
 * truth (the caller unmounts it). Each area styles its dialogs through `className`.
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
  /** The area's dialog classes, e.g. `author-dialog` or `monitor-dialog trigger-dialog`. */
  readonly className: string;
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
      className={className}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
