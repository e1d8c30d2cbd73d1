import { useCallback, useMemo, useReducer, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { FactoryResource, JsonObject } from '../api/factory-api.js';
import { findActivity, replaceActivity } from '../canvas/activity-tree.js';
import { deleteActivity, renameActivity } from '../canvas/pipeline-edits.js';
import { PipelineCanvas } from '../canvas/PipelineCanvas.js';
import { TriggerRunDialog } from '../monitor/TriggerRunDialog.js';
import { ActivityPropertiesPanel } from './ActivityPropertiesPanel.js';
import { activitiesOf } from './activity-locations.js';
import { canRedo, canUndo } from './edit-history.js';
import { useEditorShortcuts, useUnsavedChangesGuard } from './editor-guards.js';
import { LeaveDialog, SaveBeforeRunDialog } from './EditorDialogs.js';
import type { FocusRequest } from './form-parts.js';
import { JsonDocumentEditor, type PointerReveal } from './JsonDocumentEditor.js';
import { readPipelineText, type PointerProblem } from './json-text.js';
import { editorReducer, initialEditorState, isDirty } from './pipeline-editor-state.js';
import {
  editablePipeline,
  pipelineJsonText,
  samePipeline,
  type PipelineResource,
} from './pipeline-resource.js';
import { declarationsOf } from './pipeline-settings.js';
import { PipelineSettingsPanel } from './PipelineSettingsPanel.js';
import {
  currentPointer,
  problemsByActivity,
  problemsOfActivity,
  type PlacedProblem,
} from './problem-placement.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { usePipelinePersistence } from './use-pipeline-persistence.js';
import { EditorHeader } from './EditorHeader.js';

const VIEWS = ['canvas', 'json'] as const;
type EditorView = (typeof VIEWS)[number];

type RunDialog =
  | { readonly kind: 'save-first' }
  | {
      readonly kind: 'trigger';
      readonly mode: 'run' | 'debug';
      readonly pipeline: PipelineResource;
    };

/**
 * The pipeline editor: one pipeline resource with its undo history, edited on the canvas (with
 * the properties panel) or as JSON; validated and saved through the API, with the problems placed
 * on the nodes, fields and text they concern; runs and debug runs started from here.
 */
export function PipelineEditor({
  factory,
  loaded,
  onReload,
}: {
  readonly factory: string;
  readonly loaded: FactoryResource;
  onReload(): void;
}) {
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(editorReducer, loaded, (initial) =>
    initialEditorState(editablePipeline(initial), initial.etag),
  );
  const resource = state.history.present;
  const dirty = isDirty(state);
  const activities = useMemo(() => activitiesOf(resource.properties), [resource.properties]);

  const [searchParams, setSearchParams] = useSearchParams();
  const view: EditorView = searchParams.get('view') === 'json' ? 'json' : 'canvas';
  const setView = (next: EditorView) =>
    setSearchParams(
      (params) => {
        if (next === 'canvas') params.delete('view');
        else params.set('view', next);
        return params;
      },
      { replace: true },
    );

  const [selectedName, setSelected] = useState<string>();
  const selected =
    selectedName !== undefined && findActivity(activities, selectedName) !== undefined
      ? selectedName
      : undefined;
  const { outcome, setOutcome, status, setStatus, conflict, save, validate } =
    usePipelinePersistence(factory, dispatch);
  const startSave = (options: { overwrite?: boolean } = {}) => {
    if (save.isPending) return;
    save.mutate({
      snapshot: resource,
      ...(options.overwrite === true || state.etag === undefined ? {} : { etag: state.etag }),
    });
  };
  const [runDialog, setRunDialog] = useState<RunDialog>();
  const [focusRequest, setFocusRequest] = useState<FocusRequest>();
  const [jsonReveal, setJsonReveal] = useState<PointerReveal>();
  const blocker = useUnsavedChangesGuard(dirty);

  const edit = useCallback(
    (next: PipelineResource, coalesceKey?: string) =>
      dispatch({
        kind: 'edit',
        resource: next,
        at: Date.now(),
        ...(coalesceKey === undefined ? {} : { coalesceKey }),
      }),
    [],
  );
  const editProperties = (properties: JsonObject, coalesceKey?: string) =>
    edit({ ...resource, properties }, coalesceKey);
  const editActivities = (next: JsonObject[], coalesceKey?: string) =>
    editProperties({ ...resource.properties, activities: next }, coalesceKey);

  const problems = useMemo(() => (outcome.kind === 'checked' ? outcome.problems : []), [outcome]);
  const byActivity = useMemo(() => problemsByActivity(problems), [problems]);
  const pipelineProblems = useMemo(() => {
    const byPointer: Record<string, string> = {};
    for (const problem of problems)
      if (problem.activityChain === undefined && problem.target !== undefined)
        byPointer[problem.target] = problem.message;
    return byPointer;
  }, [problems]);
  const jsonProblems = useMemo(
    (): PointerProblem[] =>
      problems.flatMap((problem) => {
        const pointer = currentPointer(resource, problem);
        return pointer === undefined
          ? []
          : [{ pointer, severity: problem.severity, message: problem.message }];
      }),
    [problems, resource],
  );

  const undo = () => dispatch({ kind: 'undo' });
  const redo = () => dispatch({ kind: 'redo' });
  useEditorShortcuts({
    undo,
    redo,
    save: () => {
      if (dirty || conflict) startSave();
    },
  });

  const goTo = (problem: PlacedProblem) => {
    const pointer = currentPointer(resource, problem);
    const name = problem.activityChain?.at(-1);
    const request = Date.now();
    if (name !== undefined && pointer !== undefined) {
      setView('canvas');
      setSelected(name);
      setFocusRequest({ pointer: problem.relativePointer ?? '', request });
    } else if (
      pointer !== undefined &&
      /^\/properties\/(description|folder|concurrency|annotations|parameters|variables)(\/|$)/.test(
        pointer,
      )
    ) {
      setView('canvas');
      setSelected(undefined);
      setFocusRequest({ pointer, request });
    } else if (pointer !== undefined) {
      setView('json');
      setJsonReveal({ pointer, request });
    }
  };
  const showInJson = (problem: PlacedProblem) => {
    const pointer = currentPointer(resource, problem);
    if (pointer === undefined) return;
    setView('json');
    setJsonReveal({ pointer, request: Date.now() });
  };

  const onRunStarted = (runId: string, mode: 'run' | 'debug') => {
    setRunDialog(undefined);
    if (mode === 'debug' && dirty) {
      setStatus({ tone: 'success', text: 'Debug run started.', runId });
      return;
    }
    void navigate(`/factories/${encodeURIComponent(factory)}/runs/${encodeURIComponent(runId)}`);
  };

  const readText = useCallback(
    (text: string) => readPipelineText(text, resource.name),
    [resource.name],
  );
  const selectedActivity =
    selected === undefined ? undefined : findActivity(activities, selected)?.activity;
  const history = state.history;

  return (
    <section className="pipeline-editor" aria-label={`Pipeline ${resource.name}`}>
      <EditorHeader
        factory={factory}
        name={resource.name}
        dirty={dirty}
        conflict={conflict}
        saving={save.isPending}
        validating={validate.isPending}
        canUndo={canUndo(history)}
        canRedo={canRedo(history)}
        status={status}
        onSave={() => startSave()}
        onOverwrite={() => startSave({ overwrite: true })}
        onReload={onReload}
        onValidate={() => validate.mutate(resource)}
        onUndo={undo}
        onRedo={redo}
        onTriggerRun={() =>
          setRunDialog(
            dirty ? { kind: 'save-first' } : { kind: 'trigger', mode: 'run', pipeline: resource },
          )
        }
        onDebug={() => setRunDialog({ kind: 'trigger', mode: 'debug', pipeline: resource })}
      />

      <div className="editor-tabs" role="tablist" aria-label="Editor view">
        {VIEWS.map((option) => (
          <button
            key={option}
            type="button"
            role="tab"
            id={`editor-tab-${option}`}
            aria-selected={view === option}
            aria-controls={`editor-panel-${option}`}
            tabIndex={view === option ? 0 : -1}
            onClick={() => setView(option)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                const next = option === 'canvas' ? 'json' : 'canvas';
                setView(next);
                document.getElementById(`editor-tab-${next}`)?.focus();
              }
            }}
          >
            {option === 'canvas' ? 'Canvas' : 'JSON'}
          </button>
        ))}
      </div>

      <div className="editor-body">
        {view === 'canvas' ? (
          <div
            className="canvas-split"
            role="tabpanel"
            id="editor-panel-canvas"
            aria-labelledby="editor-tab-canvas"
          >
            <div className="canvas-area">
              <PipelineCanvas
                activities={activities}
                onChange={(next) => editActivities(next)}
                onSelect={(name) => {
                  // A pending focus request is for the problem the user chose, not this activity.
                  setFocusRequest(undefined);
                  setSelected(name);
                }}
                problems={byActivity}
                layoutKey={`${factory}/${resource.name}`}
                {...(selected === undefined ? {} : { selected })}
              />
            </div>
            <aside className="properties-area" aria-label="Properties">
              {selectedActivity === undefined || selected === undefined ? (
                <PipelineSettingsPanel
                  name={resource.name}
                  properties={resource.properties}
                  problems={pipelineProblems}
                  onChange={editProperties}
                  {...(focusRequest === undefined ? {} : { focusRequest })}
                />
              ) : (
                <ActivityPropertiesPanel
                  key={selected}
                  factory={factory}
                  pipelineName={resource.name}
                  activities={activities}
                  activity={selectedActivity}
                  parameterNames={declarationsOf(resource.properties, 'parameters').map(
                    (item) => item.name,
                  )}
                  variableNames={declarationsOf(resource.properties, 'variables').map(
                    (item) => item.name,
                  )}
                  problems={problemsOfActivity(problems, selected)}
                  {...(focusRequest === undefined ? {} : { focusRequest })}
                  onChange={(next, coalesceKey) => {
                    const updated = replaceActivity(activities, selected, () => next);
                    if (updated !== undefined) editActivities(updated, coalesceKey);
                  }}
                  onActivitiesChange={(next) => editActivities(next)}
                  onDeselect={() => setSelected(undefined)}
                  onRename={(name) => {
                    const result = renameActivity(activities, selected, name);
                    if (!result.ok) return result.error.message;
                    editActivities(result.activities);
                    setSelected(name);
                    return undefined;
                  }}
                  onDelete={() => {
                    const result = deleteActivity(activities, selected);
                    if (result.ok) {
                      editActivities(result.activities);
                      setSelected(undefined);
                    }
                  }}
                />
              )}
            </aside>
          </div>
        ) : null}
        {/* Kept mounted while hidden, so text that does not parse yet survives a look at the
            canvas; hidden by visibility (not display), so CodeMirror keeps drawing its markers. */}
        <div
          className={`json-area${view === 'json' ? '' : ' is-hidden'}`}
          role="tabpanel"
          id="editor-panel-json"
          aria-labelledby="editor-tab-json"
        >
          <JsonDocumentEditor
            label="Pipeline JSON"
            value={resource}
            format={pipelineJsonText}
            read={readText}
            same={samePipeline}
            onChange={(next) => edit(next, 'json')}
            problems={jsonProblems}
            visible={view === 'json'}
            {...(jsonReveal === undefined ? {} : { reveal: jsonReveal })}
          />
        </div>
      </div>

      <ProblemsPanel
        outcome={outcome}
        resource={resource}
        onGoTo={goTo}
        onShowInJson={showInJson}
        onDismiss={() => setOutcome({ kind: 'none' })}
      />

      {runDialog?.kind === 'save-first' ? (
        <SaveBeforeRunDialog
          saving={save.isPending}
          onClose={() => setRunDialog(undefined)}
          onRunSaved={() => setRunDialog({ kind: 'trigger', mode: 'run', pipeline: state.saved })}
          onSaveAndRun={() => {
            const snapshot = resource;
            save.mutate(
              { snapshot, ...(state.etag === undefined ? {} : { etag: state.etag }) },
              {
                onSuccess: () => setRunDialog({ kind: 'trigger', mode: 'run', pipeline: snapshot }),
                onError: () => setRunDialog(undefined),
              },
            );
          }}
        />
      ) : null}
      {runDialog?.kind === 'trigger' ? (
        <TriggerRunDialog
          factory={factory}
          pipelineName={resource.name}
          pipeline={runDialog.pipeline}
          mode={runDialog.mode}
          onClose={() => setRunDialog(undefined)}
          onStarted={(runId) => onRunStarted(runId, runDialog.mode)}
        />
      ) : null}
      <LeaveDialog blocker={blocker} />
    </section>
  );
}
