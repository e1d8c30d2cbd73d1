/** A JSON value, formatted, read-only, with folding and a copy button; masked secrets stay masked. */
import { json } from '@codemirror/lang-json';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { CopyButton } from './CopyButton.js';
import { LockIcon } from './LockIcon.js';
import { isMasked } from './run-detail.js';

export function JsonView({ value, label }: { readonly value: unknown; readonly label: string }) {
  const text = useMemo(() => JSON.stringify(value ?? null, null, 2), [value]);
  const extensions = useMemo(
    () => [
      json(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [label],
  );
  if (isMasked(value)) {
    return (
      <p className="secure-note">
        <LockIcon /> {label} is secure (the activity’s secure {label.toLowerCase()} setting is on),
        so it is not shown.
      </p>
    );
  }
  if (value === undefined || value === null)
    return <p className="muted">No {label.toLowerCase()}.</p>;
  return (
    <div className="json-view">
      <div className="json-view-toolbar">
        <CopyButton text={text} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <CodeMirror
        value={text}
        editable={false}
        readOnly
        maxHeight="340px"
        basicSetup={{
          lineNumbers: false,
          foldGutter: true,
          highlightActiveLine: false,
          highlightActiveLineGutter: false,
          autocompletion: false,
          searchKeymap: true,
        }}
        extensions={extensions}
      />
    </div>
  );
}
