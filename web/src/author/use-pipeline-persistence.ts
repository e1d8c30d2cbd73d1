/**
 * Saving and validating the edited pipeline through the API, and what came of it: the status line,
 * the problems placed on the pipeline they were found in, and whether a save met someone else's.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type Dispatch } from 'react';
import { ApiError } from '../api/http.js';
import { pipelinesQueryKey, savePipeline, validatePipeline } from './author-api.js';
import type { EditorAction } from './pipeline-editor-state.js';
import type { PipelineResource } from './pipeline-resource.js';
import { placeProblems } from './problem-placement.js';
import type { ValidationOutcome } from './ProblemsPanel.js';

export interface EditorStatus {
  readonly tone: 'info' | 'success' | 'error';
  readonly text: string;
  /** A run to open (a debug run started while the pipeline is unsaved). */
  readonly runId?: string;
}

export function usePipelinePersistence(factory: string, dispatch: Dispatch<EditorAction>) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<ValidationOutcome>({ kind: 'none' });
  const [status, setStatus] = useState<EditorStatus>();
  const [conflict, setConflict] = useState(false);

  const save = useMutation({
    mutationFn: ({ snapshot, etag }: { snapshot: PipelineResource; etag?: string }) =>
      savePipeline(factory, snapshot, etag),
    onMutate: () => setStatus({ tone: 'info', text: 'Saving…' }),
    onSuccess: async (saved, { snapshot }) => {
      dispatch({
        kind: 'saved',
        resource: snapshot,
        ...(saved.etag === undefined ? {} : { etag: saved.etag }),
      });
      setConflict(false);
      const warnings = placeProblems(snapshot, saved.warnings ?? [], 'warning');
      setOutcome(
        warnings.length === 0
          ? { kind: 'none' }
          : { kind: 'checked', origin: 'save', problems: warnings },
      );
      setStatus({ tone: 'success', text: `Saved at ${new Date().toLocaleTimeString()}.` });
      await queryClient.invalidateQueries({ queryKey: pipelinesQueryKey(factory), exact: true });
    },
    onError: (error, { snapshot }) => {
      if (error instanceof ApiError && error.status === 412) {
        setConflict(true);
        setStatus({
          tone: 'error',
          text: 'Not saved: someone else saved this pipeline since you opened it.',
        });
        return;
      }
      if (error instanceof ApiError && error.details.length > 0) {
        setOutcome({
          kind: 'checked',
          origin: 'save',
          problems: placeProblems(snapshot, error.details, 'error'),
        });
        setStatus({
          tone: 'error',
          text: `Not saved: ${error.details.length === 1 ? 'a problem' : `${error.details.length} problems`} to fix (listed below).`,
        });
        return;
      }
      setStatus({ tone: 'error', text: `Not saved: ${error.message}` });
    },
  });

  const validate = useMutation({
    mutationFn: (snapshot: PipelineResource) => validatePipeline(factory, snapshot),
    onMutate: () => setStatus({ tone: 'info', text: 'Validating…' }),
    onSuccess: (result, snapshot) => {
      const placed = [
        ...placeProblems(snapshot, result.errors, 'error'),
        ...placeProblems(snapshot, result.warnings, 'warning'),
      ];
      setOutcome({ kind: 'checked', origin: 'validate', problems: placed });
      setStatus(
        result.errors.length === 0
          ? { tone: 'success', text: 'Valid: no errors.' }
          : {
              tone: 'error',
              text: `${result.errors.length} error${result.errors.length === 1 ? '' : 's'} found.`,
            },
      );
    },
    onError: (error) => setStatus({ tone: 'error', text: `Could not validate: ${error.message}` }),
  });

  return { outcome, setOutcome, status, setStatus, conflict, save, validate };
}
