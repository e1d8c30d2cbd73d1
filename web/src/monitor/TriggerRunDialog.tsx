/**
 * Trigger a run (saved pipeline) or a debug run (the editor's unsaved pipeline) with a form for
 * the pipeline's declared parameters: typed inputs with the defaults filled in, JSON for arrays
 * and objects, a password input for SecureString; problems shown by field, the server's refusal
 * in the dialog.
 */
import { useMutation } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { createRun, type JsonObject } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { debugRun } from './monitor-api.js';
import { ModalDialog } from '../ui/ModalDialog.js';
import {
  coerceField,
  coerceParameters,
  initialValues,
  parameterFields,
  type ParameterField,
  type ParameterProblem,
} from './parameter-form.js';
import './monitor.css';

export interface TriggerRunDialogProps {
  readonly factory: string;
  readonly pipelineName: string;
  /** The pipeline resource (`{properties: {parameters, activities, …}}`): its parameters make the form; a debug run runs it as given. */
  readonly pipeline: { readonly properties: JsonObject };
  /** 'run': createRun on the saved pipeline; 'debug': run `pipeline` unsaved. */
  readonly mode: 'run' | 'debug';
  onClose(): void;
  /** Called with the new run's id (the dialog then closes). */
  onStarted(runId: string): void;
}

export function TriggerRunDialog({
  factory,
  pipelineName,
  pipeline,
  mode,
  onClose,
  onStarted,
}: TriggerRunDialogProps) {
  const fields = useMemo(
    () => parameterFields(pipeline.properties['parameters']),
    [pipeline.properties],
  );
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(fields));
  const [problems, setProblems] = useState<Readonly<Record<string, ParameterProblem>>>({});
  const formId = useId();
  const start = useMutation({
    mutationFn: (parameters: JsonObject) =>
      mode === 'debug'
        ? debugRun(factory, pipelineName, { properties: pipeline.properties, parameters })
        : createRun(factory, pipelineName, parameters),
    onSuccess: ({ runId }) => onStarted(runId),
  });
  const title = mode === 'debug' ? `Debug ${pipelineName}` : `Trigger ${pipelineName}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = coerceParameters(fields, values);
    if (!result.ok) {
      setProblems(result.problems);
      const first = fields.find((field) => result.problems[field.name] !== undefined);
      if (first !== undefined) document.getElementById(fieldId(formId, first.name))?.focus();
      return;
    }
    setProblems({});
    start.mutate(result.parameters);
  };

  const change = (field: ParameterField, text: string) => {
    setValues((current) => ({ ...current, [field.name]: text }));
    // JSON is checked as it is typed; other fields once the user submits.
    if (field.kind === 'json' || problems[field.name] !== undefined) {
      const result = coerceField(field, text);
      setProblems((current) => {
        const next = { ...current };
        if ('problem' in result && (field.kind === 'json' || current[field.name] !== undefined))
          next[field.name] = result.problem;
        else delete next[field.name];
        return next;
      });
    }
  };

  return (
    <ModalDialog label={title} onClose={onClose} className="monitor-dialog trigger-dialog">
      <form id={formId} onSubmit={submit} noValidate>
        <header className="dialog-header">
          <h2>{title}</h2>
          <p className="muted small">
            {mode === 'debug'
              ? 'Runs the pipeline as it is in the editor, without saving it.'
              : 'Starts a run of the saved pipeline.'}
          </p>
        </header>
        <div className="dialog-body">
          {fields.length === 0 ? (
            <p className="muted">This pipeline has no parameters.</p>
          ) : (
            <fieldset className="parameter-fields">
              <legend>Parameters</legend>
              {fields.map((field) => (
                <ParameterInput
                  key={field.name}
                  id={fieldId(formId, field.name)}
                  field={field}
                  value={values[field.name] ?? ''}
                  problem={problems[field.name]}
                  onChange={(text) => change(field, text)}
                />
              ))}
            </fieldset>
          )}
          {start.error === null ? null : (
            <ErrorMessage error={start.error} title="The server refused the run" />
          )}
        </div>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : mode === 'debug' ? 'Start debug run' : 'Run'}
          </button>
        </footer>
      </form>
    </ModalDialog>
  );
}

function fieldId(formId: string, name: string): string {
  return `${formId}-parameter-${name}`;
}

function ParameterInput({
  id,
  field,
  value,
  problem,
  onChange,
}: {
  readonly id: string;
  readonly field: ParameterField;
  readonly value: string;
  readonly problem: ParameterProblem | undefined;
  onChange(text: string): void;
}) {
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hintId, ...(problem === undefined ? [] : [problemId])].join(' ');
  const common = {
    id,
    'aria-invalid': problem !== undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required,
  } as const;
  let input;
  switch (field.kind) {
    case 'boolean':
      input = (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          {field.required && value === '' ? <option value="">Choose…</option> : null}
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
      break;
    case 'json':
      input = (
        <textarea
          {...common}
          className="mono"
          rows={Math.min(8, Math.max(2, value.split('\n').length))}
          spellCheck={false}
          value={value}
          placeholder={field.type === 'Array' ? '[ ]' : '{ }'}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    case 'secret':
      input = (
        <input
          {...common}
          type="password"
          autoComplete="off"
          value={value}
          placeholder={field.hiddenDefault ? 'Leave empty to use the stored default' : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    default:
      input = (
        <input
          {...common}
          type="text"
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
  return (
    <div className="parameter-field">
      <label htmlFor={id}>
        <span>
          {field.name}
          {field.required ? <span aria-hidden="true"> *</span> : null}
        </span>
      </label>
      {input}
      <span id={hintId} className="muted small">
        {field.type}
        {field.required ? ', required' : field.hiddenDefault ? ', has a stored default' : ''}
      </span>
      {problem === undefined ? null : (
        <span id={problemId} className="field-error" role="alert">
          {problem.message}
        </span>
      )}
    </div>
  );
}
