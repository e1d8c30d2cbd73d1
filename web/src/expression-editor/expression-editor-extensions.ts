/**
 * The CodeMirror setup of the expression field: one logical line that wraps as it grows (Enter
 * inserts nothing), completion from the function catalogue and the pipeline's parameters, the
 * field's accessible name and state on the editable element, and the look of an input.
 */
import { autocompletion, type CompletionContext } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { completeExpression } from './expression-completion.js';

export interface EditorOptions {
  readonly id: string;
  readonly labelledBy: string;
  /** Space-separated ids, or ''. */
  readonly describedBy: string;
  readonly invalid: boolean;
  /** The pipeline's parameter names, when known. */
  readonly parameters: readonly string[] | undefined;
}

export function expressionEditorExtensions(options: EditorOptions): Extension[] {
  return [
    EditorView.lineWrapping,
    keymap.of([{ key: 'Enter', run: () => true }]),
    autocompletion({ icons: false, override: [completionSource(options.parameters)] }),
    EditorView.contentAttributes.of({
      id: options.id,
      'aria-labelledby': options.labelledBy,
      ...(options.describedBy === '' ? {} : { 'aria-describedby': options.describedBy }),
      'aria-invalid': String(options.invalid),
      'aria-multiline': 'false',
    }),
    EDITOR_THEME,
  ];
}

function completionSource(parameters: readonly string[] | undefined) {
  return (context: CompletionContext) => {
    const text = context.state.doc.toString();
    const found = completeExpression(
      text,
      context.pos,
      parameters === undefined ? {} : { parameters },
    );
    if (found === undefined) return null;
    // On an empty word, offer only when asked (Ctrl+Space), or right after "@", "@{" or ".".
    const head = text.slice(0, context.pos);
    if (found.from === context.pos && !context.explicit && !/(^@|@\{|\.)\s*$/.test(head))
      return null;
    return {
      from: found.from,
      options: found.options.map((option) => ({
        label: option.label,
        type: option.kind === 'parameter' ? 'variable' : option.kind,
        ...(option.detail === undefined ? {} : { detail: option.detail }),
        ...(option.info === undefined ? {} : { info: option.info }),
        ...(option.apply === undefined ? {} : { apply: option.apply }),
      })),
      validFor: /^[A-Za-z_][A-Za-z0-9_]*$/,
    };
  };
}

/** What @uiw/react-codemirror's basic setup keeps for a one-line field. */
export const BASIC_SETUP = {
  lineNumbers: false,
  foldGutter: false,
  highlightActiveLine: false,
  highlightActiveLineGutter: false,
  highlightSelectionMatches: false,
  searchKeymap: false,
  foldKeymap: false,
  closeBrackets: false,
  closeBracketsKeymap: false,
  autocompletion: false,
  completionKeymap: true,
  allowMultipleSelections: false,
  rectangularSelection: false,
  crosshairCursor: false,
  indentOnInput: false,
  dropCursor: false,
  bracketMatching: true,
} as const;

const EDITOR_THEME = EditorView.theme({
  '&': {
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
    background: 'var(--surface)',
    minHeight: '30px',
  },
  '&.cm-focused': { outline: 'none', boxShadow: 'var(--focus)' },
  '.cm-content': {
    padding: '5px 8px',
    fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    fontSize: '13px',
    caretColor: 'var(--text)',
  },
  '.cm-line': { padding: '0' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-tooltip': {
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
    background: 'var(--surface)',
    boxShadow: '0 6px 20px rgba(20, 33, 61, 0.16)',
  },
  // Long signatures are cut, not pushed off screen; the summary beside them says the rest.
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { maxWidth: 'min(460px, 90vw)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': {
    padding: '2px 8px',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    background: 'var(--accent)',
    color: '#fff',
  },
  '.cm-completionDetail': { marginLeft: '8px', opacity: '0.8' },
  '.cm-completionInfo': { padding: '6px 10px', maxWidth: '320px' },
  // The faulty characters: tinted and underlined, visible even at the end of a wrapped line.
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    backgroundColor: 'var(--failure-bg)',
    borderBottom: '2px solid var(--failure)',
  },
});
