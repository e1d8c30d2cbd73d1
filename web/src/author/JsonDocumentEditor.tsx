import { useMemo, useState } from 'react';
import { JsonCodeEditor, type TextReveal } from './JsonCodeEditor.js';
import { locatePointer } from './json-pointer-positions.js';
import { pointerMarkers, type PointerProblem, type TextRead } from './json-text.js';

export interface PointerReveal {
  readonly pointer: string;
  /** A new number asks again to reveal the same pointer. */
  readonly request: number;
}

/**
 * A value edited as JSON text. The text is the user's while it does not parse (markers show
 * where and why; the value is left alone); each edit that parses into a value the editor can
 * take is passed on. When the value changes from outside (undo, the canvas), the text is
 * rewritten from it, unless the text already says the same.
 */
export function JsonDocumentEditor<T>({
  label,
  value,
  format,
  read,
  same,
  onChange,
  problems,
  reveal,
  height,
  visible = true,
}: {
  readonly label: string;
  readonly value: T;
  format(value: T): string;
  read(text: string): TextRead<T>;
  same(a: T, b: T): boolean;
  onChange(value: T): void;
  /** Validation problems by pointer in the value. (Default: none) */
  readonly problems?: readonly PointerProblem[];
  readonly reveal?: PointerReveal;
  readonly height?: string;
  /** False while on a hidden tab. (Default: true) */
  readonly visible?: boolean;
}) {
  const [text, setText] = useState(() => format(value));
  const [shown, setShown] = useState(value);
  if (shown !== value && !same(shown, value)) {
    // Derived state, updated while rendering (React's pattern for state that follows a prop).
    setShown(value);
    const current = read(text).value;
    if (current === undefined || !same(current, value)) setText(format(value));
  }

  const parsed = useMemo(() => read(text), [read, text]);
  const markers = useMemo(
    () => [...parsed.markers, ...pointerMarkers(text, problems ?? [])],
    [parsed, text, problems],
  );
  const textReveal = useMemo((): TextReveal | undefined => {
    if (reveal === undefined) return undefined;
    const location = locatePointer(text, reveal.pointer);
    return location === undefined ? undefined : { ...location, request: reveal.request };
    // Only a new request reveals: following the text would move the cursor while typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);

  const firstError = parsed.markers.find((marker) => marker.severity === 'error');
  return (
    <div className="json-document-editor">
      <JsonCodeEditor
        label={label}
        value={text}
        markers={markers}
        visible={visible}
        {...(textReveal === undefined ? {} : { reveal: textReveal })}
        {...(height === undefined ? {} : { height })}
        onChange={(next) => {
          setText(next);
          const nextRead = read(next);
          if (nextRead.value !== undefined && !same(nextRead.value, value)) {
            setShown(nextRead.value);
            onChange(nextRead.value);
          }
        }}
      />
      <p
        className={`json-status small ${firstError === undefined ? 'muted' : 'error-text'}`}
        role="status"
      >
        {firstError === undefined
          ? 'Valid JSON.'
          : `${positionText(text, firstError.from)}: ${sentence(firstError.message)} Changes are applied once the JSON is valid.`}
      </p>
    </div>
  );
}

function sentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

function positionText(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `Line ${line}, column ${column}`;
}
