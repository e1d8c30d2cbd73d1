/**
 * "Submit run" on a published pipeline's page: the experiment, the parameters (empty: the
 * default) and the data paths, then the new run's page. The server checks the values again and
 * its refusal (a 403 without `ml/pipelines/submit`, a 400 naming bad parameters) is shown here.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { mlKeys } from './ml-queries.js';
import { submitPipelineRun, type PublishedPipeline } from './ml-workspace-api.js';
import { mlRunPath } from './run-facts.js';
import {
  initialSubmitValues,
  submitRequestOf,
  type SubmitFormProblem,
  type SubmitFormValues,
} from './submit-form.js';

export function SubmitRunDialog({
  pipeline,
  onClose,
}: {
  readonly pipeline: PublishedPipeline;
  readonly onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<SubmitFormValues>(() => initialSubmitValues(pipeline));
  const [problems, setProblems] = useState<readonly SubmitFormProblem[]>([]);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = useId();
  const submit = useMutation({
    mutationFn: (request: Parameters<typeof submitPipelineRun>[1]) =>
      submitPipelineRun(pipeline.Id, request),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: mlKeys.all });
      onClose();
      await navigate(mlRunPath(run.Id));
    },
  });

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = submitRequestOf(pipeline, values);
    setProblems(result.problems);
    if (result.request !== undefined) submit.mutate(result.request);
  }
  const problemOf = (field: string) => problems.find((problem) => problem.field === field);

  return (
    <dialog
      ref={dialog}
      className="ml-dialog"
      aria-label={`Submit a run of ${pipeline.Name}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={onSubmit} noValidate>
        <h2>Submit a run of {pipeline.Name}</h2>
        <label>
          Experiment
          <input
            value={values.experimentName}
            aria-invalid={problemOf('experimentName') !== undefined}
            onChange={(event) => setValues({ ...values, experimentName: event.target.value })}
          />
          {problemOf('experimentName') === undefined ? null : (
            <span className="field-error">{problemOf('experimentName')?.message}</span>
          )}
        </label>
        <label>
          Description
          <input
            value={values.description}
            onChange={(event) => setValues({ ...values, description: event.target.value })}
          />
        </label>
        {pipeline.Interface.Parameters.length === 0 ? null : (
          <fieldset>
            <legend>Parameters (empty: the default)</legend>
            {pipeline.Interface.Parameters.map((parameter) => {
              const problem = problemOf(`parameters.${parameter.Name}`);
              return (
                <label key={parameter.Name}>
                  <span>
                    {parameter.Name} <span className="muted small">{parameter.TypeName}</span>
                  </span>
                  <input
                    value={values.parameters[parameter.Name] ?? ''}
                    placeholder={
                      parameter.DefaultValue === null
                        ? 'required'
                        : parameter.DefaultValue === ''
                          ? '(empty)'
                          : parameter.DefaultValue
                    }
                    aria-invalid={problem !== undefined}
                    onChange={(event) =>
                      setValues({
                        ...values,
                        parameters: { ...values.parameters, [parameter.Name]: event.target.value },
                      })
                    }
                  />
                  {problem === undefined ? null : (
                    <span className="field-error">{problem.message}</span>
                  )}
                </label>
              );
            })}
          </fieldset>
        )}
        {pipeline.Interface.DataPathParameters.length === 0 ? null : (
          <fieldset>
            <legend>Data paths</legend>
            {pipeline.Interface.DataPathParameters.map((parameter) => {
              const value = values.dataPaths[parameter.Name] ?? { datastore: '', path: '' };
              const problem = problemOf(`dataPaths.${parameter.Name}`);
              const set = (next: { datastore: string; path: string }) =>
                setValues({
                  ...values,
                  dataPaths: { ...values.dataPaths, [parameter.Name]: next },
                });
              return (
                <div key={parameter.Name} className="ml-data-path-field">
                  <span className="ml-data-path-name">
                    {parameter.Name} <span className="muted small">{parameter.DataTypeId}</span>
                  </span>
                  <label htmlFor={`${id}-${parameter.Name}-datastore`} className="ml-inline-label">
                    Datastore
                    <input
                      id={`${id}-${parameter.Name}-datastore`}
                      value={value.datastore}
                      aria-invalid={problem !== undefined}
                      onChange={(event) => set({ ...value, datastore: event.target.value })}
                    />
                  </label>
                  <label htmlFor={`${id}-${parameter.Name}-path`} className="ml-inline-label">
                    Path
                    <input
                      id={`${id}-${parameter.Name}-path`}
                      value={value.path}
                      aria-invalid={problem !== undefined}
                      onChange={(event) => set({ ...value, path: event.target.value })}
                    />
                  </label>
                  {problem === undefined ? null : (
                    <span className="field-error">{problem.message}</span>
                  )}
                </div>
              );
            })}
          </fieldset>
        )}
        {submit.error ? <ErrorMessage error={submit.error} title="Submitting" /> : null}
        <div className="toolbar ml-dialog-actions">
          <button type="submit" className="primary" disabled={submit.isPending}>
            {submit.isPending ? 'Submitting…' : 'Submit'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
