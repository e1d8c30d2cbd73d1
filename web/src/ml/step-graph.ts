/**
 * An ML run's step graph as data: one node per step (with its step run's status, duration and
 * reuse), one per data input the steps read and per pipeline output they write, and an edge for
 * every wire (a step output another step reads, a data input, a pipeline output). Built from the
 * published pipeline's model and the run's step runs; either may be missing (a user who may read
 * runs but not pipelines gets the steps without wires). Pure: the React layer only draws it.
 */
import type { DataPath, MlRunStatus, StepRun } from './ml-workspace-api.js';
import type { PipelineModel } from './pipeline-model.js';

export const StepGraphNodeKinds = {
  step: 'step',
  dataInput: 'data-input',
  dataOutput: 'data-output',
} as const;
export type StepGraphNodeKind = (typeof StepGraphNodeKinds)[keyof typeof StepGraphNodeKinds];

export interface StepNodeState {
  readonly stepName: string;
  readonly stepType: string;
  /**
   * NotStarted when the run has no step run for it (yet); undefined when no run is drawn (a
   * published pipeline's definition).
   */
  readonly status: MlRunStatus | undefined;
  /** Whether the definition lets the step reuse an earlier result. (Default: true) */
  readonly allowReuse: boolean;
  readonly reused: boolean;
  readonly reusedFromRunId: string | null;
  readonly durationMs: number | null;
  /** Attempts so far; above 1 means the step was retried. */
  readonly attempts: number;
}

export interface StepGraphNode {
  /** `step:<name>`, `input:<name>`, `output:<name>` or `path:<step>:<input>`. */
  readonly id: string;
  readonly kind: StepGraphNodeKind;
  readonly label: string;
  /** A data node's type, or where it is: `<datastore>/<path>`. */
  readonly detail?: string;
  readonly step?: StepNodeState;
}

export interface StepGraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** What flows: `prepared`, or `out → in` when the names differ. */
  readonly label?: string;
}

export interface StepGraph {
  readonly nodes: readonly StepGraphNode[];
  readonly edges: readonly StepGraphEdge[];
}

export interface StepGraphSources {
  readonly model?: PipelineModel;
  /** A run's step runs; without them, the definition is drawn without statuses. */
  readonly stepRuns?: readonly StepRun[];
  /** The run's data path assignments: where each data input was read from. */
  readonly dataPaths?: Readonly<Record<string, DataPath>>;
}

export function stepNodeId(stepName: string): string {
  return `step:${stepName}`;
}

/** The step name of a step node's id; undefined for data nodes. */
export function stepNameOf(nodeId: string): string | undefined {
  return nodeId.startsWith('step:') ? nodeId.slice('step:'.length) : undefined;
}

export function dataPathText(path: DataPath): string {
  return `${path.DataStoreName}/${path.RelativePath}`;
}

function wireLabel(from: string, to: string): string {
  return from === to ? from : `${from} → ${to}`;
}

function stepState(
  stepName: string,
  stepType: string,
  allowReuse: boolean,
  run: StepRun | undefined,
  drawsRun: boolean,
): StepNodeState {
  return {
    stepName,
    stepType: run?.StepType ?? stepType,
    status: drawsRun ? (run?.Status ?? 'NotStarted') : undefined,
    allowReuse,
    reused: run?.Reused ?? false,
    reusedFromRunId: run?.ReusedFromRunId ?? null,
    durationMs: run?.DurationMs ?? null,
    attempts: run?.Attempts.length ?? 0,
  };
}

export function buildStepGraph({
  model,
  stepRuns: givenStepRuns,
  dataPaths = {},
}: StepGraphSources): StepGraph {
  const drawsRun = givenStepRuns !== undefined;
  const stepRuns = givenStepRuns ?? [];
  const runsByName = new Map(stepRuns.map((run) => [run.Name, run]));
  const nodes: StepGraphNode[] = [];
  const edges = new Map<string, { source: string; target: string; labels: string[] }>();
  const connect = (source: string, target: string, label?: string) => {
    const key = `${source}->${target}`;
    const edge = edges.get(key) ?? { source, target, labels: [] };
    if (label !== undefined && !edge.labels.includes(label)) edge.labels.push(label);
    edges.set(key, edge);
  };
  const addNode = (node: StepGraphNode) => {
    if (!nodes.some((existing) => existing.id === node.id)) nodes.push(node);
  };

  const modelSteps = model?.steps ?? [];
  const stepNames = new Set(modelSteps.map((step) => step.name));
  const dataInputs = new Map(
    (model?.inputs ?? [])
      .filter((input) => input.kind === 'data')
      .map((input) => [input.name, input]),
  );

  for (const step of modelSteps) {
    const target = stepNodeId(step.name);
    for (const input of step.inputs) {
      const source = input.source;
      if (source.kind === 'pipeline-input') {
        const declared = dataInputs.get(source.inputName);
        if (declared === undefined) continue; // a parameter: shown with the run's parameters
        const assigned = dataPaths[source.inputName];
        const id = `input:${source.inputName}`;
        addNode({
          id,
          kind: StepGraphNodeKinds.dataInput,
          label: source.inputName,
          detail: assigned === undefined ? declared.type : dataPathText(assigned),
        });
        connect(id, target, wireLabel(source.inputName, input.name));
      } else if (source.kind === 'data-path') {
        const id = `path:${step.name}:${input.name}`;
        addNode({
          id,
          kind: StepGraphNodeKinds.dataInput,
          label: input.name,
          detail: `${source.datastore}/${source.path}`,
        });
        connect(id, target);
      } else if (source.kind === 'step-output' && stepNames.has(source.stepName)) {
        connect(stepNodeId(source.stepName), target, wireLabel(source.outputName, input.name));
      }
    }
    for (const dependency of step.dependsOn) {
      if (stepNames.has(dependency)) connect(stepNodeId(dependency), target);
    }
  }

  // Data inputs, then steps in order, then outputs: the layout ranks them; order breaks ties.
  for (const step of modelSteps) {
    nodes.push({
      id: stepNodeId(step.name),
      kind: StepGraphNodeKinds.step,
      label: step.displayName ?? step.name,
      step: stepState(step.name, step.type, step.allowReuse, runsByName.get(step.name), drawsRun),
    });
  }
  // Step runs the model does not know (no model, or another shape): drawn unwired.
  for (const run of stepRuns) {
    if (stepNames.has(run.Name)) continue;
    nodes.push({
      id: stepNodeId(run.Name),
      kind: StepGraphNodeKinds.step,
      label: run.Name,
      step: stepState(run.Name, run.StepType, true, run, true),
    });
  }
  for (const step of modelSteps) {
    for (const output of step.outputs) {
      if (output.pipelineOutput === undefined) continue;
      const id = `output:${output.pipelineOutput}`;
      const written = runsByName.get(step.name)?.Outputs[output.name];
      const declared = model?.outputs.find((candidate) => candidate.name === output.pipelineOutput);
      const detail = written === undefined ? declared?.type : dataPathText(written);
      addNode({
        id,
        kind: StepGraphNodeKinds.dataOutput,
        label: output.pipelineOutput,
        ...(detail === undefined ? {} : { detail }),
      });
      connect(stepNodeId(step.name), id, wireLabel(output.name, output.pipelineOutput));
    }
  }

  return {
    nodes,
    edges: [...edges.entries()].map(([id, edge]) => ({
      id,
      source: edge.source,
      target: edge.target,
      ...(edge.labels.length === 0 ? {} : { label: edge.labels.join(', ') }),
    })),
  };
}
