/**
 * A field whose value may be a literal or an ADF expression. ADF writes an expression as
 * `{"value": "@…", "type": "Expression"}` (or a string starting with `@`); the field keeps
 * whichever form it was given, writes new expressions in the object form, checks expression
 * syntax as the user types (the repository's own parser) and underlines where the error is.
 * Typing `@` starts an expression; `@@` writes a literal `@`. Completion (Ctrl+Space, or while
 * typing) offers built-in functions, `pipeline()` properties and the pipeline's parameters.
 */
import { setDiagnostics } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Json } from '../api/factory-api.js';
import { checkExpressionText, describeProblem, underlineRange } from './expression-check.js';
import { BASIC_SETUP, expressionEditorExtensions } from './expression-editor-extensions.js';
import {
  fieldTextOf,
  fieldValueOf,
  isExpressionText,
  sameJson,
  type FieldText,
} from './expression-value.js';
import './expression-editor.css';

export interface ExpressionFieldProps {
  readonly label: string;
  readonly value: Json | undefined;
  onChange(value: Json | undefined): void;
  /** What a literal must be: text, number or boolean. (Default: 'string') */
  readonly literalType?: 'string' | 'number' | 'boolean';
  /** A problem from validation to show under the field. */
  readonly error?: string;
  readonly placeholder?: string;
  readonly id?: string;
  /**
   * The pipeline's parameter names: completed after `pipeline().parameters.` and checked.
   * (Default: unknown, so parameter names are neither completed nor checked)
   */
  readonly parameters?: readonly string[];
  /** A hint under the field. */
  readonly hint?: string;
  /** (Default: false) */
  readonly disabled?: boolean;
}

export function ExpressionField({
  label,
  value,
  onChange,
  literalType = 'string',
  error,
  placeholder,
  id,
  parameters,
  hint,
  disabled = false,
}: ExpressionFieldProps) {
  const generatedId = useId();
  const fieldId = id ?? `expression-${generatedId}`;
  const labelId = `${fieldId}-label`;
  const problemId = `${fieldId}-problem`;
  const errorId = `${fieldId}-error`;
  const hintId = `${fieldId}-hint`;

  // The text being edited, kept while it means the value the field last reported (so "5." or
  // "1e" stay as typed); replaced when the value changes from outside.
  const [draft, setDraft] = useState<FieldText>(() => fieldTextOf(value));
  const [reported, setReported] = useState<Json | undefined>(value);
  const [expressionMode, setExpressionMode] = useState(() => isExpressionText(draft.text));
  // The editor takes the focus when the user switches a yes/no field to an expression.
  const [focusEditor, setFocusEditor] = useState(false);
  if (!sameJson(value, reported)) {
    const text = fieldTextOf(value);
    setReported(value);
    setDraft(text);
    setExpressionMode(isExpressionText(text.text));
  }
  const [view, setView] = useState<EditorView>();

  const edit = (text: string) => {
    const next = fieldValueOf(text, literalType, draft.form);
    setDraft({ text, form: draft.form });
    setReported(next.value);
    onChange(next.value);
  };

  // A stable key, so that a new array with the same names changes nothing.
  const parameterNames = parameters === undefined ? undefined : JSON.stringify(parameters);
  const problem = useMemo(
    () =>
      checkExpressionText(
        draft.text,
        parameterNames === undefined ? {} : { parameters: JSON.parse(parameterNames) as string[] },
      ),
    [draft.text, parameterNames],
  );
  const literalProblem = useMemo(
    () =>
      problem === undefined ? fieldValueOf(draft.text, literalType, draft.form).problem : undefined,
    [problem, draft, literalType],
  );
  const message = problem === undefined ? literalProblem : describeProblem(problem);
  const isExpression = isExpressionText(draft.text);
  const describedBy = [
    message === undefined ? undefined : problemId,
    error === undefined ? undefined : errorId,
    hint === undefined ? undefined : hintId,
  ]
    .filter((part) => part !== undefined)
    .join(' ');

  const invalid = message !== undefined || error !== undefined;
  const extensions = useMemo(
    () =>
      expressionEditorExtensions({
        id: fieldId,
        labelledBy: labelId,
        describedBy,
        invalid,
        parameters:
          parameterNames === undefined ? undefined : (JSON.parse(parameterNames) as string[]),
      }),
    [fieldId, labelId, describedBy, invalid, parameterNames],
  );

  // The underline: the problem's span, in the editor's own document.
  useEffect(() => {
    if (view === undefined || !view.dom.isConnected || view.state.doc.toString() !== draft.text)
      return;
    const range = problem === undefined ? undefined : underlineRange(problem, draft.text.length);
    view.dispatch(
      setDiagnostics(
        view.state,
        problem === undefined || range === undefined
          ? []
          : [{ ...range, severity: 'error', message: problem.message, source: problem.code }],
      ),
    );
  }, [view, problem, draft.text]);

  const showSelect =
    literalType === 'boolean' &&
    !expressionMode &&
    (draft.text === '' || /^(true|false)$/i.test(draft.text.trim()));

  return (
    <div className="expression-field" data-expression={isExpression || undefined}>
      <div className="expression-field-label">
        {showSelect ? (
          <label id={labelId} htmlFor={fieldId}>
            {label}
          </label>
        ) : (
          <span id={labelId} onClick={() => view?.focus()}>
            {label}
          </span>
        )}
        {isExpression ? (
          <span className="expression-badge" title="This value is an expression">
            fx
          </span>
        ) : null}
      </div>
      <div className="expression-field-row">
        {showSelect ? (
          <select
            id={fieldId}
            value={draft.text.trim().toLowerCase()}
            disabled={disabled}
            aria-invalid={error !== undefined}
            {...(describedBy === '' ? {} : { 'aria-describedby': describedBy })}
            onChange={(event) => {
              if (event.target.value === 'expression') {
                setExpressionMode(true);
                setFocusEditor(true);
                // `@true` means what `true` meant, now as an expression to build on.
                if (draft.text !== '') edit(`@${draft.text.trim().toLowerCase()}`);
                return;
              }
              edit(event.target.value);
            }}
          >
            <option value="">{placeholder ?? 'Not set'}</option>
            <option value="true">true</option>
            <option value="false">false</option>
            <option value="expression">Expression…</option>
          </select>
        ) : (
          <CodeMirror
            className="expression-field-editor"
            value={draft.text}
            onChange={edit}
            onCreateEditor={(created) => setView(created)}
            extensions={extensions}
            placeholder={placeholder ?? (literalType === 'string' ? 'Value or @expression' : '')}
            editable={!disabled}
            indentWithTab={false}
            theme="none"
            autoFocus={focusEditor}
            basicSetup={BASIC_SETUP}
          />
        )}
        {literalType === 'boolean' && !showSelect ? (
          <button
            type="button"
            className="small"
            disabled={disabled}
            onClick={() => {
              setExpressionMode(false);
              setFocusEditor(false);
              if (draft.text !== '' && !/^(true|false)$/i.test(draft.text.trim())) edit('');
            }}
          >
            Fixed value
          </button>
        ) : null}
      </div>
      {message === undefined ? null : (
        <p id={problemId} className="field-error expression-problem" role="status">
          {message}
        </p>
      )}
      {error === undefined ? null : (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hint === undefined ? null : (
        <p id={hintId} className="muted small expression-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
