/** Small pieces the properties panels share: a validation message under a field, a focus helper. */
import { useEffect, useId, useState, type ReactNode, type RefObject } from 'react';

export interface FocusRequest {
  /** The pointer of the field to focus (relative to what the panel edits). */
  readonly pointer: string;
  /** A new number asks again. */
  readonly request: number;
}

export function FieldProblem({ id, message }: { readonly id?: string; readonly message?: string }) {
  if (message === undefined) return null;
  return (
    <p id={id} className="field-error" role="note">
      {message}
    </p>
  );
}

/** What a form control gets from its `Field`: its id, and its problem as description. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby'?: string;
}

/**
 * A labelled form control with its problem under it. The problem stays out of the label (so the
 * control's name is the label alone) and describes the control instead.
 */
export function Field({
  label,
  pointer,
  problem,
  className,
  children,
}: {
  readonly label: ReactNode;
  /** Where validation problems of this field point (for focusing it). */
  readonly pointer?: string;
  readonly problem?: string | undefined;
  readonly className?: string;
  children(control: ControlProps): ReactNode;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className={`field ${className ?? ''}`} data-pointer={pointer}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': problem !== undefined,
        ...(problem === undefined ? {} : { 'aria-describedby': problemId }),
      })}
      <FieldProblem id={problemId} message={problem} />
    </div>
  );
}

/**
 * Focuses the field for `request.pointer` inside `container`: the element whose `data-pointer`
 * is that pointer or its longest prefix (a whole section when the field itself is absent).
 */
export function useFocusRequest(
  container: RefObject<HTMLElement | null>,
  request: FocusRequest | undefined,
): void {
  useEffect(() => {
    const root = container.current;
    if (root === null || request === undefined) return;
    let best: HTMLElement | undefined;
    for (const element of root.querySelectorAll<HTMLElement>('[data-pointer]')) {
      const pointer = element.dataset['pointer'] ?? '';
      const matches = request.pointer === pointer || request.pointer.startsWith(`${pointer}/`);
      if (matches && pointer.length >= (best?.dataset['pointer']?.length ?? -1)) best = element;
    }
    if (best === undefined) return;
    const focusable = best.matches('input, select, textarea, button, [contenteditable="true"]')
      ? best
      : best.querySelector<HTMLElement>(
          'input, select, textarea, [contenteditable="true"], button',
        );
    best.scrollIntoView({ block: 'center' });
    (focusable ?? best).focus();
  }, [container, request]);
}

/**
 * A text field that commits on blur or Enter (and reverts on Escape): for names, whose every
 * keystroke must not rename.
 */
export function CommitField({
  label,
  value,
  onCommit,
  problem,
  pointer,
  checkDraft,
  hideLabel = false,
}: {
  readonly label: string;
  /** Label for assistive technology only, where a column header names the field. (Default: false) */
  readonly hideLabel?: boolean;
  readonly value: string;
  /** Answers a problem to show, or undefined when committed. */
  onCommit(value: string): string | undefined;
  /** A validation problem from the server. */
  readonly problem?: string;
  readonly pointer?: string | undefined;
  /** A problem of the draft, shown as the user types. */
  checkDraft?(draft: string): string | undefined;
}) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  const [commitProblem, setCommitProblem] = useState<string>();
  if (shown !== value) {
    setShown(value);
    setDraft(value);
    setCommitProblem(undefined);
  }
  const draftProblem = draft === value ? undefined : checkDraft?.(draft);
  const message = commitProblem ?? draftProblem ?? problem;
  const commit = () => {
    if (draft === value) return;
    const refused = onCommit(draft);
    setCommitProblem(refused);
  };
  return (
    <Field
      label={hideLabel ? <span className="visually-hidden">{label}</span> : label}
      pointer={pointer}
      problem={message}
    >
      {(control) => (
        <input
          {...control}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            setCommitProblem(undefined);
          }}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            } else if (event.key === 'Escape') {
              setDraft(value);
              setCommitProblem(undefined);
            }
          }}
        />
      )}
    </Field>
  );
}
