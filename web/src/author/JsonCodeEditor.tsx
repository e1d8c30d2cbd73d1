import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror, { type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef } from 'react';
import type { TextMarker } from './json-text.js';

export interface TextReveal {
  readonly from: number;
  readonly to: number;
  /** A new number asks again to reveal the same range. */
  readonly request: number;
}

/**
 * A JSON code editor (CodeMirror 6): syntax colours, folding, bracket matching, its own text
 * undo, and the markers it is given drawn as underlines and gutter marks with their messages.
 * Controlled: `value` is the text, `onChange` gets every edit.
 */
export function JsonCodeEditor({
  label,
  value,
  onChange,
  markers,
  reveal,
  height,
  visible = true,
}: {
  readonly label: string;
  readonly value: string;
  onChange(text: string): void;
  readonly markers: readonly TextMarker[];
  /** A range to select, scroll to and focus. */
  readonly reveal?: TextReveal;
  /** CSS height (Default: '100%'). */
  readonly height?: string;
  /** False while the editor is on a hidden tab. (Default: true) */
  readonly visible?: boolean;
}) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const extensions = useMemo(
    () => [
      json(),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [label],
  );

  // Markers follow the text: CodeMirror's own state is synced after each change of either. A
  // hidden editor skips drawing them, so they are sent again once it shows (next frame, when
  // CodeMirror has seen that it is visible).
  useEffect(() => {
    if (!visible) return;
    const frame = requestAnimationFrame(() => {
      const view = ref.current?.view;
      if (view === undefined) return;
      const length = view.state.doc.length;
      const diagnostics: Diagnostic[] = markers.map((marker) => {
        const from = Math.min(marker.from, length);
        return {
          from,
          to: Math.max(from, Math.min(marker.to, length)),
          severity: marker.severity,
          message: marker.message,
        };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    });
    return () => cancelAnimationFrame(frame);
  }, [markers, value, visible]);

  useEffect(() => {
    if (reveal === undefined) return;
    const frame = requestAnimationFrame(() => {
      const view = ref.current?.view;
      if (view === undefined) return;
      const length = view.state.doc.length;
      const from = Math.min(reveal.from, length);
      view.dispatch({
        selection: { anchor: from, head: Math.min(Math.max(from, reveal.to), length) },
        effects: EditorView.scrollIntoView(from, { y: 'center' }),
      });
      view.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [reveal]);

  return (
    <CodeMirror
      ref={ref}
      className="json-code-editor"
      value={value}
      height={height ?? '100%'}
      extensions={extensions}
      onChange={onChange}
      basicSetup={{ highlightActiveLine: true, foldGutter: true, autocompletion: false }}
    />
  );
}
