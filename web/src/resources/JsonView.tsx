/**
 * A resource's JSON, read-only, highlighted and searchable (Ctrl+F). Secrets arrive masked by
 * the server (`{"type": "SecureString", "value": "**********"}`); nothing here unmasks them.
 */
import { json } from '@codemirror/lang-json';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';

export function JsonView({ value, label }: { readonly value: unknown; readonly label: string }) {
  const text = useMemo(() => JSON.stringify(value, null, 2), [value]);
  const extensions = useMemo(
    () => [
      json(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
    ],
    [label],
  );
  return (
    <CodeMirror
      className="json-view"
      value={text}
      editable={false}
      readOnly
      extensions={extensions}
      indentWithTab={false}
      basicSetup={{
        highlightActiveLine: false,
        highlightActiveLineGutter: false,
        foldGutter: true,
      }}
    />
  );
}
